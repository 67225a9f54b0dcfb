/**
 * The printed report: plain text tables of the KPIs (city, per district, per day of
 * submission), how the run went, and the what-if's recruitment hints.
 */
import { kpisOf, recruitmentHint, type Kpis } from '#shared/domain/stats';
import { addDays } from '#shared/domain/stats-calendar';
import type { Behaviour } from './behaviour';
import { tierOf, tiers, type City } from './city';
import type { Campaign } from './demand';
import { fairnessFor, kpisFor, rootId, unmetShare } from './outcome';
import type { SimulationResult } from './simulation';
import type { WhatIfResult } from './what-if';

export interface ReportSettings {
  readonly seed: number;
  /** First day, Shanghai calendar date. */
  readonly startDay: string;
  readonly days: number;
  readonly perDay: number;
  readonly urgentShare: number;
  readonly campaign?: Campaign;
  readonly behaviour: Behaviour;
  readonly centerHours: readonly number[];
}

/** Columns a CJK character takes in a terminal. */
function width(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return w;
}

/** Rows as aligned columns: the first column left-aligned, the others right-aligned. */
export function table(rows: ReadonlyArray<readonly string[]>, indent = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, width(cell));
    });
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, i) => {
          const pad = ' '.repeat((widths[i] ?? 0) - width(cell));
          return i === 0 ? cell + pad : pad + cell;
        })
        .join('  ')
        .trimEnd(),
  );
}

export const int = (n: number) => Math.round(n).toLocaleString('en-US');
export const pct = (x: number | null, digits = 1) => (x === null ? '–' : `${(x * 100).toFixed(digits)}%`);

/** Minutes as "42 min" below two hours, else "7.5 h". */
export function duration(minutes: number | null): string {
  if (minutes === null) return '–';
  return minutes < 120 ? `${Math.round(minutes)} min` : `${(minutes / 60).toFixed(1)} h`;
}

function categoryName(city: City, code: string) {
  return city.categories.find((c) => c.code === code)?.name ?? { zh: code, en: code };
}

const weekday = (day: string) => ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(`${day}T12:00:00Z`).getUTCDay()]!;

export function headerLines(city: City, settings: ReportSettings): string[] {
  const b = settings.behaviour;
  const byTier = tiers.map((tier) => `${tier} ${city.teams.filter((t) => tierOf(t) === tier).length}`).join(', ');
  const capacity = city.teams.reduce((sum, t) => sum + t.capacity, 0);
  const c = settings.campaign;
  const campaignDay = c ? addDays(settings.startDay, c.day) : '';
  const campaign = c
    ? `; campaign ×${c.factor} for ${categoryName(city, c.category).zh} on ${campaignDay}${campaignDay.endsWith('-03-05') ? ' (学雷锋日)' : ''}`
    : '';
  const ignore = Math.max(0, 1 - b.accept - b.decline);
  return [
    `paidan city simulation · seed ${settings.seed} · ${settings.startDay} + ${settings.days} days (Asia/Shanghai)`,
    `  ${city.cities.length > 1 ? 'province' : 'city    '} ${city.areas.get(rootId(city))?.name.zh ?? rootId(city)}: ${city.cities.length > 1 ? `${city.cities.length} cities, ` : ''}${int(city.districts.length)} districts and counties, ${int(city.streets.length)} streets and townships, ${int(city.communities.length)} communities`,
    `  teams    ${int(city.teams.length)}, capacity ${int(capacity)} (by the area they serve: ${byTier})`,
    `  demand   ${int(settings.perDay)} requests a day (Poisson per community and service), ${pct(settings.urgentShare, 0)} urgent where allowed${campaign}`,
    `  answers  teams accept ${pct(b.accept, 0)} of offers, decline ${pct(b.decline, 0)}, ignore ${pct(ignore, 0)}; answer after Exp(mean ${pct(b.answerShare, 0)} of the acceptance window)` +
      `${b.quietHours ? ` counted from the first hour outside ${b.quietHours[0]}:00-${b.quietHours[1]}:00` : ''}`,
    `  service  log-normal time from acceptance to completion, median ${pct(b.serviceShare, 0)} of the service's SLA, σ ${b.serviceSigma}`,
    `  center   dispatches escalated requests by hand ${settings.centerHours.length ? `at ${settings.centerHours.map((h) => `${h}:00`).join(', ')}` : 'never'}`,
  ];
}

