/**
 * 问需统计: the needs statistics and KPIs of an area over a period, for the center and the
 * stations (`GET /admin/stats`, `GET /admin/stats.csv`). Read from the counters alone (whole
 * months from their monthly roll-ups, other days from the day counters), never from the
 * requests: the answer costs the same on a city's data as on a community's. Station staff see
 * their own area and what is inside it.
 */
import * as z from '#shared/domain/zod';
import { areaId as areaIdSchema, levelOf, lineage, parentId, type Area } from '#shared/domain/area';
import type { Service } from '#shared/domain/catalog';
import { NotFoundError, ValidationError } from '#shared/domain/errors';
import { assertInScope, type Staff } from '#shared/domain/staff';
import {
  countersOf,
  hasActivity,
  keepsCounters,
  kpisOf,
  recruitmentHint,
  sumCounts,
  type Counts,
  type Kpis,
  type LocalizedName,
} from '#shared/domain/stats';
import { addDays, daysInPeriod, monthsBetween, statsDay, STATS_TIME_ZONE } from '#shared/domain/stats-calendar';
import { calendarDay, parseOrThrow } from '#shared/domain/validation';
import type { AreaRepository } from '#shared/ports/area-repository';
import type { CatalogRepository } from '#shared/ports/catalog-repository';
import type { Clock } from '#shared/ports/clock';
import type { ServiceSpan, StatsReads } from '#shared/ports/stats-counters';
import type { TeamRepository } from '#shared/ports/team-repository';
import { districtsHolding } from './districts';
import { inBatches } from './in-batches';
import { teamLoadOf, type TeamLoad } from './team-load';

export interface NeedsStatisticsDeps {
  readonly counters: Pick<StatsReads, 'serviceDays' | 'servicePeriod' | 'teamPeriod'>;
  readonly areas: Pick<AreaRepository, 'get' | 'getMany' | 'childrenOf'>;
  readonly catalog: Pick<CatalogRepository, 'menu'>;
  readonly teams: Pick<TeamRepository, 'get' | 'servingWithin'>;
  readonly clock: Clock;
}

export const statsQuery = z.strictObject({
  from: z.optional(calendarDay()),
  to: z.optional(calendarDay()),
  area: z.optional(areaIdSchema),
  service: z.optional(z.string().check(z.regex(/^[a-z][a-z0-9-]{1,39}$/, 'Not a service code'))),
});

/** The period when none is asked for: the last 30 days, today included. */
export const DEFAULT_PERIOD_DAYS = 30;
export const MAX_PERIOD_DAYS = 366;
/** The longest period given day by day (`byDay`); every period is also given month by month. */
export const MAX_DAILY_SERIES_DAYS = 92;
/** Area partitions read at once. */
const READ_CONCURRENCY = 8;

export interface AreaRef {
  readonly id: string;
  readonly level: Area['level'];
  readonly name: LocalizedName;
}

export interface RecruitmentHint {
  readonly areaId: string;
  readonly serviceCode: string;
  /** Requests nobody took within the service's time limit. */
  readonly expired: number;
  /** Unmet demand: `expired`, plus those staff rejected while with the center (`Kpis.unmet`). */
  readonly unmet: number;
  /** Requests that waited past the service's escalation time (or ran out of automatic offers). */
  readonly escalated: number;
  readonly zh: string;
  readonly en: string;
}

export type { TeamLoad, TeamLoadRow } from './team-load';

export interface StatsReport {
  readonly period: { readonly from: string; readonly to: string; readonly days: number; readonly timeZone: string };
  readonly area: AreaRef;
  /** The one service asked for; null for all services. */
  readonly service: { readonly code: string; readonly name: LocalizedName } | null;
  readonly totals: Kpis;
  /** Services with any activity, most requests first. */
  readonly byService: ReadonlyArray<{ readonly serviceCode: string; readonly name: LocalizedName } & Kpis>;
  /** Every child area of the area (none for a community), in id order. */
  readonly byChildArea: ReadonlyArray<AreaRef & Kpis>;
  /** Every day of the period, oldest first: the KPIs over time (empty past MAX_DAILY_SERIES_DAYS). */
  readonly byDay: ReadonlyArray<DayPoint>;
  /** Every month the period touches, oldest first (an edge month counts its days in the period). */
  readonly byMonth: ReadonlyArray<MonthPoint>;
  readonly teamLoad: TeamLoad;
  readonly recruitmentHints: readonly RecruitmentHint[];
}

