import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { ConflictError, NotFoundError, ValidationError } from '#shared/domain/errors';
import { takeBack } from '#shared/domain/admin-actions';
import { parseSubmission } from '#shared/domain/submission';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import {
  cancelByAdmin,
  dispatchByHand,
  listRequests,
  rateForResident,
  reassign,
  rejectRequest,
  reopenForResident,
  requestDetail,
} from '#shared/use-cases/admin-requests';
import { acceptOffer } from '#shared/use-cases/answer-offer';
import { sweepDue } from '#shared/use-cases/sweep-due';
import { completeRequest } from '#shared/use-cases/team-work';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { submitRequest } from '#shared/use-cases/submit-request';
import { rateRequest, reopenRequest } from '#shared/use-cases/resident-feedback';
import { ActionAlreadyDoneError } from '#shared/domain/resident-feedback';
import { requestFixture, teamFixture } from '../../support/fixtures';
import { validSubmission } from '../../support/http';

const CENTER = { id: 'staff-1', name: 'center', role: 'center' } as const;
let mem: MemoryDeps;
/** The clock; a team's visit moves it on (a report has no more minutes than the time since acceptance). */
let clock: Date;

/** Each submitted request's access token (the resident's link), by id. */
const accessTokens = new Map<string, string>();

async function submitted(channel: 'api' | 'web' | 'proxy' = 'api'): Promise<string> {
  const submission = parseSubmission(validSubmission());
  const { submitted } = await submitRequest(mem, { submission, channel, ...(channel === 'proxy' ? { proxiedBy: '科大社区 王站长' } : {}) });
  await dispatchRequest(mem, { requestId: submitted.id, version: 1 });
  accessTokens.set(submitted.id, submitted.accessToken);
  return submitted.id;
}

beforeEach(async () => {
  clock = new Date('2026-03-09T02:00:00.000Z');
  mem = memoryDeps({ services: demoServices, areas: demoAreas, clock: { now: () => clock } });
  const team = (id: string, rating: number) =>
    teamFixture(id, { name: { zh: id, en: id }, servesAreaId: '370902', capacity: 1, rating, services: ['appliance-repair'] });
  await mem.teams.register(team('a', 5), ['appliance-repair']);
  await mem.teams.register(team('b', 4), ['appliance-repair']);
});

describe('reassigning when the second write loses', () => {
  it('says why it lost, and gives the old team’s freed unit to a request waiting for it', async () => {
    const first = await submitted(); // offered to a
    await submitted(); // offered to b
    const waiting = await submitted(); // both full
    expect(mem.requests.requests.get(waiting)!.status).toBe('WAITING');
    mem.teams.patch('b', { capacity: 2 });
    // Between the check and the offer, b fills up.
    const reserve = mem.requests.reserveOffer.bind(mem.requests);
    mem.requests.reserveOffer = async (r) => (r.teamId === 'b' ? 'team-unavailable' : reserve(r));
    const refused = await reassign(mem, CENTER, first, { teamId: 'b', reason: '队员生病' }).catch((e: unknown) => e);
    expect(refused).toEqual(new ConflictError('Taken back, but the chosen team filled up meanwhile; it waits for automatic dispatch'));
    expect(mem.requests.requests.get(first)).toMatchObject({ status: 'WAITING', excludedTeams: ['a'] });
    // a's unit went to the request that was waiting, not back to the one taken from it.
    expect(mem.requests.requests.get(waiting)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'a' } });
  });

  it('dispatches a request whose chosen team filled up at once; taken back, it is due now, not at a backed-off re-check', async () => {
    const first = await submitted(); // offered to a
    expect(takeBack(mem.requests.requests.get(first)!, CENTER, '队员生病', clock).after.dueAt).toBe(clock.toISOString());
    // Every offer by hand finds its team full; automatic dispatch then offers it to b, free again.
    const reserve = mem.requests.reserveOffer.bind(mem.requests);
    mem.requests.reserveOffer = async (r) => (r.event.actor === 'admin' ? 'team-unavailable' : reserve(r));
    await expect(reassign(mem, CENTER, first, { teamId: 'b', reason: '队员生病' })).rejects.toThrow(/filled up meanwhile/);
    expect(mem.requests.requests.get(first)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'b' }, excludedTeams: ['a'] });
  });

  it('tells staff the request changed meanwhile when something else moved it, not that the team filled up', async () => {
    const first = await submitted();
    const reserve = mem.requests.reserveOffer.bind(mem.requests);
    mem.requests.reserveOffer = async (r) => (r.teamId === 'b' ? 'request-changed' : reserve(r));
    const refused = await reassign(mem, CENTER, first, { teamId: 'b', reason: '队员生病' }).catch((e: unknown) => e);
    expect((refused as Error).message).toContain('it changed meanwhile');
  });
});