export function kpiLines(result: SimulationResult): string[] {
  const root = rootId(result.city);
  const k = kpisFor(result, root);
  const fair = fairnessFor(result, root);
  return [
    'KPIs: every request submitted in the simulated days, followed until it closed, expired or was rejected',
    ...table([
      ['requests', int(k.requests), ''],
      ['dispatched (offered to a first team)', int(k.dispatched), pct(k.requests ? k.dispatched / k.requests : null)],
      ['accepted', int(k.accepted), pct(k.requests ? k.accepted / k.requests : null)],
      ['completed', int(k.completed), pct(k.requests ? k.completed / k.requests : null)],
      ['unmet (expired, or rejected by the center)', int(k.unmet), pct(unmetShare(k), 2)],
      ['escalated to the center', int(k.escalated), pct(k.requests ? k.escalated / k.requests : null)],
      ['on-time acceptance', pct(k.onTimeAcceptanceRate), ''],
      ['on-time completion', pct(k.onTimeCompletionRate), ''],
      [
        'time to accept p50 / p90',
        `${duration(k.timeToAccept.p50Minutes)} / ${duration(k.timeToAccept.p90Minutes)}`,
        `mean ${duration(k.timeToAccept.meanMinutes)}`,
      ],
      [
        'time to complete p50 / p90',
        `${duration(k.timeToComplete.p50Minutes)} / ${duration(k.timeToComplete.p90Minutes)}`,
        `mean ${duration(k.timeToComplete.meanMinutes)}`,
      ],
      ['offers per request', k.offersPerRequest?.toFixed(2) ?? '–', ''],
      ['declined / lapsed, per offer', `${pct(k.declines.declineRate)} / ${pct(k.declines.lapseRate)}`, ''],
      [
        'fairness: Gini of accepted per capacity',
        fair.giniAcceptedPerCapacity.toFixed(3),
        `offers: ${fair.giniOffersPerCapacity.toFixed(3)}`,
      ],
      [
        'volunteer credits: people / hours / points',
        `${int(k.volunteers.people)} / ${int(k.volunteers.hours)} h / ${int(k.volunteers.points)}`,
        '',
      ],
    ]),
  ];
}

function areaRow(label: string, k: Kpis): string[] {
  return [
    label,
    int(k.requests),
    int(k.accepted),
    int(k.unmet),
    pct(unmetShare(k)),
    pct(k.onTimeAcceptanceRate),
    pct(k.onTimeCompletionRate),
    duration(k.timeToAccept.p50Minutes),
    duration(k.timeToAccept.p90Minutes),
  ];
}

const areaHeader = ['', 'requests', 'accepted', 'unmet', 'unmet %', 'on-time acc.', 'on-time compl.', 'accept p50', 'p90'];

/** Per district and county; per city for a province (its 136 counties would be a long page). */
export function districtLines(result: SimulationResult): string[] {
  const byCity = result.city.cities.length > 1;
  const rows = (byCity ? result.city.cities : result.city.districts).map((d) => {
    const fair = fairnessFor(result, d.id);
    return [...areaRow(d.name.zh, kpisFor(result, d.id)), int(fair.teams), int(fair.capacity), fair.giniAcceptedPerCapacity.toFixed(3)];
  });
  return [
    `Per ${byCity ? 'city' : 'district and county'} (teams: those serving within it and any that worked there)`,
    ...table([[...areaHeader, 'teams', 'capacity', 'Gini'], ...rows]),
  ];
}

