import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { COOLING_OFF_MINUTES } from '#shared/domain/exclusion';
import type { Team } from '#shared/domain/team';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { acceptOffer, declineOffer } from '#shared/use-cases/answer-offer';
import { setTeamPaused, updateTeam } from '#shared/use-cases/admin-teams';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { submitRequest } from '#shared/use-cases/submit-request';
import { sweepDue } from '#shared/use-cases/sweep-due';
import { completeRequest } from '#shared/use-cases/team-work';
import { residentSubmission, teamFixture } from '../../support/fixtures';

// Who is left for a request after a team passes on it: a request no team could ever take goes to
// the center at once, saying so; a busy team or a lapse is left out for a while, not for good.
const MINUTE = 60_000;
const CENTER = { id: 'staff-1', name: 'center', role: 'center' } as const;
const team = (id: string, o: Partial<Team> = {}): Team =>
  teamFixture(id, { name: { zh: id, en: id }, servesAreaId: '370902', capacity: 2, ...o });

let mem: MemoryDeps;
let now: Date;
const stored = (id: string) => mem.requests.requests.get(id)!;
const lastEvent = (id: string) => mem.requests.events.filter((e) => e.requestId === id).at(-1)!;

async function submit(): Promise<string> {
  const { submitted } = await submitRequest(mem, { submission: residentSubmission(), channel: 'api' });
  await dispatchRequest(mem, { requestId: submitted.id, version: 1 });
  return submitted.id;
}
async function deliverQueued() {
  for (const m of mem.publisher.sent.splice(0)) await dispatchRequest(mem, m.body as { requestId: string; version: number });
}
/** The clock forward a minute at a time, with a sweep each minute as EventBridge runs it. */
async function runUntil(end: Date) {
  while (now < end) {
    now = new Date(now.getTime() + MINUTE);
    await sweepDue(mem);
    await deliverQueued();
  }
}

beforeEach(() => {
  now = new Date('2026-12-07T01:00:00Z'); // Monday 09:00 in Beijing
  mem = memoryDeps({ clock: { now: () => now }, services: demoServices, areas: demoAreas });
});

describe('no team could ever take it', () => {
  it('the only team declines as out of its area: to the center at once, saying no team of the area can take it', async () => {
    await mem.teams.register(team('only'), ['appliance-repair']);
    const id = await submit();
    await declineOffer(mem, id, 'only', 'out-of-area');
    expect(stored(id)).toMatchObject({ status: 'ESCALATED', excludedTeams: ['only'] });
    expect(lastEvent(id).message).toEqual({
      zh: 'only 婉拒了派单（不在服务范围内）；本区域暂无可接单的服务队，已转交中心人工派单',
      en: 'only declined (outside our area); no team serving this area can take it; passed to the center to dispatch by hand',
    });
    expect(mem.teams.teams.get('only')!.active).toBe(0);
  });

  it('no team serves the area and service at all: the first dispatch sends it to the center, not to a day of re-checks', async () => {
    await mem.teams.register(team('elsewhere', { servesAreaId: '370911' }), ['appliance-repair']);
    await mem.teams.register(team('other-service'), ['elderly-visit']);
    const { submitted } = await submitRequest(mem, { submission: residentSubmission(), channel: 'api' });
    const outcome = await dispatchRequest(mem, { requestId: submitted.id, version: 1 });
    expect(outcome.kind).toBe('escalated');
    expect(stored(submitted.id)).toMatchObject({ status: 'ESCALATED', escalatedAt: now.toISOString() });
    expect(lastEvent(submitted.id).message.zh).toBe('本区域暂无可接单的服务队，已转交中心人工派单');
  });

  it('a waiting request whose last team declined for good while it waited goes to the center at the next re-check', async () => {
    await mem.teams.register(team('a', { capacity: 1 }), ['appliance-repair']);
    await mem.teams.register(team('b', { paused: true }), ['appliance-repair']);
    const id = await submit();
    await declineOffer(mem, id, 'a', 'no-skill');
    // b is paused, not gone: it may resume, so the request waits, and says so.
    expect(stored(id).status).toBe('WAITING');
    expect(lastEvent(id).message.zh).toBe('a 婉拒了派单（不具备相关技能）；暂无其他服务队，稍后再次派单');
    await updateTeam(mem, CENTER, 'b', { servesAreaId: '370911' }); // moved away: none is left
    now = new Date(Date.parse(stored(id).dueAt!));
    expect(await sweepDue(mem)).toMatchObject({ escalated: 1 });
    expect(stored(id).status).toBe('ESCALATED');
  });

  it('the only other team the index lists no longer handles the service: to the center at once, not a wait for the re-check', async () => {
    await mem.teams.register(team('only'), ['appliance-repair']);
    await mem.teams.register(team('dropped', { rating: 1 }), ['appliance-repair']);
    const id = await submit();
    expect(stored(id).offer?.teamId).toBe('only');
    // Its item as read after staff took the service away, while the coverage index still lists it.
    mem.teams.patch('dropped', { services: ['legal-consultation'] });
    await declineOffer(mem, id, 'only', 'out-of-area');
    expect(stored(id).status).toBe('ESCALATED');
    expect(lastEvent(id).message.zh).toBe('only 婉拒了派单（不在服务范围内）；本区域暂无可接单的服务队，已转交中心人工派单');
  });

  it('another team is left: the request waits for it, and the timeline does not promise the next team', async () => {
    await mem.teams.register(team('a', { rating: 5 }), ['appliance-repair']);
    await mem.teams.register(team('b', { rating: 4 }), ['appliance-repair']);
    const id = await submit();
    await declineOffer(mem, id, 'a', 'out-of-area');
    expect(lastEvent(id).message.zh).toBe('a 婉拒了派单（不在服务范围内）；正在寻找其他服务队');
    await deliverQueued();
    expect(stored(id)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'b' } });
  });
});