describe('actions from a page loaded before another change', () => {
  it('are refused (409) with the version the page showed, and change nothing; reassign without one acts as before', async () => {
    const id = await submitted(); // offered to a, version 2
    const seen = mem.requests.requests.get(id)!.version;
    // Staff B reassigns a -> b; staff A, still looking at "offered to a", then acts on what they saw.
    await reassign(mem, CENTER, id, { teamId: 'b', reason: 'B: a 人手不足', version: seen });
    const moved = mem.requests.requests.get(id)!;
    expect(moved.offer!.teamId).toBe('b');
    for (const attempt of [
      reassign(mem, { ...CENTER, id: 'A' }, id, { teamId: 'a', reason: 'A: 旧页面', version: seen }),
      cancelByAdmin(mem, CENTER, id, { reason: '旧页面', version: seen }),
      rejectRequest(mem, CENTER, id, { reason: '旧页面', version: seen }),
      dispatchByHand(mem, CENTER, id, { teamId: 'a', version: seen }),
    ]) {
      const refused = await attempt.catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ConflictError);
      expect((refused as Error).message).toContain('changed since you loaded it (it is OFFERED now)');
    }
    expect(mem.requests.requests.get(id)).toEqual(moved);
    // With the version it has now, it acts.
    expect(await cancelByAdmin(mem, CENTER, id, { reason: '居民来电', version: moved.version })).toMatchObject({ status: 'CANCELLED' });
  });

  it('requires the version for dispatch, reject and cancel (400 naming it)', async () => {
    const id = await submitted();
    for (const attempt of [
      cancelByAdmin(mem, CENTER, id, { reason: 'x' }),
      rejectRequest(mem, CENTER, id, { reason: 'x' }),
      dispatchByHand(mem, CENTER, id, { teamId: 'b' }),
      cancelByAdmin(mem, CENTER, id, { reason: 'x', version: '2' }),
    ]) {
      const refused = await attempt.catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ValidationError);
      expect((refused as ValidationError).issues.map((i) => i.field)).toEqual(['version']);
    }
  });

  it('refuses a blank team (400 naming teamId) before looking at the request’s state, and changes nothing', async () => {
    const id = await submitted(); // OFFERED: dispatching by hand would be a 409
    const before = mem.requests.requests.get(id)!;
    for (const teamId of ['\u200b', '  ', '\u202e'])
      for (const attempt of [
        dispatchByHand(mem, CENTER, id, { teamId, version: before.version }),
        reassign(mem, CENTER, id, { teamId, reason: '换队', version: before.version }),
      ]) {
        const refused = await attempt.catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(ValidationError);
        expect((refused as ValidationError).issues).toEqual([{ field: 'teamId', message: 'Choose a team' }]);
      }
    expect(mem.requests.requests.get(id)).toEqual(before);
  });
});

