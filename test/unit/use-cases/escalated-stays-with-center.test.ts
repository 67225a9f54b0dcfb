// No request waiting for a team or for the center expires by itself: an escalated one stays in the
// center's queue (flagged overdue past its time limit) until staff dispatch it by hand or reject it,
// whatever weekends or holidays come between. The sweep runs every minute, as EventBridge runs it.
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { isOverdue } from '#shared/domain/admin-actions';
import type { Service } from '#shared/domain/catalog';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { submitRequest } from '#shared/use-cases/submit-request';
import { sweepDue } from '#shared/use-cases/sweep-due';
import { requestFixture, residentSubmission, teamFixture } from '../../support/fixtures';

const MINUTE = 60_000;
/** A Beijing wall-clock time (`2026-12-11 18:00`) as an instant. */
const bj = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();

let mem: MemoryDeps;
let now: Date;
const stored = (id: string) => mem.requests.requests.get(id)!;
const statuses = (id: string) => mem.requests.events.filter((e) => e.requestId === id).map((e) => e.status);

function start(services: readonly Service[] = demoServices) {
  mem = memoryDeps({ clock: { now: () => now }, services, areas: demoAreas });
}

async function order(given: Record<string, unknown> = {}): Promise<string> {
  const { submitted } = await submitRequest(mem, { submission: residentSubmission('appliance-repair', given), channel: 'api' });
  await dispatchRequest(mem, { requestId: submitted.id, version: 1 });
  return submitted.id;
}

/** The clock forward a minute at a time with a sweep each minute; hands back the sweeps' expiries. */
async function runUntil(iso: string): Promise<number> {
  let expired = 0;
  while (now.toISOString() < iso) {
    now = new Date(now.getTime() + MINUTE);
    expired += (await sweepDue(mem)).expired;
  }
  return expired;
}

beforeEach(() => start());

/** A team serving the area, paused: the request waits (it could take it later) rather than going to the center at once. */
const pausedTeam = (serviceCode: string) =>
  mem.teams.register(teamFixture('paused', { servesAreaId: '370902', paused: true, services: [serviceCode] }), [serviceCode]);

describe('an escalated request over a weekend', () => {
  it('ordered Friday 18:00 (代买代办, 48 h) with no team free: with the center on Saturday, still there on Monday 10:00, flagged overdue', async () => {
    await pausedTeam('elderly-errands');
    now = new Date(bj('2026-12-11 18:00'));
    const id = await order({ serviceCode: 'elderly-errands', attributes: { errandType: 'medicine' } });
    expect(stored(id).status).toBe('WAITING');
    expect(await runUntil(bj('2026-12-14 10:00'))).toBe(0);
    expect(stored(id)).toMatchObject({ status: 'ESCALATED', escalatedAt: bj('2026-12-12 18:00') });
    expect(stored(id).dueAt).toBeUndefined();
    expect(statuses(id)).not.toContain('EXPIRED');
    const service = demoServices.find((s) => s.code === 'elderly-errands');
    expect(isOverdue(stored(id), service, now)).toBe(true);
  });
});

describe('an escalated request over Spring Festival', () => {
  it('every team off from 除夕 to 初八: a repair ordered on 除夕 is still with the center on the first working day after', async () => {
    const days = ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'];
    await mem.teams.register(teamFixture('ta', { servesAreaId: '370902', blackoutDates: days }), ['appliance-repair']);
    now = new Date(bj('2027-02-05 10:00'));
    const id = await order();
    expect(await runUntil(bj('2027-02-15 10:00'))).toBe(0);
    expect(stored(id).status).toBe('ESCALATED');
    expect(statuses(id)).not.toContain('EXPIRED');
  }, 120_000);
});

describe('the end of the time limit', () => {
  it('sends a request still waiting for a team to the center, not to EXPIRED', async () => {
    start(demoServices.map((s) => (s.code === 'appliance-repair' ? { ...s, slaHours: 2 } : s)));
    await pausedTeam('appliance-repair');
    now = new Date(bj('2026-12-07 09:00'));
    const id = await order();
    expect(stored(id).status).toBe('WAITING');
    expect(await runUntil(bj('2026-12-07 11:15'))).toBe(0);
    expect(stored(id).status).toBe('ESCALATED');
  });

  it('takes an escalated request filed at its old expiry off the sweep’s list, still escalated', async () => {
    now = new Date(bj('2026-12-14 10:00'));
    const filed = requestFixture({
      status: 'ESCALATED',
      createdAt: bj('2026-12-09 10:00'),
      escalatedAt: bj('2026-12-10 10:00'),
      dueAt: bj('2026-12-14 10:00'),
    });
    mem.requests.put(filed);
    expect(await sweepDue(mem)).toMatchObject({ expired: 0, rescheduled: 1 });
    expect(stored(filed.id).status).toBe('ESCALATED');
    expect(stored(filed.id).dueAt).toBeUndefined();
    expect(mem.requests.dueCount).toBe(0);
  });
});
