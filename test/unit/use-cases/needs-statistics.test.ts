import { beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, type ValidationError } from '#shared/domain/errors';
import type { RequestFact } from '#shared/domain/request-fact';
import type { Staff } from '#shared/domain/staff';
import { statsCsv } from '#shared/http/stats-csv';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { statsDashboard, statsExport } from '#shared/use-cases/needs-statistics';
import { countFacts } from '../../support/count-facts';
import { rejection } from '../../support/rejection';
import { KEDA, teamFixture } from '../../support/fixtures';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';

const HUSHAN = '370902003001';
const YANBEI = '370911001005';
const center: Staff = { id: 'c', name: 'center', role: 'center' };
const station: Staff = { id: 's', name: 'station', role: 'station', areaId: KEDA };
const at = (hhmm: string, day = '2026-11-29') => new Date(`${day}T${hhmm}:00+08:00`).toISOString();

let mem: MemoryDeps;
let counters: MemoryDeps['counters'];
const deps = () => mem;

function facts(
  requestId: string,
  areaId: string,
  serviceCode: string,
  createdAt: string,
  steps: Array<Partial<RequestFact> & Pick<RequestFact, 'to' | 'at'>>,
): RequestFact[] {
  const base = { requestId, serviceCode, areaId, urgency: 'normal' as const, channel: 'api' as const, createdAt, clockStart: createdAt };
  const created: RequestFact = { ...base, version: 1, at: createdAt, to: 'SUBMITTED' };
  let from = created.to;
  return [
    created,
    ...steps.map((step, i) => {
      const fact: RequestFact = { ...base, version: i + 2, from, ...step };
      from = step.to;
      return fact;
    }),
  ];
}

const offer = { offeredAt: at('10:05'), deadline: at('14:05'), number: 1 };
const scenario = [
  ...facts('r1', KEDA, 'appliance-repair', at('10:00'), [
    { to: 'OFFERED', at: at('10:05'), teamId: 'ruidi', offer },
    { to: 'ACCEPTED', at: at('10:20'), teamId: 'ruidi', offer },
    { to: 'COMPLETED', at: at('12:00'), teamId: 'ruidi' },
    { to: 'CLOSED', at: at('13:00'), teamId: 'ruidi', stars: 5, volunteers: [{ minutes: 130, hours: 2 }] },
  ]),
  ...facts('r2', KEDA, 'appliance-repair', at('10:00'), [
    { to: 'OFFERED', at: at('10:05'), teamId: 'ruidi', offer },
    { to: 'WAITING', at: at('10:06'), teamId: 'ruidi', offer, release: { cause: 'declined', reason: 'busy' } },
  ]),
  ...facts('r3', HUSHAN, 'elderly-visit', at('09:00'), [
    { to: 'WAITING', at: at('09:00') },
    { to: 'ESCALATED', at: at('09:30') },
    { to: 'EXPIRED', at: at('17:00') },
  ]),
  ...facts('r4', YANBEI, 'appliance-repair', at('09:00', '2026-10-01'), []),
];

beforeEach(async () => {
  mem = memoryDeps({ clock: { now: () => new Date(at('18:00')) }, services: demoServices, areas: demoAreas });
  counters = mem.counters;
  await mem.teams.register(teamFixture('ruidi', { servesAreaId: '370902003', capacity: 5 }), ['appliance-repair']);
  await mem.teams.register(teamFixture('idle', { servesAreaId: '370902001', capacity: 5 }), ['appliance-repair']);
  expect(await countFacts(deps(), scenario)).toEqual({ added: scenario.length, duplicates: 0 });
});

describe('counting facts', () => {
  it('sums each fact into its area, day and service (the in-memory counters take a fact added again once)', async () => {
    expect(await countFacts(deps(), scenario.slice(0, 3))).toEqual({ added: 0, duplicates: 3 });
    expect(counters.services.get(`370902|2026-11-29|appliance-repair`)).toMatchObject({ requests: 2, offers: 2, accepted: 1, points: 0.5 });
    expect(counters.services.get(`${KEDA}|2026-11-29|appliance-repair`)).toMatchObject({ requests: 2 });
    expect(counters.services.get(`370911|2026-10-01|appliance-repair`)).toEqual({ requests: 1 });
    expect(counters.teams.get(`370902|2026-11-29|ruidi`)).toEqual({ offers: 2, accepted: 1, completed: 1, declined: 1 });
  });
});

