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