describe('a busy decline or a lapse', () => {
  it('leaves the only team out for the cooling-off period, then it is offered the request again', async () => {
    await mem.teams.register(team('only'), ['appliance-repair']);
    const first = await submit();
    await acceptOffer(mem, first, 'only');
    const second = await submit();
    await declineOffer(mem, second, 'only', 'busy');
    expect(stored(second).status).toBe('WAITING');
    expect(lastEvent(second).message.zh).toBe('only 婉拒了派单（人手不足，暂时忙不过来）；暂无其他服务队，稍后再次派单');
    const declinedAt = now.getTime();
    // It finishes the other order an hour later: still cooling off, it is not offered this one yet.
    now = new Date(declinedAt + 60 * MINUTE);
    await completeRequest(mem, first, 'only', { hours: [{ volunteer: '小李', minutes: 60 }] });
    expect(stored(second).status).toBe('WAITING');
    await runUntil(new Date(declinedAt + (COOLING_OFF_MINUTES + 15) * MINUTE));
    expect(stored(second)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'only' }, offersMade: 2 });
    expect(Date.parse(stored(second).offer!.offeredAt)).toBeGreaterThanOrEqual(declinedAt + COOLING_OFF_MINUTES * MINUTE);
  });

  it('a lapse too; while a team that declined as out of its area is never offered it again', async () => {
    await mem.teams.register(team('a', { rating: 5 }), ['appliance-repair']);
    await mem.teams.register(team('b', { rating: 4 }), ['appliance-repair']);
    const id = await submit();
    await declineOffer(mem, id, 'a', 'out-of-area');
    await deliverQueued();
    expect(stored(id).offer?.teamId).toBe('b');
    await runUntil(new Date(Date.parse(stored(id).offer!.deadline) + MINUTE));
    expect(stored(id)).toMatchObject({ status: 'WAITING', excludedTeams: ['a'], coolingOff: { b: expect.any(String) } });
    expect(lastEvent(id).message.zh).toBe('b 未在期限内接单；暂无其他服务队，稍后再次派单');
    await runUntil(new Date(now.getTime() + (COOLING_OFF_MINUTES + 15) * MINUTE));
    expect(stored(id)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'b' }, offersMade: 3 });
  }, 30_000);

  it('a team resumed is offered the request it had withdrawn by the pause, at once', async () => {
    await mem.teams.register(team('only'), ['appliance-repair']);
    const id = await submit();
    await setTeamPaused(mem, CENTER, 'only', true);
    expect(stored(id).status).toBe('WAITING');
    expect(lastEvent(id).message.zh).toBe('only 已暂停接单，派单已收回；暂无其他服务队，稍后再次派单');
    await setTeamPaused(mem, CENTER, 'only', false);
    expect(stored(id)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'only' } });
  });
});