describe('the dashboard', () => {
  it('answers the KPIs of an area over the last 30 days from the counters', async () => {
    const report = await statsDashboard(deps(), center, { area: '370902' });
    expect(report.period).toEqual({ from: '2026-10-31', to: '2026-11-29', days: 30, timeZone: 'Asia/Shanghai' });
    expect(report.area).toEqual({ id: '370902', level: 'district', name: { zh: '泰山区', en: '泰山区' } });
    expect(report.service).toBeNull();
    expect(report.totals).toMatchObject({
      requests: 3,
      dispatched: 2,
      offers: 2,
      accepted: 1,
      completed: 1,
      closed: 1,
      expired: 1,
      escalated: 1,
      onTimeAcceptanceRate: 1,
      onTimeCompletionRate: 1,
      offersPerRequest: 0.6667,
      timeToAccept: { count: 1, meanMinutes: 20 },
      timeToComplete: { count: 1, meanMinutes: 120 },
      declines: { declined: 1, declineRate: 0.5, byReason: { busy: { count: 1, rate: 0.5 } } },
      satisfaction: { ratings: 1, meanStars: 5, shareFourOrFive: 1, stars: [0, 0, 0, 0, 1] },
      volunteers: { people: 1, minutes: 130, hours: 2, points: 0.5 },
    });
    expect(report.byService.map((s) => [s.serviceCode, s.requests])).toEqual([
      ['appliance-repair', 2],
      ['elderly-visit', 1],
    ]);
    const streets = demoAreas.filter((a) => a.level === 'street' && a.id.startsWith('370902'));
    expect(report.byChildArea.map((a) => [a.id, a.requests]).sort()).toEqual(
      streets.map((s) => [s.id, s.id === '370902003' ? 3 : 0]).sort(),
    );
    expect(report.recruitmentHints).toEqual([
      {
        areaId: '370902003',
        serviceCode: 'elderly-visit',
        expired: 1,
        unmet: 1,
        escalated: 1,
        zh: '需要更多独居老人探访志愿者: 泰山区泰前街道',
        en: expect.stringMatching(/^More visits to elderly people living alone volunteers needed: 泰前街道, 泰山区$/),
      },
    ]);
    expect(report.teamLoad).toEqual({
      acrossServices: false,
      teams: [
        {
          teamId: 'ruidi',
          name: { zh: 'ruidi', en: 'ruidi' },
          capacity: 5,
          offers: 2,
          accepted: 1,
          takenBack: 0,
          completed: 1,
          declined: 1,
          lapsed: 0,
          acceptedPerCapacity: 0.2,
        },
        {
          teamId: 'idle',
          name: { zh: 'idle', en: 'idle' },
          capacity: 5,
          offers: 0,
          accepted: 0,
          takenBack: 0,
          completed: 0,
          declined: 0,
          lapsed: 0,
          acceptedPerCapacity: 0,
        },
      ],
      giniAcceptedPerCapacity: 0.5,
      giniOffersPerCapacity: 0.5,
    });
  });

  it('narrows to one service and a period, and starts at the city for the center', async () => {
    const report = await statsDashboard(deps(), center, { service: 'appliance-repair', from: '2026-10-01', to: '2026-11-29' });
    expect(report.area.id).toBe('3709');
    expect(report.service).toEqual({ code: 'appliance-repair', name: { zh: '小家电维修', en: 'Small appliance repair' } });
    expect(report.totals).toMatchObject({ requests: 3, expired: 0 });
    expect(report.byService.map((s) => s.serviceCode)).toEqual(['appliance-repair']);
    expect(report.byChildArea.find((a) => a.id === '370911')).toMatchObject({ requests: 1 });
    expect(report.recruitmentHints).toEqual([]);
  });

  it('gives the KPIs month by month, and day by day up to 92 days', async () => {
    const short = await statsDashboard(deps(), center, { from: '2026-09-01', to: '2026-11-29' });
    expect(short.byDay).toHaveLength(90);
    expect(short.byMonth.map((m) => [m.month, m.requests])).toEqual([
      ['2026-09', 0],
      ['2026-10', 1],
      ['2026-11', 3],
    ]);
    const year = await statsDashboard(deps(), center, { from: '2025-11-30', to: '2026-11-29' });
    expect(year.byDay).toEqual([]);
    expect(year.byMonth).toHaveLength(13);
    expect(year.byMonth.at(0)).toMatchObject({ month: '2025-11', requests: 0 });
    expect(year.byMonth.find((m) => m.month === '2026-11')).toMatchObject({ requests: 3, accepted: 1, completed: 1, expired: 1 });
    expect(year.totals).toMatchObject({ requests: 4 });
  });

  it('answers a city and a province from their districts, which keep their counters', async () => {
    const counted = [...counters.services.keys(), ...counters.teams.keys()].map((key) => key.split('|')[0]);
    expect(counted.filter((id) => id === '37' || id === '3709')).toEqual([]);
    const period = { from: '2026-10-01', to: '2026-11-29' };
    const city = await statsDashboard(deps(), center, { area: '3709', ...period });
    const districts = await Promise.all(['370902', '370911'].map((area) => statsDashboard(deps(), center, { area, ...period })));
    expect(city.totals.requests).toBe(4);
    expect(city.totals.requests).toBe(districts[0]!.totals.requests + districts[1]!.totals.requests);
    expect(city.byChildArea.filter((a) => a.requests > 0).map((a) => [a.id, a.requests])).toEqual([
      ['370902', 3],
      ['370911', 1],
    ]);
    expect(city.teamLoad.teams.find((t) => t.teamId === 'ruidi')).toEqual(districts[0]!.teamLoad.teams.find((t) => t.teamId === 'ruidi'));
    const province = await statsDashboard(deps(), center, { area: '37', ...period });
    expect(province.totals).toEqual(city.totals);
    expect(province.byChildArea.map((a) => [a.id, a.requests])).toEqual([['3709', city.totals.requests]]);
    expect(province.byService).toEqual(city.byService);
    expect(province.byDay).toEqual(city.byDay);
    expect(province.teamLoad.teams.filter((t) => t.offers > 0)).toEqual(city.teamLoad.teams.filter((t) => t.offers > 0));
  });

  it('counts a district the area table leaves out (a city without counties, as 东莞), over any period', async () => {
    // As 东莞's: no area at district level, the city's streets straight under it.
    const partial = memoryDeps({
      clock: { now: () => new Date(at('18:00')) },
      services: demoServices,
      areas: demoAreas.filter((a) => a.level !== 'district'),
    });
    await partial.teams.register(teamFixture('ruidi', { servesAreaId: '370902003', capacity: 5 }), ['appliance-repair']);
    await countFacts(partial, scenario);
    for (const from of ['2026-10-01', '2025-12-01']) {
      const city = await statsDashboard(partial, center, { area: '3709', from, to: '2026-11-29' });
      expect(city.totals.requests).toBe(4);
      expect(city.byMonth.find((m) => m.month === '2026-10')).toMatchObject({ requests: 1 });
      expect(city.byChildArea.map((a) => a.id)).not.toContain('370911');
    }
  });

  it('shows station staff their own area by default, and nothing outside it', async () => {
    const own = await statsDashboard(deps(), station, {});
    expect(own.area.id).toBe(KEDA);
    expect(own.totals.requests).toBe(2);
    expect(own.byChildArea).toEqual([]);
    for (const area of ['370902', '3709', YANBEI]) {
      await expect(statsDashboard(deps(), station, { area })).rejects.toBeInstanceOf(NotFoundError);
    }
    await expect(statsDashboard(deps(), center, { area: '370999' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses a bad query with 400 naming each field', async () => {
    const fields = async (query: Record<string, string>) =>
      ((await rejection(statsDashboard(deps(), center, query))) as ValidationError).issues.map((i) => i.field);
    expect(await fields({ from: '2026-13-01', to: 'yesterday' })).toEqual(['from', 'to']);
    expect(await fields({ from: '2026-11-29', to: '2026-11-01' })).toEqual(['from']);
    expect(await fields({ from: '2025-01-01', to: '2026-11-29' })).toEqual(['from']);
    expect(await fields({ service: 'no-such-service' })).toEqual(['service']);
    expect(await fields({ area: 'Tai An' })).toEqual(['area']);
    expect(await fields({ colour: 'red' })).toEqual(['colour']);
    // Walked day by day: a day of year 9999 would never end the walk (it looped), 0999 fell off the calendar.
    expect(await fields({ from: '9999-12-31', to: '9999-12-31' })).toEqual(['from', 'to']);
    expect(await fields({ from: '0999-01-01', to: '0999-01-31' })).toEqual(['from', 'to']);
  });
});

describe('the export', () => {
  it('has a row per child area and service with activity, as CSV for Excel', async () => {
    const data = await statsExport(deps(), center, { area: '370902' });
    expect(data.rows.map((r) => [r.area.id, r.serviceCode, r.kpis.requests])).toEqual([
      ['370902003', 'appliance-repair', 2],
      ['370902003', 'elderly-visit', 1],
    ]);
    const csv = statsCsv(data);
    expect(csv.startsWith('\uFEFFarea_id,area_zh,area_en,service_code,')).toBe(true);
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    const header = lines[0]!.slice(1).split(',');
    const row = Object.fromEntries(lines[1]!.split(',').map((v, i) => [header[i], v]));
    expect(row).toMatchObject({
      area_zh: '泰前街道',
      service_code: 'appliance-repair',
      requests: '2',
      accepted: '1',
      declined_busy: '1',
      reopened: '0',
      on_time_acceptance_rate: '1',
      mean_stars: '5',
      points: '0.5',
    });
  });

  it('quotes what needs quoting and keeps text from running as a formula', () => {
    const csv = statsCsv({
      period: { from: '2026-11-01', to: '2026-11-29', days: 29, timeZone: 'Asia/Shanghai' },
      area: { id: '3709', level: 'city', name: { zh: '泰安市', en: "Tai'an City" } },
      rows: [
        {
          area: { id: 'x', level: 'community', name: { zh: '=HYPERLINK("x")', en: 'A, "B"' } },
          serviceCode: 's',
          serviceName: { zh: '-1', en: '@x' },
          kpis: { ...fullKpis(), requests: 1 },
        },
      ],
    });
    expect(csv.split('\r\n')[1]!.startsWith(`x,"'=HYPERLINK(""x"")","A, ""B""",s,'-1,'@x,1,`)).toBe(true);
  });

  it('keeps text inert when spaces, line breaks or a tab come before the formula sign', () => {
    const cells = [' =1+1', '  +cmd', '\u3000-2', '\u00a0@SUM(A1)', '\n=1', '\t=1', '\r', '\tplain', ' plain', 'a=b', '1-2'];
    const csv = statsCsv({
      period: { from: '2026-11-01', to: '2026-11-29', days: 29, timeZone: 'Asia/Shanghai' },
      area: { id: '3709', level: 'city', name: { zh: '泰安市', en: "Tai'an City" } },
      rows: cells.map((text) => ({
        area: { id: 'x', level: 'community' as const, name: { zh: text, en: 'y' } },
        serviceCode: 's',
        serviceName: { zh: 's', en: 's' },
        kpis: { ...fullKpis(), requests: 1 },
      })),
    });
    // Each row's second cell (area_zh), its quotes undone.
    const cell = (row: string) => {
      const rest = row.slice('x,'.length);
      return rest.startsWith('"') ? rest.slice(1, rest.indexOf('",y,')).replace(/""/g, '"') : rest.slice(0, rest.indexOf(',y,'));
    };
    const rows = csv
      .slice(csv.indexOf('\r\nx,') + 2)
      .split('\r\nx,')
      .map((r, i) => (i === 0 ? r : `x,${r}`));
    expect(rows.map(cell)).toEqual([
      "' =1+1",
      "'  +cmd",
      "'\u3000-2",
      "'\u00a0@SUM(A1)",
      "'\n=1",
      "'\t=1",
      "'\r",
      "'\tplain",
      ' plain',
      'a=b',
      '1-2',
    ]);
  });
});

function fullKpis() {
  const zero = { count: 0, rate: null };
  return {
    requests: 0,
    dispatched: 0,
    offers: 0,
    accepted: 0,
    completed: 0,
    closed: 0,
    expired: 0,
    unmet: 0,
    escalated: 0,
    cancelled: 0,
    rejected: 0,
    reopened: 0,
    reopenRate: null,
    onTimeAcceptanceRate: null,
    onTimeCompletionRate: null,
    offersPerRequest: null,
    timeToAccept: { count: 0, meanMinutes: null, p50Minutes: null, p90Minutes: null },
    timeToComplete: { count: 0, meanMinutes: null, p50Minutes: null, p90Minutes: null },
    declines: {
      declined: 0,
      lapsed: 0,
      declineRate: null,
      lapseRate: null,
      byReason: { busy: zero, 'out-of-area': zero, 'no-skill': zero, other: zero },
    },
    satisfaction: { ratings: 0, meanStars: null, shareFourOrFive: null, stars: [0, 0, 0, 0, 0] as const },
    volunteers: { people: 0, minutes: 0, hours: 0, points: 0 },
    wishes: {
      published: 0,
      claimed: 0,
      fulfilled: 0,
      returned: 0,
      unreviewed: 0,
      claimedBy: { volunteer: 0, team: 0, unit: 0 },
      fulfilledBy: { volunteer: 0, team: 0, unit: 0 },
      meanHoursToClaim: null,
      meanHoursToFulfil: null,
    },
  };
}
