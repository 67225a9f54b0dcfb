/**
 * Service hours: the part of the day a volunteer team can be asked to answer an offer, 08:00 to
 * 20:00 Beijing time, on any day but the team's own days off (`Team.blackoutDates`, Beijing dates;
 * weekends are days like any other: volunteer teams work them). A normal offer's acceptance window
 * counts only these hours, so an offer made at 22:00 with four hours to answer is due at 12:00
 * the next day, and one made at 23:50 before a day off is due the day after it.
 */

/** Where a service day starts and ends, in Beijing hours. */
export const SERVICE_DAY_START_HOUR = 8;
export const SERVICE_DAY_END_HOUR = 20;

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const BEIJING = 8 * HOUR;

/** The Beijing date (`2026-12-12`) of an instant. */
const beijingDate = (ms: number) => new Date(ms + BEIJING).toISOString().slice(0, 10);

/**
 * When a window of `minutes` service hours that opens at `from` ends: the hours before 08:00 and
 * from 20:00 Beijing, and the days in `daysOff`, do not count. A window that ends at 20:00 ends
 * then, not at 08:00 the next day. `daysOff` is at most a year's dates, so the walk ends.
 */
export function serviceHoursEnd(from: string, minutes: number, daysOff: readonly string[] = []): string {
  const off = new Set(daysOff);
  let left = minutes * 60_000;
  let at = Date.parse(from);
  // Midnight Beijing of the day that holds `from`, as an instant.
  let day = Math.floor((at + BEIJING) / DAY) * DAY - BEIJING;
  for (;;) {
    const opens = day + SERVICE_DAY_START_HOUR * HOUR;
    const closes = day + SERVICE_DAY_END_HOUR * HOUR;
    if (!off.has(beijingDate(day))) {
      const start = Math.max(at, opens);
      if (start < closes) {
        if (start + left <= closes) return new Date(start + left).toISOString();
        left -= closes - start;
      }
    }
    day += DAY;
    at = day;
  }
}
