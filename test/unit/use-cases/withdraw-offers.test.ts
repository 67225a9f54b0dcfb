import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { defaultCreditRules } from '#shared/domain/credit';
import { ConflictError } from '#shared/domain/errors';
import { capacityHolder } from '#shared/domain/offer-lifecycle';
import { tallyOf } from '#shared/domain/stats';
import type { Team } from '#shared/domain/team';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { setTeamPaused, updateTeam } from '#shared/use-cases/admin-teams';
import { acceptOffer } from '#shared/use-cases/answer-offer';
import { announcingChanges } from '#shared/use-cases/change-announcing-repository';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { submitRequest } from '#shared/use-cases/submit-request';
import { residentSubmission, teamFixture } from '../../support/fixtures';

// A team paused, moved or given other services keeps no offer it could no longer take.
const CENTER = { id: 'staff-1', name: 'center', role: 'center' } as const;
const team = (id: string, o: Partial<Team> = {}): Team =>
  teamFixture(id, { name: { zh: id, en: id }, servesAreaId: '370902', capacity: 2, ...o });

let mem: MemoryDeps;
let deps: MemoryDeps;
let now: Date;
const stored = (id: string) => mem.requests.requests.get(id)!;
const lastEvent = (id: string) => mem.requests.events.filter((e) => e.requestId === id).at(-1)!;
/** What the team's figures count for the request: its declines and lapses. */
const teamFigures = (teamId: string) =>
  mem.requests.facts.stored
    .map((fact) => tallyOf(fact, { creditRules: defaultCreditRules }).team)
    .filter((t) => t?.teamId === teamId)
    .reduce((sum, t) => ({ declined: sum.declined + (t!.counts.declined ?? 0), lapsed: sum.lapsed + (t!.counts.lapsed ?? 0) }), {
      declined: 0,
      lapsed: 0,
    });
/** Each team's count of open orders is the number of requests it holds. */
const countsTrue = () =>
  [...mem.teams.teams.values()].every(
    (t) => t.active === [...mem.requests.requests.values()].filter((r) => capacityHolder(r) === t.id).length,
  );

async function submit(): Promise<string> {
  const { submitted } = await submitRequest(deps, { submission: residentSubmission(), channel: 'api' });
  await dispatchRequest(deps, { requestId: submitted.id, version: 1 });
  return submitted.id;
}

beforeEach(async () => {
  now = new Date('2026-12-07T01:00:00Z');
  mem = memoryDeps({ clock: { now: () => now }, services: demoServices, areas: demoAreas });
  deps = { ...mem, requests: announcingChanges(mem.requests, mem.clock) as MemoryDeps['requests'] };
  await mem.teams.register(team('a', { rating: 5 }), ['appliance-repair']);
  await mem.teams.register(team('b', { rating: 4 }), ['appliance-repair']);
});

describe('a team paused while it holds an offer', () => {
  it('gives it up at once: offered to the next team, the paused team told, and no decline or lapse in its figures', async () => {
    const id = await submit();
    expect(stored(id).offer?.teamId).toBe('a');
    await setTeamPaused(deps, CENTER, 'a', true);
    expect(stored(id)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'b' } });
    const withdrawal = mem.requests.events.filter((e) => e.requestId === id).at(-2)!;
    expect(withdrawal).toMatchObject({
      status: 'WAITING',
      actor: 'admin',
      message: { zh: 'a 已暂停接单，派单已收回；正在寻找其他服务队' },
    });
    const told = [...mem.requests.outboxMessages.values()].map((m) => m.body as { kind?: string; teamId?: string });
    expect(told).toContainEqual(expect.objectContaining({ kind: 'offer-cancelled', teamId: 'a' }));
    expect(teamFigures('a')).toEqual({ declined: 0, lapsed: 0 });
    expect(mem.teams.teams.get('a')!.active).toBe(0);
    // Three hours on, the paused team's accept is refused; the count stays true.
    now = new Date(now.getTime() + 3 * 3600_000);
    await expect(acceptOffer(deps, id, 'a')).rejects.toBeInstanceOf(ConflictError);
    expect(countsTrue()).toBe(true);
  });

  it('racing the team’s accept: one wins, and each team’s count stays the orders it holds', async () => {
    mem.teams.patch('a', { capacity: 50 });
    mem.teams.patch('b', { capacity: 50 });
    const wins = { accept: 0, pause: 0 };
    for (let round = 0; round < 20; round++) {
      const id = await submit();
      const holder = stored(id).offer!.teamId;
      // The accept read the request, and is then raced by the pause: a few ticks later, each round a little later.
      const accept = (async () => {
        for (let tick = 0; tick < round; tick++) await Promise.resolve();
        return acceptOffer(deps, id, holder);
      })();
      const [accepted] = await Promise.allSettled([accept, setTeamPaused(deps, CENTER, holder, true)]);
      const r = stored(id);
      if (accepted.status === 'fulfilled') {
        wins.accept++;
        expect(r).toMatchObject({ status: 'ACCEPTED', assignedTeam: { id: holder } });
      } else {
        wins.pause++;
        expect(r.offer?.teamId).not.toBe(holder);
      }
      expect(countsTrue()).toBe(true);
      await setTeamPaused(deps, CENTER, holder, false);
    }
    expect(wins.accept).toBeGreaterThan(0);
    expect(wins.pause).toBeGreaterThan(0);
  });

  it('leaves an offer past its deadline to the sweep, which counts the lapse', async () => {
    const id = await submit();
    now = new Date(Date.parse(stored(id).offer!.deadline) + 1);
    await setTeamPaused(deps, CENTER, 'a', true);
    expect(stored(id)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'a' } });
  });
});

describe('a team moved or given other services while it holds an offer', () => {
  it('moved to another district: the offer goes to a team of the area at once; the accept is refused', async () => {
    const id = await submit();
    await updateTeam(deps, CENTER, 'a', { servesAreaId: '370911' }); // 岱岳区
    expect(stored(id)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'b' } });
    expect(lastEvent(id).message.zh).toMatch(/^派给 b/);
    await expect(acceptOffer(deps, id, 'a')).rejects.toBeInstanceOf(ConflictError);
    expect(teamFigures('a')).toEqual({ declined: 0, lapsed: 0 });
    expect(countsTrue()).toBe(true);
  });

  it('no longer handling the service: the offer goes; with only a paused team left, the request waits for it', async () => {
    mem.teams.patch('b', { paused: true });
    const id = await submit();
    await updateTeam(deps, CENTER, 'a', { services: ['elderly-visit'] });
    expect(stored(id).status).toBe('WAITING');
    expect(lastEvent(id).message.zh).toBe('a 的服务范围已调整，派单已收回；暂无其他服务队，稍后再次派单');
    expect(countsTrue()).toBe(true);
  });

  it('a change that keeps it able to take the offer (its phone, its capacity) leaves the offer with it', async () => {
    const id = await submit();
    await updateTeam(deps, CENTER, 'a', { capacity: 3, name: { zh: 'a2', en: 'a2' } });
    expect(stored(id)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'a' } });
    expect((await acceptOffer(deps, id, 'a')).status).toBe('ACCEPTED');
  });
});