describe('回访: staff pass on the resident’s word, given on the phone', () => {
  const KEDA_STAFF = { id: 'staff-2', name: '科大社区 王站长', role: 'station', areaId: '370902003009' } as const;
  const ELSEWHERE = { id: 'staff-3', name: '堰北社区', role: 'station', areaId: '370911001005' } as const;

  async function completed(channel: 'api' | 'web' | 'proxy' = 'proxy'): Promise<string> {
    const id = await submitted(channel);
    await acceptOffer(mem, id, 'a');
    clock = new Date(clock.getTime() + 90 * 60_000);
    await completeRequest(mem, id, 'a', { hours: [{ volunteer: '小李', minutes: 60 }] });
    return id;
  }

  it('records the rating, which closes the request, and the sweep credits the volunteers', async () => {
    const id = await completed();
    expect(await rateForResident(mem, ELSEWHERE, id, { stars: 4 }).catch((e: unknown) => e)).toBeInstanceOf(NotFoundError);
    const after = await rateForResident(mem, KEDA_STAFF, id, { stars: 4, comment: '电话回访：很满意' });
    expect(after).toMatchObject({
      status: 'CLOSED',
      rating: { stars: 4, comment: '电话回访：很满意', by: 'staff-2' },
      creditsPending: true,
    });
    expect(mem.requests.requests.get(id)!.rating!.by).toBe('staff-2');
    expect(mem.requests.events.at(-1)).toMatchObject({ actor: 'admin', detail: expect.stringContaining('科大社区 王站长') });
    await sweepDue(mem);
    expect([...mem.credits.earned.values()]).toMatchObject([{ requestId: id, volunteerKey: 'a:小李', hours: 1 }]);
    expect(await rateForResident(mem, KEDA_STAFF, id, { stars: 5 }).catch((e: unknown) => e)).toBeInstanceOf(ConflictError);
  });

  it('records it for a request the resident ordered themselves (the link lost), the first of staff and resident winning', async () => {
    const rated = await completed('web');
    expect(await rateForResident(mem, KEDA_STAFF, rated, { stars: 5 })).toMatchObject({
      status: 'CLOSED',
      rating: { stars: 5, by: 'staff-2' },
    });
    expect(mem.requests.events.at(-1)).toMatchObject({ actor: 'admin', detail: expect.stringContaining('回访代录') });
    // The resident's own link, a moment later: the request is no longer waiting for a word.
    const token = accessTokens.get(rated)!;
    expect(await rateRequest(mem, rated, token, { stars: 3 }).catch((e: unknown) => e)).toBeInstanceOf(ConflictError);
    expect(mem.requests.requests.get(rated)!.rating).toMatchObject({ stars: 5, by: 'staff-2' });

    const reopened = await completed('web');
    expect(await reopenForResident(mem, KEDA_STAFF, reopened)).toMatchObject({ status: 'WAITING', preferredTeam: 'a' });
    expect(mem.requests.events.at(-1)).toMatchObject({ actor: 'admin', detail: expect.stringContaining('回访代录') });
    // The resident then taps 重新派单 on their own link: it is reopened, so done, not "not done" (review 62).
    const staffReopened = mem.requests.requests.get(reopened);
    await expect(reopenRequest(mem, reopened, accessTokens.get(reopened)!)).rejects.toBeInstanceOf(ActionAlreadyDoneError);
    expect(mem.requests.requests.get(reopened)).toEqual(staffReopened);
    // The resident rated first: staff's word comes too late, and changes nothing.
    const first = await completed('web');
    await rateRequest(mem, first, accessTokens.get(first)!, { stars: 2 });
    const before = mem.requests.requests.get(first);
    expect(await rateForResident(mem, KEDA_STAFF, first, { stars: 5 }).catch((e: unknown) => e)).toBeInstanceOf(ConflictError);
    expect(await reopenForResident(mem, KEDA_STAFF, first).catch((e: unknown) => e)).toBeInstanceOf(ConflictError);
    expect(mem.requests.requests.get(first)).toEqual(before);
    // Station scope still applies.
    expect(await rateForResident(mem, ELSEWHERE, first, { stars: 5 }).catch((e: unknown) => e)).toBeInstanceOf(NotFoundError);
  });

  it('reopens when the problem is back, dispatching it again', async () => {
    const id = await completed();
    const after = await reopenForResident(mem, KEDA_STAFF, id);
    expect(after).toMatchObject({ status: 'WAITING', preferredTeam: 'a', earlierCompletions: [{ hours: [{ volunteer: '小李' }] }] });
    expect(mem.publisher.sent.at(-1)).toMatchObject({ queue: 'dispatch', requestId: id });
  });
});

describe('a request’s detail for staff', () => {
  it('has the answers to the service’s own fields by their labels and option names', async () => {
    const submission = parseSubmission(
      validSubmission({
        serviceCode: 'elderly-visit',
        description: '想请人陪老人聊聊天',
        attributes: { livesAlone: true, mobility: 'bedridden' },
      }),
    );
    const { submitted } = await submitRequest(mem, { submission, channel: 'api' });
    const detail = await requestDetail(mem, CENTER, submitted.id);
    expect(detail.answers).toEqual([
      { code: 'livesAlone', label: { zh: '是否独居', en: 'Lives alone' }, value: { zh: '是', en: 'Yes' } },
      { code: 'mobility', label: { zh: '行动能力', en: 'Mobility' }, value: { zh: '卧床', en: 'Bedridden' } },
    ]);
  });
});

