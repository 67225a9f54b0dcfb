/**
 * What a refusal tells of things outside the caller's area: nothing. A station dispatching by
 * hand learns that a team is paused or full only of a team it may know of; a team learns that a
 * wish was taken only of a wish in the area it serves.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { ConflictError, NotFoundError, ValidationError } from '#shared/domain/errors';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { dispatchByHand } from '#shared/use-cases/admin-requests';
import { claimAsTeam } from '#shared/use-cases/wish-claims';
import { KEDA, requestFixture, teamFixture } from '../../support/fixtures';
import { publishedWish } from '../../support/memory-wish';

const YANBEI = '370911001005';
const STATION = { id: 'staff-1', name: 'station', role: 'station', areaId: KEDA } as const;
let mem: MemoryDeps;

beforeEach(() => {
  mem = memoryDeps({ clock: { now: () => new Date('2026-12-01T02:00:00.000Z') }, services: demoServices, areas: demoAreas });
});

describe('refusals outside the caller’s area', () => {
  it('dispatch by hand: paused is said of the station’s own team, a team of another district is only not a candidate', async () => {
    await mem.teams.register(teamFixture('own-paused', { paused: true }), ['appliance-repair']);
    await mem.teams.register(teamFixture('far-paused', { paused: true, stationAreaId: YANBEI, servesAreaId: YANBEI }), [
      'appliance-repair',
    ]);
    await mem.teams.register(teamFixture('far-running', { stationAreaId: YANBEI, servesAreaId: YANBEI }), ['appliance-repair']);
    const request = requestFixture({ status: 'ESCALATED', areaId: KEDA });
    await mem.requests.create({ request, events: [], outbox: [] });
    const dispatch = (teamId: string) => dispatchByHand(mem, STATION, request.id, { teamId, version: request.version });

    await expect(dispatch('own-paused')).rejects.toBeInstanceOf(ConflictError);
    // The far team paused or running, or no team at all: the same answer.
    for (const teamId of ['far-paused', 'far-running', 'nobody']) {
      const refusal = await dispatch(teamId).catch((error: unknown) => error);
      expect(refusal, teamId).toBeInstanceOf(ValidationError);
      expect((refusal as ValidationError).issues).toEqual([{ field: 'teamId', message: 'Not a team this request can be dispatched to' }]);
    }
  });

  it('a team claiming a wish outside the area it serves: 404, taken or not', async () => {
    await mem.teams.register(teamFixture('near', { servesAreaId: KEDA, services: ['micro-wish'] }), ['micro-wish']);
    await mem.teams.register(teamFixture('far', { stationAreaId: YANBEI, servesAreaId: YANBEI, services: ['micro-wish'] }), ['micro-wish']);
    const ours = await publishedWish(mem, KEDA);
    await claimAsTeam(mem, 'near', ours);
    await expect(claimAsTeam(mem, 'far', ours)).rejects.toBeInstanceOf(NotFoundError);
    const open = await publishedWish(mem, KEDA, '一副老花镜');
    await expect(claimAsTeam(mem, 'far', open)).rejects.toBeInstanceOf(NotFoundError);
    // Inside its area, a taken wish is still told as taken.
    await mem.teams.register(teamFixture('also-near', { servesAreaId: KEDA, services: ['micro-wish'] }), ['micro-wish']);
    await expect(claimAsTeam(mem, 'also-near', ours)).rejects.toBeInstanceOf(ConflictError);
  });
});
