import { describe, expect, it } from 'vitest';
import type { ServiceRequest } from '#shared/domain/service-request';
import type { QueuePublisher } from '#shared/ports/queue-publisher';
import { acceptOffer, declineOffer } from '#shared/use-cases/answer-offer';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { sweepDue } from '#shared/use-cases/sweep-due';
import { requestFixture, teamFixture } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';

// Races between a team's answer and the deadline sweep, on DynamoDB Local, with time moved by
// the clock port instead of waited for.
const local = useLocalStack();
const noQueue: QueuePublisher = { publish: async () => undefined };
const at = (iso: string) => ({ now: () => new Date(iso) });
const depsAt = (iso: string) => ({ ...local().adapters, publisher: noQueue, clock: at(iso) });

async function registerTeam(id: string, serviceCode: string, capacity: number) {
  await local().adapters.teams.register(teamFixture(id, { services: [serviceCode], capacity }), [serviceCode]);
}

/** `count` requests for `serviceCode`, submitted at `createdAt` and offered at that time. */
async function offeredRequests(serviceCode: string, count: number, createdAt: string): Promise<ServiceRequest[]> {
  const out: ServiceRequest[] = [];
  for (let i = 0; i < count; i++) {
    const request = requestFixture({ serviceCode, description: 'race', createdAt, updatedAt: createdAt });
    await local().adapters.requests.create({ request, events: [], outbox: [] });
    const outcome = await dispatchRequest(depsAt(createdAt), { requestId: request.id, version: 1 });
    expect(outcome.kind).toBe('offered');
    out.push((await local().adapters.requests.get(request.id))!);
  }
  return out;
}

const T0 = '2026-11-29T01:00:00.000Z';
const JUST_BEFORE = '2026-11-29T04:59:59.999Z'; // deadline is T0 + 4 h
const JUST_AFTER = '2026-11-29T05:00:00.001Z';

describe('an answer racing the deadline sweep', () => {
  it('lets exactly one of accept and timeout win, and releases capacity only for a timeout', async () => {
    await registerTeam('racer-a', 'race-accept', 20);
    const requests = await offeredRequests('race-accept', 20, T0);
    const results = await Promise.allSettled([
      ...requests.map((r) => acceptOffer(depsAt(JUST_BEFORE), r.id, 'racer-a')),
      sweepDue(depsAt(JUST_AFTER)),
      sweepDue(depsAt(JUST_AFTER)),
    ]);
    const accepted = results.slice(0, 20).filter((r) => r.status === 'fulfilled').length;
    const stored = await Promise.all(requests.map((r) => local().adapters.requests.get(r.id)));
    expect(stored.filter((r) => r!.status === 'ACCEPTED')).toHaveLength(accepted);
    // Everything the accept lost went through the timeout, once.
    expect(stored.filter((r) => r!.status === 'WAITING' && r!.coolingOff?.['racer-a'] !== undefined)).toHaveLength(20 - accepted);
    expect((await local().adapters.teams.get('racer-a'))!.active).toBe(accepted);
    for (const r of stored) expect(r!.version).toBe(3);
  });

  it('lets exactly one of decline and timeout release the offer', async () => {
    await registerTeam('racer-d', 'race-decline', 20);
    const requests = await offeredRequests('race-decline', 20, T0);
    await Promise.allSettled([
      ...requests.map((r) => declineOffer(depsAt(JUST_BEFORE), r.id, 'racer-d', 'busy')),
      sweepDue(depsAt(JUST_AFTER)),
      sweepDue(depsAt(JUST_AFTER)),
    ]);
    const stored = await Promise.all(requests.map((r) => local().adapters.requests.getWithTimeline(r.id)));
    for (const found of stored) {
      // Busy or lapsed, either way: left out for the cooling-off period.
      expect(found!.request).toMatchObject({ status: 'WAITING', version: 3, coolingOff: { 'racer-d': expect.any(String) } });
      expect(found!.timeline.filter((e) => e.status === 'WAITING')).toHaveLength(1);
    }
    expect((await local().adapters.teams.get('racer-d'))!.active).toBe(0);
  });

  it('leaves no request OFFERED once one sweep has run after the deadline', async () => {
    await registerTeam('slow', 'race-sweep', 10);
    const requests = await offeredRequests('race-sweep', 10, T0);
    await sweepDue(depsAt(JUST_AFTER));
    const stored = await Promise.all(requests.map((r) => local().adapters.requests.get(r.id)));
    expect(stored.filter((r) => r!.status === 'OFFERED')).toEqual([]);
    expect((await local().adapters.teams.get('slow'))!.active).toBe(0);
  });

  it('offers a waiting request to the team that just freed capacity', async () => {
    await registerTeam('single', 'race-free', 1);
    const [first] = await offeredRequests('race-free', 1, T0);
    const waiting = requestFixture({ serviceCode: 'race-free', createdAt: T0, updatedAt: T0 });
    await local().adapters.requests.create({ request: waiting, events: [], outbox: [] });
    expect((await dispatchRequest(depsAt(T0), { requestId: waiting.id, version: 1 })).kind).toBe('waiting');
    await declineOffer(depsAt(T0), first!.id, 'single', 'busy');
    expect(await local().adapters.requests.get(waiting.id)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'single' } });
    expect((await local().adapters.teams.get('single'))!.active).toBe(1);
  });
});
