/** A resident's identity number typed into free text, however split or written: masked but its last four digits. */
import { asciiDigits, DIGITISH, LIST_MARK, SEP, starredButLastFour } from './digits-in-text';

/**
 * An identity number split into its parts (region, birth date, sequence and check digit), where the
 * birth date would be read as a date or the parts as a list: `370902-1980-01-01-123X`,
 * `110101 1990 - 1 - 1 1234`, `110101，1990，01，01，1234`. A month or day of one digit is followed
 * by a mark, and counted as its two (`1` as `01`). It counts as one only with a real region and
 * birth date (`IDENTITY_DIGITS`).
 */
const ID_SEP = `(?:${SEP}|\\s?${LIST_MARK}\\s?)`;
const CHECK = '[Xx\uff38\uff58]';
const ONE_OR_TWO = `${DIGITISH}{2}|${DIGITISH}(?!${DIGITISH})`;
const IDENTITY =
  `(?<!${DIGITISH})(?<region>${DIGITISH}{6})${ID_SEP}(?<year>${DIGITISH}{4})${ID_SEP}(?<month>${ONE_OR_TWO})${ID_SEP}` +
  `(?<day>${ONE_OR_TWO})${ID_SEP}(?<rest>${DIGITISH}{3}(?:${DIGITISH}|${CHECK}))(?!${DIGITISH})`;
/**
 * A month or a day as a birth date is written out: in digits of any form (`1`, `01`, `一`, `〇一`) or
 * in Chinese numerals with 十 (`十二`, `二十`, `三十一`).
 */
const MONTH_OR_DAY = `(?:[二三]?十[一二三四五六七八九]?|${DIGITISH}{1,2})`;
/**
 * An identity number whose birth date is written as a date in words: `110101一九九零年一月一日123X`,
 * `110101 1990年01月01日 1234`.
 */
const IDENTITY_WRITTEN_DATE =
  `(?<!${DIGITISH})(?<region>${DIGITISH}{6})${ID_SEP}(?<year>${DIGITISH}{4})\\s?年\\s?(?<month>${MONTH_OR_DAY})\\s?月` +
  `\\s?(?<day>${MONTH_OR_DAY})\\s?[日号]?${ID_SEP}(?<rest>${DIGITISH}{3}(?:${DIGITISH}|${CHECK}))(?!${DIGITISH})`;
/** Region, birth date, sequence and check digit. */
const IDENTITY_DIGITS = /^[1-8]\d{5}(?:18|19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dX]$/;

const identity = new RegExp(IDENTITY, 'g');
const identityWrittenDate = new RegExp(IDENTITY_WRITTEN_DATE, 'g');
const digitOrTen = new RegExp(`${DIGITISH}|十`, 'g');
const identityDigits = (s: string) =>
  asciiDigits(s)
    .replace(/[\uff38\uff58x]/g, 'X')
    .replace(/[^\dX]/g, '');

/** A month or day as `MONTH_OR_DAY` takes it, in two digits: `三十一` → `31`, `一` → `01`. */
function twoDigits(written: string): string {
  const [tens, ones] = written.split('十');
  const value =
    ones === undefined ? Number(asciiDigits(written)) : Number(asciiDigits(tens || '1')) * 10 + Number(asciiDigits(ones || '0'));
  return String(value).padStart(2, '0');
}

/** Whether the parts an identity's pattern found make a real region and birth date, a month or day padded to two digits. */
function isIdentity(parts: Record<string, string | undefined>): boolean {
  const { region = '', year = '', month = '', day = '', rest = '' } = parts;
  return IDENTITY_DIGITS.test(identityDigits(region + year) + twoDigits(month) + twoDigits(day) + identityDigits(rest));
}

/**
 * Free text with every identity number whose parts read as something else masked but its last four
 * digits: `370902-1980-01-01-1234` → `******-****-**-**-1234`, `110101一九九零年一月一日123X` →
 * `**********年*月一日123X` (十 is starred as a digit there). An unbroken one is a run of digits to
 * `maskNumbersIn` like any other.
 */
export function maskIdentitiesIn(text: string): string {
  return text
    .replace(identity, (found, ...args) => (isIdentity(args.at(-1)) ? starredButLastFour(found) : found))
    .replace(identityWrittenDate, (found, ...args) => (isIdentity(args.at(-1)) ? starredButLastFour(found, digitOrTen) : found));
}
