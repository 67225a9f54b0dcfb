import { describe, expect, it } from 'vitest';
import { ConflictError } from '#shared/domain/errors';
import { escalate } from '#shared/domain/offer-lifecycle';
import { manualDispatchCandidates } from '#shared/use-cases/manual-dispatch-candidates';
import { requestFixture, teamFixture } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';

const local = useLocalStack();
const clock = { now: () => new Date() };

describe('an escalated request', () => {
  it('is in the center’s queue, and teams one level further up become eligible for manual dispatch', async () => {
    const { requests, teams } = local().adapters;
    const service = 'escalation-test';
    await teams.register(teamFixture('street-team', { services: [service], servesAreaId: '370902003' }), [service]);
    await teams.register(
      teamFixture('neighbour', {
        services: [service],
        stationAreaId: '370902003001',
        servesAreaId: '370902003001',
      }),
      [service],
    );
    await teams.register(
      teamFixture('other-street', {
        services: [service],
        stationAreaId: '370902001012',
        servesAreaId: '370902001012',
      }),
      [service],
    );
    const submitted = requestFixture({ serviceCode: service });
    await requests.create({ request: submitted, events: [], outbox: [] });
    await expect(manualDispatchCandidates({ ...local().adapters, clock }, submitted.id)).rejects.toBeInstanceOf(ConflictError);

    const { after, event } = escalate(submitted, new Date());
    await requests.changeStatus({ before: submitted, after, event });
    expect((await requests.escalated(100)).map((r) => r.id)).toContain(submitted.id);

    const candidates = await manualDispatchCandidates({ ...local().adapters, clock }, submitted.id);
    expect(candidates.map((c) => [c.team.id, c.widened])).toEqual([
      ['street-team', false],
      ['neighbour', true],
    ]);
  });
});