export interface DayPoint extends SeriesKpis {
  readonly day: string;
}

export interface MonthPoint extends SeriesKpis {
  readonly month: string;
}

interface SeriesKpis {
  readonly requests: number;
  readonly accepted: number;
  readonly completed: number;
  readonly expired: number;
  readonly onTimeAcceptanceRate: number | null;
  readonly meanStars: number | null;
}

/** Each day from `from` to `to` (YYYY-MM-DD), with its KPIs; days without activity count zero. */
function dayPoints(from: string, to: string, rows: readonly ServiceSpan[]): DayPoint[] {
  const byDay = groupCounts(rows, (d) => d.span);
  const points: DayPoint[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) points.push({ day, ...seriesKpis(byDay.get(day) ?? {}) });
  return points;
}

/** Each month from `from` to `to`, with its KPIs from its days' and whole months' rows. */
function monthPoints(from: string, to: string, rows: readonly ServiceSpan[]): MonthPoint[] {
  const byMonth = groupCounts(rows, (d) => d.span.slice(0, 7));
  return monthsBetween(from, to)
    .reverse()
    .map((month) => ({ month, ...seriesKpis(byMonth.get(month) ?? {}) }));
}

function seriesKpis(counts: Counts): SeriesKpis {
  const k = kpisOf(counts);
  return {
    requests: k.requests,
    accepted: k.accepted,
    completed: k.completed,
    expired: k.expired,
    onTimeAcceptanceRate: k.onTimeAcceptanceRate,
    meanStars: k.satisfaction.meanStars,
  };
}

export interface StatsExportRow {
  readonly area: AreaRef;
  readonly serviceCode: string;
  readonly serviceName: LocalizedName;
  readonly kpis: Kpis;
}

export interface StatsExport {
  readonly period: StatsReport['period'];
  readonly area: AreaRef;
  /** One row per child area (the area itself for a community) and service with any activity. */
  readonly rows: readonly StatsExportRow[];
}

