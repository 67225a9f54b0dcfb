/**
 * How a number is written in free text, to slip past a filter or as it comes: its digits, the
 * separators between them, and which digits make a phone. What `contact-in-text.ts`,
 * `dates-in-text.ts` and `amounts-in-text.ts` read numbers with.
 */

/** A digit, ASCII or full-width (a Chinese keyboard's). */
export const D = '[0-9\uff10-\uff19]';
/**
 * A digit as a number is also written to slip past a filter or read out: in Chinese numerals
 * (一三八…, 幺 for one, 〇/○/零 for zero), their banker's forms (壹贰叁…) or circled (①③⑧). Never 十, 百 or 两:
 * a phone number is read digit by digit, and those make the quantities a team needs (十二个).
 */
export const DIGITISH = '[0-9\uff10-\uff19\u2460-\u2468\u24ea零〇○一二三四五六七八九幺壹贰叁肆伍陆柒捌玖]';
const CHINESE_VALUES: Readonly<Record<string, string>> = Object.fromEntries(
  ['零〇○', '一幺壹', '二贰', '三叁', '四肆', '五伍', '六陆', '七柒', '八捌', '九玖'].flatMap((chars, value) =>
    Array.from(chars, (c) => [c, String(value)]),
  ),
);

/** The text with every digit of `DIGITISH` as its ASCII digit: `幺三八①２` → `13812`. */
export function asciiDigits(text: string): string {
  return text.replace(new RegExp(DIGITISH, 'g'), (c) => {
    const code = c.charCodeAt(0);
    if (code >= 0xff10 && code <= 0xff19) return String(code - 0xff10);
    if (code >= 0x2460 && code <= 0x2468) return String(code - 0x2460 + 1);
    if (code === 0x24ea) return '0';
    return CHINESE_VALUES[c] ?? c;
  });
}

/** A dash of any width: `-`, `－`, `‐` to `―`, a minus `−`, a small one `﹘` `﹣`. */
export const DASH = '\\-\uff0d\u2010-\u2015\u2212\ufe58\ufe63';
/**
 * Up to three separators between two digits: `138 1234 5678`, `138-1234-5678`, `138 - 1234 - 5678`,
 * `138—1234—5678`, any space (a tab, a no-break or a thin one, as pasted text brings) and the
 * invisible characters a number can be split by to slip past a filter.
 */
export const SEP_CHAR = `[ \\t.${DASH}\u00a0\u3000\uff0e\u2000-\u200d\u202f\u205f\u2060\ufeff]`;
export const SEP = `${SEP_CHAR}{0,3}`;
/**
 * A mark that also separates a list, a thousands group, a sentence or a time (`1,234,567`,
 * `120/150/180`, `1、2、3`, `共3人。1234`, `10:00`, `1000~2000`, or one number a line): inside a number
 * only before a group of four digits or more, as a phone's are (`138,1234,5678`, `139/5555/6666`,
 * `0538、6212345`, `138。1234。5678`, `138:1234:5678`), and only where the whole is a phone's (`PHONE_DIGITS`).
 */
export const LIST_MARK = '(?:[,\uff0c\u3001/\uff0f_\u00b7\u2022\u30fb\uff65\u3002\uff61:\uff1a\u2236;\uff1b~\uff5e]|\\n)';
export const LIST_SEP = `\\s?${LIST_MARK}\\s?(?=${DIGITISH}{4})`;
/**
 * A mainland mobile or a landline from its area code's 0 (never 00, the international prefix), with
 * or without the country's 86 (`+86`, `0086`).
 */
export const PHONE_DIGITS = /^(?:(?:00)?86)?(?:1[3-9]\d{9}|0[1-9]\d{8,10})$/;
/** The most digits `PHONE_DIGITS` takes: `0086` and a landline's twelve. */
export const MOST_PHONE_DIGITS = 16;

const digit = new RegExp(DIGITISH, 'g');

/** `found` with every digit (or what `digits` takes, global) but its last four starred. */
export function starredButLastFour(found: string, digits: RegExp = digit): string {
  const hidden = (found.match(digits)?.length ?? 0) - 4;
  let seen = 0;
  return found.replace(digits, (d) => (++seen <= hidden ? '*' : d));
}
