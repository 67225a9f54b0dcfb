// A normal offer's acceptance window counts service hours (08:00–20:00 Beijing, not on the team's
// days off); an urgent one's, clock time. The sweep runs every minute, as EventBridge runs it.
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import type { NoticeMessage } from '#shared/domain/notices';
import type { Team } from '#shared/domain/team';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { announcingChanges } from '#shared/use-cases/change-announcing-repository';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { sendNotice } from '#shared/use-cases/send-notice';
import { submitRequest } from '#shared/use-cases/submit-request';
import { sweepDue } from '#shared/use-cases/sweep-due';
import { residentSubmission, teamFixture } from '../../support/fixtures';

const MINUTE = 60_000;
/** A Beijing wall-clock time (`2026-12-11 22:00`) as an instant. */
const bj = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();
const hook = { kind: 'webhook' as const, url: 'https://a.example/hook', format: 'json' as const, secret: 'a-secret-of-sixteen+' };
const team = (id: string, o: Partial<Team> = {}) =>
  teamFixture(id, { servesAreaId: '370902', capacity: 3, rating: 4.5, channels: [hook], ...o });

let mem: MemoryDeps;
let now: Date;
const deps = () => ({ ...mem, requests: announcingChanges(mem.requests, mem.clock, mem.publisher), publicUrl: 'https://api.example' });
const stored = (id: string) => mem.requests.requests.get(id)!;

async function order(urgency: 'normal' | 'urgent' = 'normal'): Promise<string> {
  const { submitted } = await submitRequest(deps(), { submission: residentSubmission('appliance-repair', { urgency }), channel: 'api' });
  await dispatchRequest(deps(), { requestId: submitted.id, version: 1 });
  return submitted.id;
}

/** The clock forward a minute at a time, a sweep each minute, redispatches delivered. */
async function runUntil(iso: string) {
  while (now.toISOString() < iso) {
    now = new Date(now.getTime() + MINUTE);
    await sweepDue(deps());
    for (const m of mem.publisher.sent.filter((s) => s.queue === 'dispatch')) {
      await dispatchRequest(deps(), m.body as { requestId: string; version: number });
    }
    mem.publisher.sent.splice(0, mem.publisher.sent.length, ...mem.publisher.sent.filter((s) => s.queue !== 'dispatch'));
  }
}

beforeEach(() => {
  mem = memoryDeps({
    clock: { now: () => now },
    services: demoServices,
    areas: demoAreas,
    signingKey: { id: 'k', secret: Buffer.alloc(32, 7) },
  });
});

describe('a normal offer made at night', () => {
  it('is due four service hours after 08:00, stays with the first team through the night, and the notice says so', async () => {
    for (const id of ['ta', 'tb', 'tc']) await mem.teams.register(team(id), ['appliance-repair']);
    now = new Date(bj('2026-12-11 22:00')); // a Friday
    const id = await order();
    expect(stored(id).offer).toMatchObject({ teamId: 'ta', deadline: bj('2026-12-12 12:00') });

    const offer = mem.publisher.sent.map((m) => m.body as NoticeMessage).find((n) => n.kind === 'offer')!;
    await sendNotice(deps(), offer);
    expect(mem.sender.sent[0]!.notice.text).toContain('请于12月12日 12:00前接单或拒单');

    await runUntil(bj('2026-12-12 10:00'));
    expect(stored(id)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'ta' } });
    expect(stored(id).excludedTeams ?? []).toEqual([]);
  });

  it('to a team whose day off starts at midnight, made at 23:50, does not lapse on the day off', async () => {
    await mem.teams.register(team('ta', { blackoutDates: ['2026-12-12'] }), ['appliance-repair']);
    now = new Date(bj('2026-12-11 23:50'));
    const id = await order();
    expect(stored(id).offer).toMatchObject({ teamId: 'ta', deadline: bj('2026-12-13 12:00') });
    await runUntil(bj('2026-12-13 09:00'));
    expect(stored(id)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'ta' } });
  });
});

describe('an urgent offer', () => {
  it('keeps its 30 minutes of clock time, night or day off', async () => {
    await mem.teams.register(team('ta', { blackoutDates: ['2026-12-12'] }), ['appliance-repair']);
    now = new Date(bj('2026-12-11 23:50'));
    const id = await order('urgent');
    expect(stored(id).offer).toMatchObject({ teamId: 'ta', deadline: bj('2026-12-12 00:20') });
  });
});