/** The dashboard: totals, by service, by child area, team load and recruitment hints. */
export async function statsDashboard(deps: NeedsStatisticsDeps, staff: Staff, query: unknown): Promise<StatsReport> {
  const scope = await scopeOf(deps, staff, query);
  const { period, root, children, services, service } = scope;
  const daily = period.days <= MAX_DAILY_SERIES_DAYS;
  /** An area's rows of the period: day by day when `byDay` is given, else whole months where rolled up. */
  const spans = (areaId: string): Promise<ServiceSpan[]> =>
    daily
      ? deps.counters.serviceDays(areaId, period.from, period.to).then((days) => days.map(({ day, ...row }) => ({ span: day, ...row })))
      : deps.counters.servicePeriod(areaId, period.from, period.to);
  const [[childDays, rootDays], teamDays] = await Promise.all([
    keepsCounters(root.id)
      ? Promise.all([
          inBatches(children, READ_CONCURRENCY, (c) => deps.counters.servicePeriod(c.id, period.from, period.to)),
          spans(root.id),
        ])
      : // A city or province keeps no counters of its own (`countersOf`): each district within it is read
        // once, and the root's rows and each child's are theirs.
        readGrouped([scope.countersOf(root.id), ...children.map((c) => scope.countersOf(c.id))], spans).then(
          (groups) => [groups.slice(1), groups[0]!] as const,
        ),
    readGrouped([scope.countersOf(root.id)], (id) => deps.counters.teamPeriod(id, period.from, period.to)).then((g) => g[0]!),
  ]);
  const ofService = (days: readonly ServiceSpan[]) => (service ? days.filter((d) => d.serviceCode === service.code) : days);
  const byServiceCode = groupCounts(ofService(rootDays), (d) => d.serviceCode);
  const byService = [...byServiceCode]
    .filter(([, counts]) => hasActivity(counts))
    .map(([code, counts]) => ({ serviceCode: code, name: nameOfService(services, code), ...kpisOf(counts) }))
    .sort((a, b) => b.requests - a.requests || a.serviceCode.localeCompare(b.serviceCode));
  const byChildArea = children.map((child, i) => ({
    ...refOf(child),
    ...kpisOf(sumCounts(ofService(childDays[i]!).map((d) => d.counts))),
  }));
  const cellAreas =
    children.length > 0 ? children.map((c, i) => [c, ofService(childDays[i]!)] as const) : [[root, ofService(rootDays)] as const];
  const recruitmentHints = cellAreas
    .flatMap(([area, days]) =>
      [...groupCounts(days, (d) => d.serviceCode)].flatMap(([code, counts]): RecruitmentHint[] => {
        const { expired, unmet, escalated } = kpisOf(counts);
        if (unmet + escalated === 0) return [];
        const hint = recruitmentHint(nameOfService(services, code), pathOf(scope.names, area.id));
        return [{ areaId: area.id, serviceCode: code, expired, unmet, escalated, ...hint }];
      }),
    )
    .sort((a, b) => b.unmet - a.unmet || b.escalated - a.escalated || a.areaId.localeCompare(b.areaId));
  return {
    period,
    area: refOf(root),
    service: service ? { code: service.code, name: service.name } : null,
    totals: kpisOf(sumCounts(ofService(rootDays).map((d) => d.counts))),
    byService,
    byChildArea,
    byDay: daily ? dayPoints(period.from, period.to, ofService(rootDays)) : [],
    byMonth: monthPoints(period.from, period.to, ofService(rootDays)),
    teamLoad: await teamLoadOf(deps, root, services, service, teamDays),
    recruitmentHints,
  };
}

/** The export: one row per child area and service, the same counts and rates as the dashboard. */
export async function statsExport(deps: NeedsStatisticsDeps, staff: Staff, query: unknown): Promise<StatsExport> {
  const { period, root, children, services, service, ...scope } = await scopeOf(deps, staff, query);
  const areas = children.length > 0 ? children : [root];
  const days = await readGrouped(
    areas.map((a) => scope.countersOf(a.id)),
    (id) => deps.counters.servicePeriod(id, period.from, period.to),
  );
  const rows = areas.flatMap((area, i) =>
    [...groupCounts(days[i]!, (d) => d.serviceCode)]
      .filter(([code, counts]) => (!service || code === service.code) && hasActivity(counts))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, counts]) => ({
        area: refOf(area),
        serviceCode: code,
        serviceName: nameOfService(services, code),
        kpis: kpisOf(counts),
      })),
  );
  return { period, area: refOf(root), rows };
}

interface Scope {
  readonly period: StatsReport['period'];
  readonly root: Area;
  readonly children: readonly Area[];
  /** Names of the root, its children and the areas above it, for recruitment hints. */
  readonly names: ReadonlyMap<string, Area>;
  readonly services: readonly Service[];
  readonly service: Service | undefined;
  /** The areas whose counters hold an area's figures (`countersOf` of the domain). */
  readonly countersOf: (areaId: string) => string[];
}