describe('the request queue, page by page', () => {
  let now: Date;
  const ids: string[] = [];

  beforeEach(async () => {
    now = new Date('2026-03-10T02:00:00.000Z');
    mem = memoryDeps({ services: demoServices, areas: demoAreas, clock: { now: () => now } });
    ids.length = 0;
    for (let i = 0; i < 5; i++) {
      // Two of them in the same millisecond: the id orders them.
      if (i !== 3) now = new Date(now.getTime() + 60_000);
      const { submitted } = await submitRequest(mem, { submission: parseSubmission(validSubmission()), channel: 'api' });
      ids.push(submitted.id);
    }
  });

  async function allPages(query: Record<string, string>): Promise<{ pages: string[][]; last: unknown }> {
    const pages: string[][] = [];
    let after: string | undefined;
    for (;;) {
      const page = await listRequests(mem, CENTER, { ...query, limit: '2', ...(after ? { after } : {}) });
      pages.push(page.requests.map((r) => r.id));
      if (!page.truncated) return { pages, last: page };
      expect(page.next).toEqual(expect.any(String));
      after = page.next;
    }
  }

  it('gives every request once, newest first, with `next` for the page after until the last page', async () => {
    const created = (id: string) => mem.requests.requests.get(id)!.createdAt + id;
    const newestFirst = [...ids].sort((a, b) => (created(a) < created(b) ? 1 : -1));
    const { pages, last } = await allPages({});
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(newestFirst);
    expect(last).toEqual({ requests: expect.any(Array), period: { from: '2026-02-09', to: '2026-03-10' }, truncated: false });
  });

  it('gives the oldest first when asked, the longest waiting at the top of an overdue list', async () => {
    const { pages } = await allPages({ order: 'oldest' });
    expect(pages.flat()).toEqual([...(await allPages({})).pages.flat()].reverse());
  });

  it('lists the last 30 days by default, today included, as the statistics count them', async () => {
    const listed = async () => (await listRequests(mem, CENTER, {})).requests.length;
    // Ordered on 10 March in Beijing: 8 April is the 30th day from it, 9 April the 31st.
    now = new Date('2026-04-08T15:59:00.000Z');
    expect(await listed()).toBe(ids.length);
    now = new Date('2026-04-08T16:00:00.000Z');
    expect(await listed()).toBe(0);
  });

  it('lists open requests (an open status, or overdue) back twelve calendar months unless asked, and says the period', async () => {
    now = new Date('2027-02-27T02:00:00.000Z');
    const open = { from: '2026-03-01', to: '2027-02-27' };
    for (const query of [{ status: 'SUBMITTED' }, { overdue: 'true' }]) {
      const page = await listRequests(mem, CENTER, query);
      expect(page.period).toEqual(open);
      expect(page.requests.map((r) => r.id).sort()).toEqual([...ids].sort());
    }
    // Past the longest period, and a closed status or no filter: the last 30 days.
    expect(await listRequests(mem, CENTER, { status: 'CLOSED' })).toMatchObject({ period: { from: '2027-01-29' }, requests: [] });
    expect(await listRequests(mem, CENTER, {})).toMatchObject({ period: { from: '2027-01-29', to: '2027-02-27' }, requests: [] });
    now = new Date('2027-03-01T02:00:00.000Z');
    expect(await listRequests(mem, CENTER, { status: 'SUBMITTED' })).toMatchObject({ period: { from: '2026-04-01' }, requests: [] });
    // Asked, the period is the one asked.
    const asked = await listRequests(mem, CENTER, { status: 'SUBMITTED', from: '2026-03-10', to: '2026-03-10' });
    expect(asked.period).toEqual({ from: '2026-03-10', to: '2026-03-10' });
    expect(asked.requests).toHaveLength(ids.length);
  });

  it('reads the months a page spans, not the whole period: 5,000 requests over 12 months, pages of 50 (review 54)', async () => {
    // One request every 105 minutes back from now (5,000 in about a year), on top of the five above.
    for (let i = 0; i < 5_000; i++) {
      const at = new Date(now.getTime() - (i + 1) * 105 * 60_000).toISOString();
      await mem.requests.create({ request: requestFixture({ createdAt: at, updatedAt: at }), events: [], outbox: [] });
    }
    let read = 0;
    const listCreated = mem.requests.listCreated.bind(mem.requests);
    mem.requests.listCreated = async (...args) => {
      const found = await listCreated(...args);
      read += found.length;
      return found;
    };
    const period = { from: '2025-04-01', to: '2026-03-31', limit: '50' };
    const first = await listRequests(mem, CENTER, period);
    expect(first.requests).toHaveLength(50);
    const firstRead = read;
    read = 0;
    const second = await listRequests(mem, CENTER, { ...period, after: first.next! });
    expect(second.requests.map((r) => r.id)).not.toContain(first.requests.at(-1)!.id);
    // A month holds about 410 of them (March: 9 days, about 130); the whole period about 5,000.
    expect(firstRead).toBeLessThan(1_000);
    expect(read).toBeLessThan(1_000);
    const oldest = await listRequests(mem, CENTER, { ...period, order: 'oldest' });
    expect(oldest.requests[0]!.createdAt < first.requests.at(-1)!.createdAt).toBe(true);
  });

  it('refuses a cursor it did not give', async () => {
    await expect(listRequests(mem, CENTER, { after: 'page-2' })).rejects.toMatchObject({
      issues: [{ field: 'after', message: 'The `next` of the page before' }],
    });
  });
});
