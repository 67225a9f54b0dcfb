/**
 * The statistics' calendar: every counter counts on the Shanghai calendar day its event
 * happened, and periods are whole days.
 */
export const STATS_TIME_ZONE = 'Asia/Shanghai';
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** The Shanghai calendar day of an instant, `YYYY-MM-DD`. */
export function statsDay(at: string | Date): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** `day` moved by `n` calendar days. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included. */
export function daysInPeriod(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** The months (`YYYY-MM`) from the Shanghai day `from` to the day `to` (YYYY-MM-DD), newest first. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = to.slice(0, 7); m >= from.slice(0, 7); ) {
    months.push(m);
    const [y, mo] = m.split('-').map(Number) as [number, number];
    m = mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, '0')}`;
  }
  return months;
}

/** The month `m` (YYYY-MM) moved by `n` months. */
export function addMonths(m: string, n: number): string {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  const index = y * 12 + (mo - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The first and last day (YYYY-MM-DD) of the month `m` (YYYY-MM). */
export function daysOfMonth(m: string): DayRange {
  return { from: `${m}-01`, to: addDays(`${addMonths(m, 1)}-01`, -1) };
}

/**
 * The period `from` … `to` (days, both included) cut into whole months (`YYYY-MM`) and the days
 * before the first and after the last of them (ranges of days; none when the edge is whole).
 */
export function wholeMonthsOf(
  from: string,
  to: string,
): { readonly months: string[]; readonly before?: DayRange; readonly after?: DayRange } {
  const first = from.endsWith('-01') ? from.slice(0, 7) : addMonths(from.slice(0, 7), 1);
  const last = daysOfMonth(to.slice(0, 7)).to === to ? to.slice(0, 7) : addMonths(to.slice(0, 7), -1);
  if (first > last) return { months: [], before: { from, to } };
  const months = monthsBetween(`${first}-01`, `${last}-01`).reverse();
  const firstDay = `${first}-01`;
  const lastDay = daysOfMonth(last).to;
  return {
    months,
    ...(from < firstDay ? { before: { from, to: addDays(firstDay, -1) } } : {}),
    ...(to > lastDay ? { after: { from: addDays(lastDay, 1), to } } : {}),
  };
}

export interface DayRange {
  readonly from: string;
  readonly to: string;
}
