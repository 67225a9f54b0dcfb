import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { defaultCreditRules } from '#shared/domain/credit';
import { tallyOf } from '#shared/domain/stats';
import { parseSubmission } from '#shared/domain/submission';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { dispatchByHand, reassign } from '#shared/use-cases/admin-requests';
import { acceptOffer, declineOffer } from '#shared/use-cases/answer-offer';
import { announcingChanges } from '#shared/use-cases/change-announcing-repository';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { submitRequest } from '#shared/use-cases/submit-request';
import { sweepDue } from '#shared/use-cases/sweep-due';
import { teamFixture } from '../../support/fixtures';
import { validSubmission } from '../../support/http';

const CENTER = { id: 'staff-1', name: 'center', role: 'center' } as const;
const MINUTE = 60_000;
let mem: MemoryDeps;
/** The same adapters, with every status change announced and counted as in the functions. */
let deps: MemoryDeps;
let clock: Date;

const stored = (id: string) => mem.requests.requests.get(id)!;
/** The notices committed for a request: `<kind>:<team>`. */
const notices = (id: string) =>
  [...mem.requests.outboxMessages.values()]
    .filter((m) => m.requestId === id && m.queue === 'notify')
    .map((m) => `${(m.body as { kind: string }).kind}:${(m.body as { teamId?: string }).teamId ?? ''}`);
const escalationsCounted = (id: string) =>
  mem.requests.facts.stored
    .filter((f) => f.requestId === id)
    .reduce((n, fact) => n + (tallyOf(fact, { creditRules: defaultCreditRules }).counts.escalated ?? 0), 0);

async function submitted(): Promise<string> {
  const { submitted } = await submitRequest(deps, { submission: parseSubmission(validSubmission()), channel: 'api' });
  await dispatchRequest(deps, { requestId: submitted.id, version: 1 });
  return submitted.id;
}

beforeEach(async () => {
  clock = new Date('2026-03-09T02:00:00.000Z');
  mem = memoryDeps({ services: demoServices, areas: demoAreas, clock: { now: () => clock } });
  deps = { ...mem, requests: announcingChanges(mem.requests, mem.clock) as MemoryDeps['requests'] };
  for (const [id, rating] of [
    ['a', 5],
    ['b', 4],
    ['c', 3],
    ['d', 2],
  ] as const) {
    await mem.teams.register(
      teamFixture(id, { name: { zh: id, en: id }, servesAreaId: '370902', capacity: 2, rating, services: ['appliance-repair'] }),
      ['appliance-repair'],
    );
  }
});

describe('a request the center dispatches by hand', () => {
  it('goes back to the center when the third team declines, told and counted once, and again when the hand offer is declined', async () => {
    const id = await submitted();
    for (const team of ['a', 'b', 'c']) {
      expect(stored(id).offer?.teamId).toBe(team);
      await declineOffer(deps, id, team, 'busy');
      if (stored(id).status === 'WAITING') await dispatchRequest(deps, { requestId: id, version: stored(id).version });
    }
    expect(stored(id).status).toBe('ESCALATED');
    await dispatchByHand(deps, CENTER, id, { teamId: 'd', version: (await deps.requests.get(id))!.version });
    await declineOffer(deps, id, 'd', 'busy');

    // Too busy, each: left out for the cooling-off period, not for good.
    expect(stored(id)).toMatchObject({ status: 'ESCALATED' });
    expect(Object.keys(stored(id).coolingOff ?? {})).toEqual(['a', 'b', 'c', 'd']);
    expect(notices(id).filter((n) => n.startsWith('escalated'))).toHaveLength(1);
    expect(escalationsCounted(id)).toBe(1);
    expect(mem.requests.events.at(-1)!.message.en).toBe('d declined (too busy right now); back with the center to dispatch by hand');
  });

  it('a hand offer made before escalatedAt was kept, past the automatic offers, declined: told and counted once', async () => {
    const id = await submitted();
    for (const team of ['a', 'b', 'c']) {
      await declineOffer(deps, id, team, 'busy');
      if (stored(id).status === 'WAITING') await dispatchRequest(deps, { requestId: id, version: stored(id).version });
    }
    await dispatchByHand(deps, CENTER, id, { teamId: 'd', version: stored(id).version });
    // As the version before wrote it: no escalatedAt, and an offer that does not say it was by hand.
    const { escalatedAt: _e, offer, ...rest } = stored(id);
    const { byHand: _b, ...oldOffer } = offer!;
    const old = { ...rest, offer: oldOffer };
    mem.requests.put(old);
    await declineOffer(deps, id, 'd', 'busy');
    expect(stored(id)).toMatchObject({ status: 'ESCALATED', escalatedAt: old.offer!.offeredAt });
    expect(notices(id).filter((n) => n.startsWith('escalated'))).toHaveLength(1);
    expect(escalationsCounted(id)).toBe(1);
  });

  it('a request past three offers through a reassign, never escalated, declined: its first escalation is told and counted', async () => {
    const id = await submitted();
    for (const team of ['a', 'b']) {
      await declineOffer(deps, id, team, 'busy');
      await dispatchRequest(deps, { requestId: id, version: stored(id).version });
    }
    await acceptOffer(deps, id, 'c');
    await reassign(deps, CENTER, id, { teamId: 'd', reason: '改派' });
    expect(stored(id)).toMatchObject({ status: 'OFFERED', offersMade: 4 });
    await declineOffer(deps, id, 'd', 'busy');
    expect(stored(id).status).toBe('ESCALATED');
    expect(mem.requests.events.at(-1)!.message.en).toContain('passed to the center');
    expect(notices(id).filter((n) => n.startsWith('escalated'))).toHaveLength(1);
    expect(escalationsCounted(id)).toBe(1);
  });

  it('escalated for waiting, its hand offer lapsing returns it to the center, not to the waiting line to be escalated again', async () => {
    mem.teams.patch('a', { paused: true });
    mem.teams.patch('b', { paused: true });
    mem.teams.patch('c', { paused: true });
    mem.teams.patch('d', { paused: true });
    const id = await submitted();
    while (stored(id).status === 'WAITING') {
      clock = new Date(Date.parse(stored(id).dueAt!));
      await sweepDue(deps);
    }
    expect(stored(id).status).toBe('ESCALATED');
    mem.teams.patch('a', { paused: false });
    await dispatchByHand(deps, CENTER, id, { teamId: 'a', version: (await deps.requests.get(id))!.version });
    clock = new Date(Date.parse(stored(id).offer!.deadline) + MINUTE);
    await sweepDue(deps);
    expect(stored(id)).toMatchObject({ status: 'ESCALATED', coolingOff: { a: expect.any(String) } });
    clock = new Date(clock.getTime() + 60 * MINUTE);
    await sweepDue(deps);

    expect(stored(id).status).toBe('ESCALATED');
    expect(notices(id).filter((n) => n.startsWith('escalated'))).toHaveLength(1);
    expect(escalationsCounted(id)).toBe(1);
  });
});

describe('an offer staff take back to reassign', () => {
  it('tells the team it was offered to that the offer is withdrawn, as for an accepted order', async () => {
    const id = await submitted();
    expect(stored(id).offer?.teamId).toBe('a');
    await reassign(deps, CENTER, id, { teamId: 'b', reason: '改派' });
    expect(stored(id)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'b' } });
    expect(notices(id)).toContain('offer-cancelled:a');
  });

  it('tells a team nothing of its own decline', async () => {
    const id = await submitted();
    await declineOffer(deps, id, 'a', 'busy');
    expect(notices(id)).not.toContain('offer-cancelled:a');
  });
});
