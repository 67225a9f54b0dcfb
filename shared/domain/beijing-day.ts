/**
 * Limits of so many a day count days of Beijing time: the day the pages call today (今天), and
 * the one the SMS providers count their daily caps in. The rate limiter's windows are fixed and
 * aligned to the epoch (UTC midnight), so a day's counter is given the time eight hours on: its
 * windows of a day are then Beijing days, from midnight to midnight.
 */
import { RateLimitedError } from './errors';

export const DAY_SECONDS = 24 * 60 * 60;

/** The time a day's counter is given (to `take`, `counted`, `giveBack`) for `now`. */
export const beijingDay = (now: Date) => new Date(now.getTime() + 8 * 3600_000);

/** Refused (429) for the rest of the Beijing day that holds `now`: `Retry-After` until its midnight. */
export const untilBeijingMidnight = (now: Date) => RateLimitedError.untilWindowEnds(DAY_SECONDS, beijingDay(now));
