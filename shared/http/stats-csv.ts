/** The statistics export as CSV for Excel (one row per area × service). */
import type { Kpis } from '#shared/domain/stats';
import type { StatsExport } from '#shared/use-cases/needs-statistics';
import { type CsvCell, csvDocument } from './csv';

type Row = StatsExport['rows'][number];
type Figure = (k: Kpis) => CsvCell;

/** What identifies a row. */
const identity: readonly (readonly [string, (row: Row) => CsvCell])[] = [
  ['area_id', (r) => r.area.id],
  ['area_zh', (r) => r.area.name.zh],
  ['area_en', (r) => r.area.name.en],
  ['service_code', (r) => r.serviceCode],
  ['service_zh', (r) => r.serviceName.zh],
  ['service_en', (r) => r.serviceName.en],
];

/**
 * Every figure of a KPI block, each once (`stats-csv.test.ts` checks none is left out). Columns
 * are only ever added, so files read by other systems keep their meaning; `volunteer_visits` was
 * `volunteers` before 2026-12-07 (it counts a person once per visit, not distinct people).
 */
const figures: readonly (readonly [string, Figure])[] = [
  ['requests', (k) => k.requests],
  ['dispatched', (k) => k.dispatched],
  ['offers', (k) => k.offers],
  ['accepted', (k) => k.accepted],
  ['completed', (k) => k.completed],
  ['closed', (k) => k.closed],
  ['expired', (k) => k.expired],
  ['escalated', (k) => k.escalated],
  ['cancelled', (k) => k.cancelled],
  ['rejected', (k) => k.rejected],
  ['reopened', (k) => k.reopened],
  ['reopen_rate', (k) => k.reopenRate],
  ['declined', (k) => k.declines.declined],
  ['declined_busy', (k) => k.declines.byReason.busy.count],
  ['declined_out_of_area', (k) => k.declines.byReason['out-of-area'].count],
  ['declined_no_skill', (k) => k.declines.byReason['no-skill'].count],
  ['declined_other', (k) => k.declines.byReason.other.count],
  ['lapsed', (k) => k.declines.lapsed],
  ['on_time_acceptance_rate', (k) => k.onTimeAcceptanceRate],
  ['on_time_completion_rate', (k) => k.onTimeCompletionRate],
  ['offers_per_request', (k) => k.offersPerRequest],
  ['decline_rate', (k) => k.declines.declineRate],
  ['accept_mean_minutes', (k) => k.timeToAccept.meanMinutes],
  ['accept_p50_minutes', (k) => k.timeToAccept.p50Minutes],
  ['accept_p90_minutes', (k) => k.timeToAccept.p90Minutes],
  ['complete_mean_minutes', (k) => k.timeToComplete.meanMinutes],
  ['complete_p50_minutes', (k) => k.timeToComplete.p50Minutes],
  ['complete_p90_minutes', (k) => k.timeToComplete.p90Minutes],
  ['ratings', (k) => k.satisfaction.ratings],
  ['mean_stars', (k) => k.satisfaction.meanStars],
  ['share_4_or_5_stars', (k) => k.satisfaction.shareFourOrFive],
  ['volunteer_visits', (k) => k.volunteers.people],
  ['volunteer_hours', (k) => k.volunteers.hours],
  ['points', (k) => k.volunteers.points],
  ['wishes_published', (k) => k.wishes.published],
  ['wishes_claimed', (k) => k.wishes.claimed],
  ['wishes_claimed_by_volunteers', (k) => k.wishes.claimedBy.volunteer],
  ['wishes_claimed_by_teams', (k) => k.wishes.claimedBy.team],
  ['wishes_claimed_by_units', (k) => k.wishes.claimedBy.unit],
  ['wishes_fulfilled', (k) => k.wishes.fulfilled],
  ['wishes_returned', (k) => k.wishes.returned],
  ['wishes_unreviewed', (k) => k.wishes.unreviewed],
  ['wish_claim_mean_hours', (k) => k.wishes.meanHoursToClaim],
  ['wish_fulfil_mean_hours', (k) => k.wishes.meanHoursToFulfil],
  // Added 2026-12-07: unmet demand and the rest of the dashboard's figures.
  ['unmet', (k) => k.unmet],
  ['lapse_rate', (k) => k.declines.lapseRate],
  ['declined_busy_rate', (k) => k.declines.byReason.busy.rate],
  ['declined_out_of_area_rate', (k) => k.declines.byReason['out-of-area'].rate],
  ['declined_no_skill_rate', (k) => k.declines.byReason['no-skill'].rate],
  ['declined_other_rate', (k) => k.declines.byReason.other.rate],
  ['accept_timed', (k) => k.timeToAccept.count],
  ['complete_timed', (k) => k.timeToComplete.count],
  ['stars_1', (k) => k.satisfaction.stars[0]],
  ['stars_2', (k) => k.satisfaction.stars[1]],
  ['stars_3', (k) => k.satisfaction.stars[2]],
  ['stars_4', (k) => k.satisfaction.stars[3]],
  ['stars_5', (k) => k.satisfaction.stars[4]],
  ['volunteer_minutes', (k) => k.volunteers.minutes],
  ['wishes_fulfilled_by_volunteers', (k) => k.wishes.fulfilledBy.volunteer],
  ['wishes_fulfilled_by_teams', (k) => k.wishes.fulfilledBy.team],
  ['wishes_fulfilled_by_units', (k) => k.wishes.fulfilledBy.unit],
];

export function statsCsv(data: StatsExport): string {
  const header = [...identity.map(([name]) => name), ...figures.map(([name]) => name)];
  const rows = data.rows.map((row): CsvCell[] => [...identity.map(([, cell]) => cell(row)), ...figures.map(([, cell]) => cell(row.kpis))]);
  return csvDocument(header, rows);
}

export function statsCsvFileName(data: StatsExport): string {
  return `paidan-stats_${data.area.id}_${data.period.from}_${data.period.to}.csv`;
}