export function dayLines(result: SimulationResult, settings: ReportSettings): string[] {
  const campaignDay = settings.campaign ? addDays(settings.startDay, settings.campaign.day) : undefined;
  const rows = result.counters
    .submissionDays()
    .map(([day, counts]) => areaRow(`${day} ${weekday(day)}${day === campaignDay ? ' ★' : ''}`, kpisOf(counts)));
  return [`Per day of submission${campaignDay ? ' (★ campaign day)' : ''}`, ...table([areaHeader, ...rows])];
}

export function runLines(result: SimulationResult, cpuMs?: number): string[] {
  const f = result.figures;
  const retries = f.skippedRetries;
  return [
    'Run',
    `  ${int(f.events)} events, ${int(f.transitions)} status changes, ${int(f.offersNotified)} offers (${int(f.offersByHand)} by hand), ${int(f.lateAnswers)} answers after the offer had lapsed`,
    `  ${int(f.sweeps)} sweeps (${int(retries)} retries of waiting requests that could not succeed were stored without running dispatch)`,
    `  capacity audited ${int(f.audits)} times plus on every offer: highest load ${pct(f.maxLoad, 0)} of a team's capacity, never above`,
    `  simulated ${new Date(f.startMs + 8 * 3600_000).toISOString().slice(0, 10)} to ${new Date(f.endMs + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')} (the last request ended: closed, expired or rejected) in ${(f.wallMs / 1000).toFixed(1)} s` +
      (cpuMs !== undefined ? ` (CPU ${(cpuMs / 1000).toFixed(1)} s)` : ''),
  ];
}

const MAX_HINTS = 15;

export function whatIfLines(result: WhatIfResult, city: City, target: number): string[] {
  const lines = [
    `What-if: which teams would bring unmet demand under ${pct(target, 0)} (greedy, then trimmed; each run has the same residents)`,
  ];
  lines.push(
    ...table([
      ['run', 'teams added', 'capacity added', 'unmet', 'unmet %', 'wall'],
      ...result.rounds.map((r) => [
        r === result.chosen && r.teamsAdded > 0 ? `${r.label} ←` : r.label,
        `+${int(r.teamsAdded)}`,
        `+${int(r.capacityAdded)}`,
        int(r.unmetRequests),
        pct(r.unmet, 3),
        `${(r.wallMs / 1000).toFixed(1)} s`,
      ]),
    ]),
  );
  const base = result.rounds[0]!;
  if (result.recruits.length === 0) {
    lines.push(
      base.unmet < target
        ? '  Unmet demand is under the target already: no recruitment needed.'
        : '  No cell of unmet requests to recruit for.',
    );
    return lines;
  }
  const c = result.chosen;
  lines.push(
    result.reached
      ? `  Recruitment hints: ${int(c.teamsAdded)} ${c.teamsAdded === 1 ? 'team' : 'teams'}, capacity ${int(c.capacityAdded)}, bring unmet demand from ${pct(base.unmet, 2)} to ${pct(c.unmet, 3)}:`
      : `  Not under ${pct(target, 0)} within ${result.rounds.length - 1} reruns; the hints so far (unmet ${pct(c.unmet, 2)}):`,
  );
  const shown = result.recruits.slice(0, MAX_HINTS);
  for (const r of shown) {
    const station = city.areas.get(r.stationStreetId)!;
    const district = city.areas.get(r.districtId)!;
    const hint = recruitmentHint(categoryName(city, r.category), [district.name, station.name]);
    const scope = r.servesAreaId === r.districtId ? `serving all of ${district.name.zh}` : `serving ${station.name.zh} only`;
    lines.push(
      `    ${hint.zh} +${r.teams} 队   (capacity ${r.capacity} each, ${scope}; ${r.unmet} such ${r.unmet === 1 ? 'request' : 'requests'} unmet in ${district.name.zh})`,
    );
  }
  const rest = result.recruits.slice(MAX_HINTS);
  if (rest.length > 0) lines.push(`    … and ${rest.length} more places with ${rest.reduce((n, r) => n + r.teams, 0)} teams in all`);
  return lines;
}
