import { beforeEach, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import type { RequestFact } from '#shared/domain/request-fact';
import type { Staff } from '#shared/domain/staff';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { statsDashboard } from '#shared/use-cases/needs-statistics';
import { countFacts } from '../../support/count-facts';
import { KEDA, teamFixture } from '../../support/fixtures';

const at = (hhmm: string, day = '2026-11-29') => new Date(`${day}T${hhmm}:00+08:00`).toISOString();
const center: Staff = { id: 'c', name: 'center', role: 'center' };
const period = { area: '370902', from: '2026-11-29', to: '2026-11-29' };

/** A request of `serviceCode` in 科大社区 offered to and accepted by `teamId`. */
function accepted(requestId: string, serviceCode: string, teamId: string): RequestFact[] {
  const base = {
    requestId,
    serviceCode,
    areaId: KEDA,
    urgency: 'normal' as const,
    channel: 'api' as const,
    createdAt: at('10:00'),
    clockStart: at('10:00'),
  };
  const offer = { offeredAt: at('10:05'), deadline: at('14:05'), number: 1 };
  return [
    { ...base, version: 1, at: at('10:00'), to: 'SUBMITTED' },
    { ...base, version: 2, at: at('10:05'), from: 'SUBMITTED', to: 'OFFERED', teamId, offer },
    { ...base, version: 3, at: at('10:10'), from: 'OFFERED', to: 'ACCEPTED', teamId, offer },
  ];
}

let mem: MemoryDeps;
beforeEach(async () => {
  mem = memoryDeps({ clock: { now: () => new Date(at('18:00')) }, services: demoServices, areas: demoAreas });
  await mem.teams.register(teamFixture('visits', { servesAreaId: '370902003', services: ['elderly-visit'] }), ['elderly-visit']);
  await mem.teams.register(teamFixture('ruidi', { servesAreaId: '370902003', services: ['appliance-repair', 'elderly-visit'] }), [
    'appliance-repair',
    'elderly-visit',
  ]);
  // Stationed in another city's district and serving only there: it worked here once, by hand.
  await mem.teams.register(
    teamFixture('faraway', { stationAreaId: '370911001005', servesAreaId: '370911', services: ['appliance-repair'] }),
    ['appliance-repair'],
  );
  await countFacts(mem, [
    ...accepted('r1', 'elderly-visit', 'visits'),
    ...accepted('r2', 'elderly-visit', 'ruidi'),
    ...accepted('r3', 'appliance-repair', 'faraway'),
  ]);
});

it('lists under a service filter only the teams that handle it, and says their figures are across all their services', async () => {
  const report = await statsDashboard(mem, center, { ...period, service: 'appliance-repair' });
  expect(report.totals.accepted).toBe(1);
  expect(report.teamLoad.acrossServices).toBe(true);
  // `visits` handles elderly visits only: its acceptance is no appliance repair.
  expect(report.teamLoad.teams.map((t) => [t.teamId, t.accepted])).toEqual([
    ['faraway', 1],
    ['ruidi', 1],
  ]);
  const elderly = await statsDashboard(mem, center, { ...period, service: 'elderly-visit' });
  expect(elderly.teamLoad.teams.map((t) => [t.teamId, t.accepted])).toEqual([
    ['ruidi', 1],
    ['visits', 1],
  ]);
});

it('lists every team that serves within the area or worked on its requests without a service filter', async () => {
  const report = await statsDashboard(mem, center, period);
  expect(report.teamLoad.acrossServices).toBe(false);
  expect(report.teamLoad.teams.map((t) => [t.teamId, t.accepted])).toEqual([
    ['faraway', 1],
    ['ruidi', 1],
    ['visits', 1],
  ]);
  expect(report.totals.accepted).toBe(3);
});

it('shows an acceptance the center took back to reassign as the team’s taken back, not kept', async () => {
  const base = {
    requestId: 'r4',
    serviceCode: 'appliance-repair',
    areaId: KEDA,
    urgency: 'normal' as const,
    channel: 'api' as const,
    createdAt: at('10:00'),
    clockStart: at('10:00'),
  };
  const first = { offeredAt: at('11:05'), deadline: at('15:05'), number: 1 };
  const second = { offeredAt: at('12:00'), deadline: at('16:00'), number: 1 };
  await countFacts(mem, [
    { ...base, version: 1, at: at('11:00'), to: 'SUBMITTED' },
    { ...base, version: 2, at: at('11:05'), from: 'SUBMITTED', to: 'OFFERED', teamId: 'ruidi', offer: first },
    { ...base, version: 3, at: at('11:10'), from: 'OFFERED', to: 'ACCEPTED', teamId: 'ruidi', offer: first },
    { ...base, version: 4, at: at('12:00'), from: 'ACCEPTED', to: 'WAITING', teamId: 'ruidi' },
    { ...base, version: 5, at: at('12:00'), from: 'WAITING', to: 'OFFERED', teamId: 'faraway', offer: second },
    { ...base, version: 6, at: at('12:10'), from: 'OFFERED', to: 'ACCEPTED', teamId: 'faraway', offer: second, acceptedAgain: true },
  ]);
  const report = await statsDashboard(mem, center, { ...period, service: 'appliance-repair' });
  expect(report.totals.accepted).toBe(2);
  expect(report.teamLoad.teams.map((t) => [t.teamId, t.offers, t.accepted, t.takenBack, t.acceptedPerCapacity])).toEqual([
    ['faraway', 2, 2, 0, 0.4],
    ['ruidi', 2, 2, 1, 0.2],
  ]);
});

it('shows a take-back whose acceptance fell before the period beside the period’s acceptances, keeping never below 0', async () => {
  await mem.teams.register(teamFixture('late', { servesAreaId: '370902003', services: ['appliance-repair'] }), ['appliance-repair']);
  const base = {
    requestId: 'r5',
    serviceCode: 'appliance-repair',
    areaId: KEDA,
    urgency: 'normal' as const,
    channel: 'api' as const,
    createdAt: at('10:00', '2026-11-28'),
    clockStart: at('10:00', '2026-11-28'),
  };
  const first = { offeredAt: at('10:05', '2026-11-28'), deadline: at('14:05', '2026-11-28'), number: 1 };
  const second = { offeredAt: at('09:01'), deadline: at('13:01'), number: 1 };
  await countFacts(mem, [
    { ...base, version: 1, at: at('10:00', '2026-11-28'), to: 'SUBMITTED' },
    { ...base, version: 2, at: at('10:05', '2026-11-28'), from: 'SUBMITTED', to: 'OFFERED', teamId: 'late', offer: first },
    { ...base, version: 3, at: at('10:10', '2026-11-28'), from: 'OFFERED', to: 'ACCEPTED', teamId: 'late', offer: first },
    // The next day, the period: the center takes it back from `late`, and faraway accepts it.
    { ...base, version: 4, at: at('09:00'), from: 'ACCEPTED', to: 'WAITING', teamId: 'late' },
    { ...base, version: 5, at: at('09:01'), from: 'WAITING', to: 'OFFERED', teamId: 'faraway', offer: second },
    { ...base, version: 6, at: at('09:02'), from: 'OFFERED', to: 'ACCEPTED', teamId: 'faraway', offer: second, acceptedAgain: true },
  ]);
  const report = await statsDashboard(mem, center, { ...period, service: 'appliance-repair' });
  expect(report.teamLoad.teams.map((t) => [t.teamId, t.accepted, t.takenBack, t.acceptedPerCapacity])).toEqual([
    ['faraway', 2, 0, 0.4],
    ['ruidi', 1, 0, 0.2],
    ['late', 0, 1, 0],
  ]);
  // faraway 0.4, ruidi 0.2, late 0 per capacity.
  expect(report.teamLoad.giniAcceptedPerCapacity).toBe(0.4444);
  // Both days: late's acceptance and its take-back side by side.
  const both = await statsDashboard(mem, center, { ...period, from: '2026-11-28', service: 'appliance-repair' });
  expect(both.teamLoad.teams.find((t) => t.teamId === 'late')).toMatchObject({ accepted: 1, takenBack: 1, acceptedPerCapacity: 0 });
});
