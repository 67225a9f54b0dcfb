import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '#shared/domain/errors';
import type { Team } from '#shared/domain/team';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { acceptOffer, declineOffer } from '#shared/use-cases/answer-offer';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { setTeamPaused } from '#shared/use-cases/admin-teams';
import { submitRequest } from '#shared/use-cases/submit-request';
import { FAILED_RETRY_MINUTES, sweepDue } from '#shared/use-cases/sweep-due';
import { residentSubmission, teamFixture } from '../../support/fixtures';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { MemoryCatalog } from '#shared/adapters/memory/reference-data';

const HOUR = 3600_000;
const CENTER = { id: 'staff-1', name: 'center', role: 'center' } as const;

const team = (id: string, overrides: Partial<Team> = {}): Team =>
  teamFixture(id, { name: { zh: id, en: id }, servesAreaId: '370902', capacity: 1, rating: 4.5, ...overrides });

let mem: MemoryDeps;
let store: MemoryDeps['requests'];
let publisher: MemoryDeps['publisher'];
let now: Date;
const deps = () => mem;
const request = (id: string) => store.requests.get(id)!;
const active = (teamId: string) => mem.teams.teams.get(teamId)!.active;

async function offered(overrides: Record<string, unknown> = {}): Promise<string> {
  const submission = residentSubmission('appliance-repair', overrides);
  const { submitted } = await submitRequest(deps(), { submission, channel: 'api' });
  await dispatchRequest(deps(), { requestId: submitted.id, version: 1 });
  return submitted.id;
}

/** Delivers every queued dispatch message, as the queue consumer would. */
async function deliverQueued() {
  const messages = publisher.sent.splice(0);
  for (const m of messages) await dispatchRequest(deps(), m.body as { requestId: string; version: number });
}

beforeEach(async () => {
  mem = memoryDeps({ clock: { now: () => now }, services: demoServices, areas: demoAreas });
  store = mem.requests;
  publisher = mem.publisher;
  now = new Date('2026-11-29T02:00:00.000Z');
  await mem.teams.register(team('a', { rating: 5 }), ['appliance-repair']);
  await mem.teams.register(team('b'), ['appliance-repair']);
});

describe('a team answering an offer', () => {
  it('accepts before the deadline and keeps its capacity taken', async () => {
    const id = await offered();
    expect(request(id).offer!.teamId).toBe('a');
    await acceptOffer(deps(), id, 'a');
    expect(request(id)).toMatchObject({ status: 'ACCEPTED', assignedTeam: { id: 'a', name: 'a' } });
    // Due again for its completion deadline's reminder (completion-deadline.test.ts), no longer for the offer's.
    expect(request(id).dueAt).not.toBe(request(id).offer?.deadline);
    expect(request(id).offer).toBeUndefined();
    expect(active('a')).toBe(1);
  });

  it('tells a team that accepts twice, or taps twice at once, that it holds the order, taking its capacity once', async () => {
    const id = await offered();
    const [first, second] = await Promise.all([acceptOffer(deps(), id, 'a'), acceptOffer(deps(), id, 'a')]);
    expect([first.status, second.status]).toEqual(['ACCEPTED', 'ACCEPTED']);
    expect(await acceptOffer(deps(), id, 'a')).toMatchObject({
      status: 'ACCEPTED',
      assignedTeam: { id: 'a' },
      version: request(id).version,
    });
    expect(active('a')).toBe(1);
    expect(store.events.filter((e) => e.requestId === id && e.status === 'ACCEPTED')).toHaveLength(1);
  });

  it('is refused after the deadline, and another team cannot accept at all', async () => {
    const id = await offered();
    await expect(acceptOffer(deps(), id, 'b')).rejects.toBeInstanceOf(NotFoundError);
    now = new Date(now.getTime() + 4 * HOUR + 1);
    await expect(acceptOffer(deps(), id, 'a')).rejects.toThrow(new ConflictError('This offer expired at its deadline'));
  });

  it('refuses a decline by team token after the deadline, as it refuses an accept: the sweep lets the offer lapse', async () => {
    const id = await offered();
    now = new Date(now.getTime() + 4 * HOUR + 1);
    await expect(declineOffer(deps(), id, 'a', 'busy')).rejects.toThrow(new ConflictError('This offer expired at its deadline'));
    expect(request(id)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'a' } });
    expect(active('a')).toBe(1);
    await sweepDue(deps());
    expect(store.events.filter((e) => e.requestId === id).at(-1)).toMatchObject({ status: 'WAITING', release: { cause: 'timeout' } });
  });

  it('declines: capacity comes back once, and the request goes to the next team, not back to this one while it cools off', async () => {
    const id = await offered();
    await declineOffer(deps(), id, 'a', 'busy');
    expect(active('a')).toBe(0);
    expect(request(id)).toMatchObject({ status: 'WAITING', coolingOff: { a: new Date(now.getTime() + 2 * HOUR).toISOString() } });
    expect(request(id).excludedTeams).toBeUndefined();
    // The resident reads why in words, not a code.
    expect(store.events.at(-1)!.message).toEqual({
      zh: 'a 婉拒了派单（人手不足，暂时忙不过来）；正在寻找其他服务队',
      en: 'a declined (too busy right now); looking for another team',
    });
    await expect(declineOffer(deps(), id, 'a', 'busy')).rejects.toBeInstanceOf(ConflictError);
    expect(active('a')).toBe(0);
    await deliverQueued();
    expect(request(id)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'b' }, offersMade: 2 });
  });
});

