import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { parseCompletion } from '#shared/domain/completion';
import { parseSubmission } from '#shared/domain/submission';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { acceptOffer } from '#shared/use-cases/answer-offer';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { offerWaitingTo } from '#shared/use-cases/offer-waiting';
import { submitRequest } from '#shared/use-cases/submit-request';
import { completeRequest } from '#shared/use-cases/team-work';
import { KEDA, teamFixture } from '../../support/fixtures';
import { validSubmission } from '../../support/http';

/** 堰北社区, 岱岳区: no team here serves it. */
const YANBEI = '370911001005';
let mem: MemoryDeps;
let now: Date;
const stored = (id: string) => mem.requests.requests.get(id)!;

async function submitted(areaId: string, urgency: 'normal' | 'urgent' = 'normal'): Promise<string> {
  const { submitted } = await submitRequest(mem, { submission: parseSubmission(validSubmission({ areaId, urgency })), channel: 'api' });
  await dispatchRequest(mem, { requestId: submitted.id, version: 1 });
  now = new Date(now.getTime() + 1000);
  return submitted.id;
}

beforeEach(async () => {
  now = new Date('2026-03-09T02:00:00.000Z');
  mem = memoryDeps({ services: demoServices, areas: demoAreas, clock: { now: () => now } });
  await mem.teams.register(teamFixture('a', { stationAreaId: KEDA, servesAreaId: '370902', capacity: 1, services: ['appliance-repair'] }), [
    'appliance-repair',
  ]);
  // A paused team serves 岱岳区: its requests wait in the line (with none that could ever take them, they would go to the center at once).
  await mem.teams.register(teamFixture('standby', { stationAreaId: YANBEI, servesAreaId: '370911', paused: true }), ['appliance-repair']);
});

describe('a team freeing capacity', () => {
  it('is offered a request waiting in its area behind many from areas it does not serve', async () => {
    const held = await submitted(KEDA);
    for (let i = 0; i < 30; i++) await submitted(YANBEI, 'urgent');
    const mine = await submitted(KEDA);
    expect(stored(mine).status).toBe('WAITING');
    await acceptOffer(mem, held, 'a');
    now = new Date(now.getTime() + 90 * 60_000);
    await completeRequest(mem, held, 'a', parseCompletion({ hours: [{ volunteer: '小李', minutes: 60 }] }));
    expect(stored(mine)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'a' } });
  });

  it('takes the urgent one of its area first, then the oldest', async () => {
    const held = await submitted(KEDA);
    const older = await submitted('370902001012');
    const urgent = await submitted(KEDA, 'urgent');
    await acceptOffer(mem, held, 'a');
    now = new Date(now.getTime() + 90 * 60_000);
    await completeRequest(mem, held, 'a', parseCompletion({ hours: [{ volunteer: '小李', minutes: 60 }] }));
    expect(stored(urgent).status).toBe('OFFERED');
    expect(stored(older).status).toBe('WAITING');
  });

  it('dispatches nothing for a team that cannot take work: on a day off, paused or full', async () => {
    for (let i = 0; i < 30; i++) await submitted(KEDA); // the first is offered to a, the rest wait
    let dispatches = 0;
    const get = mem.requests.get.bind(mem.requests);
    mem.requests.get = async (id) => {
      dispatches++; // each dispatch reads its request first
      return get(id);
    };
    for (const state of [
      { blackoutDates: ['2026-03-09'], active: 0 },
      { blackoutDates: [], paused: true },
      { paused: false, active: 1 },
    ]) {
      mem.teams.patch('a', state);
      expect(await offerWaitingTo(mem, 'a')).toBe(0);
    }
    expect(dispatches).toBe(0);
  });

  it('stops once a dispatch finds the team taking no more (paused meanwhile)', async () => {
    for (let i = 0; i < 30; i++) await submitted(KEDA);
    mem.teams.patch('a', { active: 0 });
    let reads = 0;
    const get = mem.requests.get.bind(mem.requests);
    mem.requests.get = async (id) => {
      // Paused right after it was read as free: every dispatch from here on finds nobody.
      if (reads++ === 0) mem.teams.patch('a', { paused: true });
      return get(id);
    };
    expect(await offerWaitingTo(mem, 'a')).toBe(0);
    expect(reads).toBe(1);
  });

  it('goes on when a request is left waiting while the team, read again, still takes work', async () => {
    mem.teams.patch('a', { paused: true });
    const first = await submitted(KEDA);
    const second = await submitted(KEDA);
    mem.teams.patch('a', { paused: false });
    const candidates = mem.teams.candidates.bind(mem.teams);
    let calls = 0;
    mem.teams.candidates = async (serviceCode, areaIds) => {
      const teams = await candidates(serviceCode, areaIds);
      // The first dispatch loads the team full: the unit it held was given back just after.
      return calls++ === 0 ? teams.map((t) => ({ ...t, active: t.capacity })) : teams;
    };
    expect(await offerWaitingTo(mem, 'a')).toBe(1);
    expect(stored(first).status).toBe('WAITING');
    expect(stored(second)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'a' } });
  });

  it('reads each service’s line for its free units and a few more, however many wait', async () => {
    for (let i = 0; i < 30; i++) await submitted(KEDA);
    mem.teams.patch('a', { active: 0, capacity: 2 });
    const limits: number[] = [];
    const waiting = mem.requests.waiting.bind(mem.requests);
    mem.requests.waiting = async (serviceCode, areaId, limit) => {
      limits.push(limit);
      return waiting(serviceCode, areaId, limit);
    };
    expect(await offerWaitingTo(mem, 'a')).toBe(2);
    // 2 free units and 8 (`MARGIN`) for those it is excluded from or another team takes.
    expect(limits).toEqual([10]);
  });

  it('is offered a request waiting behind more it declined than its free units and the margin read', async () => {
    mem.teams.patch('a', { paused: true });
    const declined: string[] = [];
    for (let i = 0; i < 9; i++) declined.push(await submitted(KEDA));
    const open = await submitted(KEDA);
    for (const id of declined) mem.requests.requests.set(id, { ...stored(id), excludedTeams: ['a'] });
    mem.teams.patch('a', { paused: false });
    expect(await offerWaitingTo(mem, 'a')).toBe(1);
    expect(stored(open)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'a' } });
    expect(declined.map((id) => stored(id).status)).toEqual(declined.map(() => 'WAITING'));
  });
});

