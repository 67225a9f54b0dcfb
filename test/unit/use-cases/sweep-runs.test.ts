import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { WAITING_RETRY_MAX_MINUTES, WAITING_RETRY_MINUTES, addMinutes } from '#shared/domain/dispatch-policy';
import { nextWaitingCheck } from '#shared/domain/offer-lifecycle';
import { parseSubmission } from '#shared/domain/submission';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { submitRequest } from '#shared/use-cases/submit-request';
import { sweepDue } from '#shared/use-cases/sweep-due';
import { KEDA, requestFixture, teamFixture } from '../../support/fixtures';
import { validSubmission } from '../../support/http';

const MINUTE = 60_000;
let mem: MemoryDeps;
let now: Date;
const stored = (id: string) => mem.requests.requests.get(id)!;

/** A request submitted and dispatched now: offered to team `a` while it has room, else waiting. */
async function submitted(): Promise<string> {
  const { submitted } = await submitRequest(mem, { submission: parseSubmission(validSubmission({ areaId: KEDA })), channel: 'api' });
  await dispatchRequest(mem, { requestId: submitted.id, version: 1 });
  now = new Date(now.getTime() + 1000);
  return submitted.id;
}

beforeEach(async () => {
  now = new Date('2026-03-09T02:00:00.000Z');
  mem = memoryDeps({ services: demoServices, areas: demoAreas, clock: { now: () => now } });
  await mem.teams.register(teamFixture('a', { servesAreaId: '370902', capacity: 1, services: ['appliance-repair'] }), ['appliance-repair']);
});

describe('a sweep run', () => {
  it('lapses an offer at its deadline though hundreds of waiting requests were due before it', async () => {
    const offered = await submitted();
    const waiting: string[] = [];
    for (let i = 0; i < 250; i++) waiting.push(await submitted());
    expect(stored(waiting[0]!).status).toBe('WAITING');
    // The run just after the offer's deadline: every waiting request's re-check came before it.
    now = new Date(Date.parse(stored(offered).offer!.deadline) + 1);
    expect(await sweepDue(mem)).toMatchObject({ lapsed: 1, rescheduled: 250, stoppedAtBudget: false });
    expect(stored(offered)).toMatchObject({ status: 'WAITING', coolingOff: { a: expect.any(String) } });
  });

  it('stops taking requests when its time budget is spent, and the next run goes on from the head', async () => {
    for (let i = 0; i < 5; i++) await submitted();
    now = new Date(now.getTime() + 10 * MINUTE);
    let ms = 0;
    const first = await sweepDue(mem, { budgetMs: 3, elapsedMs: () => ms++ });
    expect(first).toMatchObject({ stoppedAtBudget: true, rescheduled: 2 });
    expect(await sweepDue(mem)).toMatchObject({ stoppedAtBudget: false, rescheduled: 2 });
    expect(await sweepDue(mem)).toMatchObject({ rescheduled: 0, offered: 0, lapsed: 0 });
  });

  it('ends when a due request cannot be filed again: each is looked at once a run', async () => {
    for (let i = 0; i < 150; i++) await submitted();
    now = new Date(now.getTime() + 10 * MINUTE);
    // Every refile loses its race: each request stays due where it was.
    const requests = new Proxy(mem.requests, {
      get: (target, key) => (key === 'update' ? async () => false : Reflect.get(target, key, target)),
    });
    const outcome = await sweepDue({ ...mem, requests });
    expect(outcome).toMatchObject({ rescheduled: 0, failed: 0, stoppedAtBudget: false });
    expect(mem.requests.dueCount).toBe(150);
  });
});

describe('the waiting re-check', () => {
  it('backs off as the request waits: every 5 minutes at first, at most every 10 (an urgent one every 5), never past its escalation', () => {
    const request = requestFixture({ status: 'WAITING', createdAt: '2026-03-09T02:00:00.000Z', urgency: 'normal' });
    const at = (minutes: number) => addMinutes(request.createdAt, minutes);
    const gap = (minutes: number) => (Date.parse(nextWaitingCheck(request, at(minutes))) - Date.parse(at(minutes))) / MINUTE;
    expect(gap(0)).toBe(WAITING_RETRY_MINUTES);
    expect(gap(32)).toBe(8);
    expect(gap(4 * 60)).toBe(WAITING_RETRY_MAX_MINUTES);
    expect(WAITING_RETRY_MAX_MINUTES).toBe(10);
    const urgent = { ...request, urgency: 'urgent' as const };
    expect((Date.parse(nextWaitingCheck(urgent, at(60))) - Date.parse(at(60))) / MINUTE).toBe(5);
    expect(nextWaitingCheck(request, at(24 * 60 - 10))).toBe(at(24 * 60));
  });
});
