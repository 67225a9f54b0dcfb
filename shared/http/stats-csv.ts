/**
 * The statistics export as CSV for Excel: UTF-8 with a byte-order mark (so Excel reads the
 * Chinese names right), CRLF line ends, fields quoted when they need it, and text cells that
 * could start a formula made inert.
 */
import type { StatsExport } from '#shared/use-cases/needs-statistics';

const columns = [
  'area_id',
  'area_zh',
  'area_en',
  'service_code',
  'service_zh',
  'service_en',
  'requests',
  'dispatched',
  'offers',
  'accepted',
  'completed',
  'closed',
  'expired',
  'escalated',
  'cancelled',
  'rejected',
  'declined',
  'declined_busy',
  'declined_out_of_area',
  'declined_no_skill',
  'declined_other',
  'lapsed',
  'on_time_acceptance_rate',
  'on_time_completion_rate',
  'offers_per_request',
  'decline_rate',
  'accept_mean_minutes',
  'accept_p50_minutes',
  'accept_p90_minutes',
  'complete_mean_minutes',
  'complete_p50_minutes',
  'complete_p90_minutes',
  'ratings',
  'mean_stars',
  'share_4_or_5_stars',
  'volunteers',
  'volunteer_hours',
  'points',
] as const;

type Cell = string | number | null;

export function statsCsv(data: StatsExport): string {
  const lines = [columns.join(',')];
  for (const { area, serviceCode, serviceName, kpis: k } of data.rows) {
    const row: Cell[] = [
      area.id,
      area.name.zh,
      area.name.en,
      serviceCode,
      serviceName.zh,
      serviceName.en,
      k.requests,
      k.dispatched,
      k.offers,
      k.accepted,
      k.completed,
      k.closed,
      k.expired,
      k.escalated,
      k.cancelled,
      k.rejected,
      k.declines.declined,
      k.declines.byReason.busy.count,
      k.declines.byReason['out-of-area'].count,
      k.declines.byReason['no-skill'].count,
      k.declines.byReason.other.count,
      k.declines.lapsed,
      k.onTimeAcceptanceRate,
      k.onTimeCompletionRate,
      k.offersPerRequest,
      k.declines.declineRate,
      k.timeToAccept.meanMinutes,
      k.timeToAccept.p50Minutes,
      k.timeToAccept.p90Minutes,
      k.timeToComplete.meanMinutes,
      k.timeToComplete.p50Minutes,
      k.timeToComplete.p90Minutes,
      k.satisfaction.ratings,
      k.satisfaction.meanStars,
      k.satisfaction.shareFourOrFive,
      k.volunteers.people,
      k.volunteers.hours,
      k.volunteers.points,
    ];
    lines.push(row.map(field).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function statsCsvFileName(data: StatsExport): string {
  return `paidan-stats_${data.area.id}_${data.period.from}_${data.period.to}.csv`;
}

function field(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  // A cell starting with = + - @ (or a tab or CR) would be run as a formula by a spreadsheet, and
  // so would one whose leading spaces or line breaks the spreadsheet trims first.
  const inert = /^[\t\r]|^\s*[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}