describe('a team changed by another call while it is offered waiting requests', () => {
  /** Waiting requests in 科大社区; `a`, paused while they were submitted, free for 3. */
  async function threeWaiting(): Promise<string[]> {
    mem.teams.patch('a', { paused: true });
    const ids = [await submitted(KEDA), await submitted(KEDA), await submitted(KEDA)];
    mem.teams.patch('a', { paused: false, capacity: 3 });
    return ids;
  }
  /** Right after `a`'s first offer, `changes` are made to it (as admin-teams does, in another Lambda). */
  function changedAfterFirstOffer(changes: Parameters<typeof mem.teams.update>[1], handles: string[]): void {
    const reserve = mem.requests.reserveOffer.bind(mem.requests);
    let changed = false;
    mem.requests.reserveOffer = async (reservation) => {
      const outcome = await reserve(reservation);
      if (!changed && outcome === 'offered') {
        changed = true;
        await mem.teams.update('a', changes, { handles: () => handles });
      }
      return outcome;
    };
  }

  it('is offered no more of the area it was moved away from', async () => {
    const [first, ...rest] = await threeWaiting();
    changedAfterFirstOffer({ servesAreaId: '370911' }, ['appliance-repair']);
    expect(await offerWaitingTo(mem, 'a')).toBe(1);
    expect(stored(first!)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'a' } });
    for (const id of rest) expect(stored(id)).toMatchObject({ status: 'WAITING' });
  });

  it('is offered no more of a service taken from it', async () => {
    const [first, ...rest] = await threeWaiting();
    changedAfterFirstOffer({ services: ['mediation'] }, ['mediation']);
    expect(await offerWaitingTo(mem, 'a')).toBe(1);
    expect(stored(first!)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'a' } });
    for (const id of rest) expect(stored(id)).toMatchObject({ status: 'WAITING' });
  });

  it('is offered, on its new area, what waits there', async () => {
    const [first, ...rest] = await threeWaiting();
    mem.teams.patch('a', { paused: true });
    const there = await submitted(YANBEI);
    mem.teams.patch('a', { paused: false });
    changedAfterFirstOffer({ servesAreaId: '370911' }, ['appliance-repair']);
    expect(await offerWaitingTo(mem, 'a')).toBe(2);
    expect(stored(first!).offer?.teamId).toBe('a');
    expect(stored(there)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'a' } });
    for (const id of rest) expect(stored(id).status).toBe('WAITING');
  });
});