describe('the sweep', () => {
  it('goes on with the other requests when one fails, reports it, and tries it again a few minutes later', async () => {
    const first = await offered();
    await mem.teams.register(team('c', { servesAreaId: '3709', services: ['elderly-visit'] }), ['elderly-visit']);
    const second = await offered({ serviceCode: 'elderly-visit', attributes: { livesAlone: true } });
    now = new Date(now.getTime() + 5 * 24 * HOUR);
    class ThrottledCatalog extends MemoryCatalog {
      override async getService(code: string) {
        if (code === 'appliance-repair') throw Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' });
        return super.getService(code);
      }
    }
    const failing = { ...deps(), catalog: new ThrottledCatalog({ services: demoServices }) };
    const outcome = await sweepDue(failing);
    expect(outcome.failures).toEqual([{ requestId: first, error: 'ProvisionedThroughputExceededException' }]);
    // Days after the deadlines: the system was away, so the offers end as no lapse of the teams'.
    expect(outcome).toMatchObject({ failed: 1, unreached: 1 });
    // Offered again at once, with a fresh window (its only team may have it again).
    expect(request(second).offer?.offeredAt).toBe(now.toISOString());
    expect(request(first).status).toBe('OFFERED');
    expect(await sweepDue(deps())).toMatchObject({ failed: 0, unreached: 0 });
    now = new Date(now.getTime() + FAILED_RETRY_MINUTES * 60_000);
    expect(await sweepDue(deps())).toMatchObject({ failed: 0, unreached: 1 });
  });

  it('is not held up by a full batch of requests it cannot finish: failing ones wait, escalated ones leave the list', async () => {
    // Filed at an expiry long ago (before escalated requests stopped expiring): none expires, each leaves the list.
    mem.teams.patch('a', { paused: true });
    mem.teams.patch('b', { paused: true });
    const escalated: string[] = [];
    for (let i = 0; i < 101; i++) escalated.push(await offered({ urgency: 'urgent' }));
    for (const id of escalated) await store.update(request(id), { ...request(id), status: 'ESCALATED', dueAt: '2026-11-29T02:00:00.000Z' });
    const catalog = new MemoryCatalog({ services: demoServices.map((s) => (s.code === 'appliance-repair' ? { ...s, slaHours: 720 } : s)) });
    mem.teams.patch('a', { paused: false });
    await mem.teams.register(team('c', { servesAreaId: '3709', services: ['elderly-visit'] }), ['elderly-visit']);
    const late = await offered({ serviceCode: 'elderly-visit', attributes: { livesAlone: true } });
    now = new Date(now.getTime() + 5 * 24 * HOUR);
    const sweep = () => sweepDue({ ...deps(), catalog });
    // One run goes through every batch: the offer behind them ends in it (days late: not the team's lapse).
    expect(await sweep()).toMatchObject({ rescheduled: 101, unreached: 1, stoppedAtBudget: false });
    expect(escalated.filter((id) => request(id).status !== 'ESCALATED')).toEqual([]);
    expect(await sweep()).toMatchObject({ rescheduled: 0, unreached: 0 });
    expect(request(late).offer?.offeredAt).toBe(now.toISOString());
    expect(request(escalated[0]!).status).toBe('ESCALATED');
    expect(request(escalated[0]!).dueAt).toBeUndefined();
  });

  it('lapses an offer past its deadline, releases the team once and offers the next team', async () => {
    const id = await offered();
    now = new Date(now.getTime() + 4 * HOUR - 1);
    expect((await sweepDue(deps())).lapsed).toBe(0);
    now = new Date(now.getTime() + 2);
    expect((await sweepDue(deps())).lapsed).toBe(1);
    expect((await sweepDue(deps())).lapsed).toBe(0);
    expect(active('a')).toBe(0);
    await deliverQueued();
    expect(request(id).offer!.teamId).toBe('b');
  });

  it('escalates to the center after three automatic offers', async () => {
    await mem.teams.register(team('c'), ['appliance-repair']);
    const id = await offered();
    for (const teamId of ['a', 'b', 'c']) {
      expect(request(id).offer!.teamId).toBe(teamId);
      await declineOffer(deps(), id, teamId, 'no-skill');
      await deliverQueued();
    }
    expect(request(id)).toMatchObject({ status: 'ESCALATED', offersMade: 3 });
    expect(store.events.at(-1)!.message.zh).toContain('已转交中心人工派单');
    expect(['a', 'b', 'c'].map(active)).toEqual([0, 0, 0]);
  });

  it('does not count an offer staff withdrew (its team paused) toward the three: another team is offered, then the cap holds', async () => {
    for (const id of ['c', 'd']) await mem.teams.register(team(id), ['appliance-repair']);
    const id = await offered();
    for (const teamId of ['a', 'b']) {
      await declineOffer(deps(), id, teamId, 'no-skill');
      await deliverQueued();
    }
    expect(request(id)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'c' }, offersMade: 3 });
    await setTeamPaused(deps(), CENTER, 'c', true);
    await deliverQueued();
    expect(request(id)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'd' }, offersMade: 4, offersWithdrawn: 1 });
    expect(active('c')).toBe(0);
    // Three offers answered by their teams: the fourth team's decline sends it to the center.
    await declineOffer(deps(), id, 'd', 'no-skill');
    expect(request(id)).toMatchObject({ status: 'ESCALATED', offersMade: 4 });
  });

  it('retries a waiting request, escalates it when it waited too long, and leaves it with the center past the service time limit', async () => {
    mem.teams.patch('a', { paused: true });
    mem.teams.patch('b', { paused: true });
    const id = await offered({ urgency: 'urgent' });
    expect(request(id)).toMatchObject({ status: 'WAITING', dueAt: '2026-11-29T02:05:00.000Z' });
    now = new Date('2026-11-29T02:05:00.000Z');
    expect(await sweepDue(deps())).toMatchObject({ rescheduled: 1 });
    now = new Date('2026-11-29T04:00:00.000Z');
    expect(await sweepDue(deps())).toMatchObject({ escalated: 1 });
    expect(request(id).status).toBe('ESCALATED');
    now = new Date(Date.parse('2026-11-29T02:00:00.000Z') + 119 * HOUR);
    expect(await sweepDue(deps())).toMatchObject({ expired: 0 });
    now = new Date(Date.parse('2026-11-29T02:00:00.000Z') + 120 * HOUR); // the service's 120-hour limit
    expect(await sweepDue(deps())).toMatchObject({ expired: 0 });
    expect(request(id)).toMatchObject({ status: 'ESCALATED' });
    expect(request(id).dueAt).toBeUndefined();
  });

  it('offers a waiting request as soon as the sweep finds a free team', async () => {
    mem.teams.patch('a', { paused: true });
    mem.teams.patch('b', { paused: true });
    const id = await offered();
    mem.teams.patch('b', { paused: false });
    now = new Date(now.getTime() + 5 * 60_000);
    expect(await sweepDue(deps())).toMatchObject({ offered: 1 });
    expect(request(id).offer!.teamId).toBe('b');
  });
});

describe('capacity freed by a decline', () => {
  it('goes to the waiting requests the team can serve, urgent first', async () => {
    const first = await offered(); // a
    const second = await offered(); // b
    const normal = await offered(); // waits
    const urgent = await offered({ urgency: 'urgent' }); // waits
    expect([request(normal).status, request(urgent).status]).toEqual(['WAITING', 'WAITING']);
    await declineOffer(deps(), first, 'a', 'busy');
    expect(request(urgent)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'a' } });
    expect(request(normal).status).toBe('WAITING');
    expect(request(first).status).toBe('WAITING');
    expect(request(second).offer!.teamId).toBe('b');
  });
});