async function scopeOf(deps: NeedsStatisticsDeps, staff: Staff, query: unknown): Promise<Scope> {
  const q = parseOrThrow(statsQuery, query ?? {});
  const to = q.to ?? statsDay(deps.clock.now());
  const from = q.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  if (from > to) throw new ValidationError([{ field: 'from', message: 'Must not be after `to`' }]);
  if (daysInPeriod(from, to) > MAX_PERIOD_DAYS) throw new ValidationError([{ field: 'from', message: `At most ${MAX_PERIOD_DAYS} days` }]);

  const asked = q.area ?? staff.areaId;
  // Outside a station's area is "not found", checked before anything is read.
  if (asked) assertInScope(staff, asked, 'Area');
  const [root, menu] = await Promise.all([asked ? deps.areas.get(asked) : firstCity(deps.areas), deps.catalog.menu()]);
  if (!root) throw new NotFoundError('Area');
  const service = q.service ? menu.services.find((s) => s.code === q.service) : undefined;
  if (q.service && !service) throw new ValidationError([{ field: 'service', message: 'No such service on the menu' }]);

  // One level below the root (东莞's towns are its children: their district `441900` is not in the
  // table), the names above it, and where the children keep no counters (a province's cities) the
  // districts within each: never the streets and communities below.
  const [children, above] = await Promise.all([deps.areas.childrenOf(root.id), deps.areas.getMany(lineage(root.id).slice(1))]);
  const below = await inBatches(
    children.filter((c) => !keepsCounters(c.id)),
    READ_CONCURRENCY,
    (c) => districtsHolding(deps.areas, c.id),
  );
  const known = [...children.map((c) => c.id), ...below.flat()];
  const names = new Map<string, Area>([root, ...children, ...above.flatMap((a) => (a ? [a] : []))].map((a) => [a.id, a]));
  return {
    period: { from, to, days: daysInPeriod(from, to), timeZone: STATS_TIME_ZONE },
    root,
    children,
    names,
    services: menu.services,
    service,
    countersOf: (areaId) => countersOf(areaId, known),
  };
}

/**
 * With no area asked (staff of the whole deployment): the first city in code order, or the first
 * province when no city is stored. A level read at a time.
 */
async function firstCity(areas: NeedsStatisticsDeps['areas']): Promise<Area | undefined> {
  const top = await areas.childrenOf();
  for (const area of top) {
    if (area.level === 'city') return area;
    if (area.level !== 'province') continue;
    const city = (await areas.childrenOf(area.id)).find((a) => a.level === 'city');
    if (city) return city;
  }
  return top.find((a) => parentId(a.id) === undefined);
}

/**
 * For each group of area ids, the rows of all its areas as one list: every area read once
 * (READ_CONCURRENCY at a time), however many groups name it.
 */
async function readGrouped<T>(groups: ReadonlyArray<readonly string[]>, read: (areaId: string) => Promise<T[]>): Promise<T[][]> {
  const ids = [...new Set(groups.flat())];
  const results = await inBatches(ids, READ_CONCURRENCY, read);
  const rowsOf = new Map(ids.map((id, i) => [id, results[i]!]));
  return groups.map((group) => group.flatMap((id) => rowsOf.get(id)!));
}

function groupCounts<T extends { readonly counts: Counts }>(
  rows: readonly T[],
  keyOf: (row: T) => string,
): Map<string, Record<string, number>> {
  const groups = new Map<string, Counts[]>();
  for (const row of rows) groups.set(keyOf(row), [...(groups.get(keyOf(row)) ?? []), row.counts]);
  return new Map([...groups].map(([key, counts]) => [key, sumCounts(counts)]));
}

const refOf = (area: Area): AreaRef => ({ id: area.id, level: area.level, name: area.name });

function nameOfService(services: readonly Service[], code: string): LocalizedName {
  return services.find((s) => s.code === code)?.name ?? { zh: code, en: code };
}

/** An area's names from the district down (the province and city go without saying). */
function pathOf(names: ReadonlyMap<string, Area>, areaId: string): LocalizedName[] {
  // A level the table leaves out (东莞's district 441900) has no name and no place in the path.
  return lineage(areaId)
    .filter((id) => !['province', 'city'].includes(levelOf(id)))
    .reverse()
    .flatMap((id) => {
      const area = names.get(id);
      return area ? [area.name] : [];
    });
}
