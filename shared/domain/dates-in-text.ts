import { D } from './digits-in-text';

/**
 * A real date, with no digit right before or after it (`2026-12-06`, `2026/12/1`, `２０２６－１２－０６`,
 * `2026 - 12 - 06`, `2026-12-01 09:00`): a year of 1900 to 2099, a month up to 12 and a day up to 31, so that
 * `138-1234-56-78` is a phone's groups and no date. A number stops short of one and the date stays,
 * unless it and the groups touching it make a phone's digits (`phonesThroughDates` in `contact-in-text.ts`).
 */
const DATE_MARK = '[ \u3000]?[-./\uff0d\uff0e\uff0f][ \u3000]?';
export const CALENDAR_DATE =
  `(?<!${D})(?:[1\uff11][9\uff19]|[2\uff12][0\uff10])${D}{2}${DATE_MARK}(?:[0\uff10]?[1-9\uff11-\uff19]|[1\uff11][0-2\uff10-\uff12])` +
  `${DATE_MARK}(?:[0\uff10]?[1-9\uff11-\uff19]|[12\uff11\uff12]${D}|[3\uff13][01\uff10\uff11])(?!${D})`;
/** A real date and the time after it, if any: what the wish wall (`wish.ts`) and `maskNumbersIn` leave as it is. */
export const DATE = `${CALENDAR_DATE}(?:[ T]${D}{1,2}:${D}{2})?`;
