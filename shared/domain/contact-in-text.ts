/**
 * A person's contact typed into free text: a number that could reach a person, however it is
 * written, and an email, WeChat or QQ id. The one place that knows what they look like: a team sees
 * them masked before it accepts (`maskContactIn`, with the door numbers of `address-in-text.ts`),
 * and the wish wall refuses a text that holds one (`wish.ts`). Dates, money and quantities are
 * content, not contact, and stay. Here: phone numbers, and the whole; identity numbers in
 * `identity-in-text.ts`, how digits are written in `digits-in-text.ts`, dates in `dates-in-text.ts`,
 * the numbers that stay in `amounts-in-text.ts`, email, WeChat and QQ ids in `ids-in-text.ts`.
 */
import { AMOUNT, isContent, isMoney, isRoundThousands, MONEY_BEFORE, moneyAtStartOf } from './amounts-in-text';
import { CALENDAR_DATE, DATE } from './dates-in-text';
import {
  asciiDigits,
  DIGITISH,
  LIST_MARK,
  LIST_SEP,
  MOST_PHONE_DIGITS,
  PHONE_DIGITS,
  SEP,
  SEP_CHAR,
  starredButLastFour,
} from './digits-in-text';
import { maskContactIdsIn } from './ids-in-text';
import { maskIdentitiesIn } from './identity-in-text';

/** What goes before a number and belongs to it: a country code (`+86`, `0086`, `(+86)`) or an area code in brackets (`(0538)`). */
const PREFIX = `(?:[+\uff0b]\\s?${DIGITISH}{1,3}|00${DIGITISH}{1,3}|[(\uff08]\\s?(?:[+\uff0b]\\s?)?${DIGITISH}{2,4}\\s?[)\uff09])`;
/**
 * A run of seven or more digits (in any of the forms above, mixed too) with separators between
 * two of them, after a country or area code (split from it by any separator or mark:
 * `+86/138/1234/5678`), and an identity number's final `X`, stopping short of a date (`stop`): a
 * phone number (mobile or landline, with or without `+86`), an identity, bank card or QQ number.
 */
const number = (sep: string, afterPrefix: string, stop = `(?!${DATE})`) =>
  `(?:${PREFIX}(?:${afterPrefix})){0,2}${DIGITISH}(?:${sep}${stop}${DIGITISH}){6,}[Xx\uff38\uff58]?`;
const NUMBER_SEP = `(?:${SEP}|${LIST_SEP})`;
const AFTER_PREFIX = `${SEP}|\\s?${LIST_MARK}\\s?`;
const NUMBER = number(NUMBER_SEP, AFTER_PREFIX);
const dateAmountOrNumber = new RegExp(`(${DATE})|(${AMOUNT})|${NUMBER}`, 'g');
/** The numbers in a run a list's marks joined that is no phone: `13812345678,2019` → `13812345678` and `2019`. */
const numberWithoutListMarks = new RegExp(number(SEP, SEP), 'g');
const listMark = new RegExp(LIST_MARK);
const numberMasked = (found: string, after: string, before: string) =>
  isContent(found, after, before) ? found : starredButLastFour(found);

/** What `maskNumbersIn` makes of a date, an amount or a number it found, with the text `after` and `before` it. */
function masked(found: string, date: string | undefined, amount: string | undefined, after: string, before: string): string {
  if (date) return found;
  if (amount && isMoney(amount)) return found;
  if (listMark.test(found) && !PHONE_DIGITS.test(asciiDigits(found).replace(/\D/g, ''))) {
    return found.replace(numberWithoutListMarks, (part, offset: number) =>
      numberMasked(part, found.slice(offset + part.length) + after, before + found.slice(0, offset)),
    );
  }
  return numberMasked(found, after, before);
}

/** `text` with its dates, amounts and numbers as `masked` makes them, `tail` being what follows it. */
const datesAmountsAndNumbersMaskedIn = (text: string, tail = '') =>
  text.replace(dateAmountOrNumber, (found, date, amount, offset: number) =>
    masked(found, date, amount, text.slice(offset + found.length) + tail, text.slice(0, offset)),
  );

/** A run of digit groups that goes on through dates, and a date in it. */
const runThroughDates = new RegExp(number(NUMBER_SEP, AFTER_PREFIX, ''), 'g');
const dateInRun = new RegExp(CALENDAR_DATE, 'g');
const digitGroup = new RegExp(`${DIGITISH}+`, 'g');
type Group = { start: number; end: number; digits: string };
const groupsOf = (text: string): Group[] =>
  Array.from(text.matchAll(digitGroup), (m) => ({ start: m.index, end: m.index + m[0].length, digits: asciiDigits(m[0]) }));
/** `text` with each of `spans` in it masked but its last four digits. */
const spansMasked = (text: string, spans: Array<{ start: number; end: number }>) =>
  spans.reduceRight((t, { start, end }) => t.slice(0, start) + starredButLastFour(t.slice(start, end)) + t.slice(end), text);
/**
 * Whether a phone can start at group `i`: at the date's year, at a country code after its `+`, or at
 * three digits or more before the year, in that group or with the short groups after it (`1 3 9 2026-1-23 4`, the
 * mobile 139 2026 1234), so that a time's minutes (`9:00 2026-12-06`) start none; two are enough at
 * the run's start with no digit or mark before it (`open`: `13 2026-1-23 45`, the mobile 132 0261 2345).
 */
function startsPhone(run: string, groups: Group[], i: number, year: number, open: boolean): boolean {
  if (/[+\uff0b]\s?$/.test(run.slice(0, groups[i]?.start))) return true;
  let digits = 0;
  for (let j = i; j < year && digits < 3; j++) digits += groups[j]?.digits.length ?? 0;
  return digits >= 3 || i === year || (open && i === 0 && digits === 2);
}
/** What may stand right before a run of digit groups for a phone to start at its first two digits: none of a time's or a list's marks. */
const markBefore = new RegExp(`(?:${DIGITISH}|${LIST_MARK}|[+\uff0b.\uff0e])$`);

/**
 * A run of digit groups with a date in it, with each phone in it that runs into or through the date
 * masked but its last four digits: where the date's groups, or its year, and the groups touching
 * it make a phone's digits (`138-2026-12-06`, `0571-2026-12-06`, `138 1234 2026-12-06`,
 * `1991-02-03-456`, the mobile 199 1020 3456, or a birth date and an identity's sequence). A
 * phone never starts inside a date (`2026-12-06 - 2026-12-08` makes no landline of
 * `06 2026 12 08`), so a date next to a whole phone (`13800001111 2026-12-06`) or to
 * other numbers (`999999-2026-12-06-1234`) stays, and the numbers around it are masked as ever.
 */
function phonesThroughDates(run: string, offset: number, text: string): string {
  const open = !markBefore.test(text.slice(Math.max(0, offset - 1), offset));
  const groups = groupsOf(run);
  const groupAt = (index: number) => groups.findIndex((g) => g.end > index);
  const dates = Array.from(run.matchAll(dateInRun), (m) => [groupAt(m.index), groupAt(m.index + m[0].length - 1)]);
  const insideDate = new Set(dates.flatMap(([year = 0, day = 0]) => Array.from({ length: day - year }, (_, k) => year + 1 + k)));
  /** The widest phone from a group up to `year` (not inside a date) through at least the date's year. */
  const phoneThrough = (year: number, from: number) => {
    let earliest = year;
    for (let before = 0; earliest > from && before <= MOST_PHONE_DIGITS; earliest--) before += groups[earliest - 1]?.digits.length ?? 0;
    for (let i = earliest; i <= year; i++) {
      const first = groups[i];
      if (!first || insideDate.has(i) || !startsPhone(run, groups, i, year, open)) continue;
      let digits = '';
      let widest: number | undefined;
      for (let j = i; j < groups.length && digits.length <= MOST_PHONE_DIGITS; j++) {
        digits += groups[j]?.digits ?? '';
        if (j >= year && PHONE_DIGITS.test(digits)) widest = j;
      }
      if (widest !== undefined) return { start: first.start, end: groups[widest]?.end ?? first.end, next: widest + 1 };
    }
    return undefined;
  };
  const phones: Array<{ start: number; end: number }> = [];
  let from = 0;
  for (const [year = 0] of dates) {
    const phone = phoneThrough(year, from);
    if (phone) {
      phones.push(phone);
      from = phone.next;
    }
  }
  return spansMasked(run, phones);
}

/**
 * A foreign number after its country code (`+44`, `001`), split by a list's marks too, which no
 * mainland one's rule takes (`+44/20/7946/0958`, `001/212/555/0100`), or with the trunk 0 in brackets
 * (`+44/(0)20/7946/0958`, `+44 (0)20 7946 0958`), which is not dialled. It counts as one
 * (`isForeignPhone`) where its digits could dial: a country code in use (`COUNTRY_CODE`), ten to
 * fifteen digits with it (E.164), groups of two digits or more and a last one of three or more (or
 * France's: a digit and four pairs, `+33/1/42/68/53/00`), and after `00` no number from a 0. So a
 * list or times after a `+` (`+300、200、150元`, `+5/10/15/20`, `001/002/003/004`, `+8 10:00/11:00`)
 * are none. Split by spaces alone, `NUMBER` takes it.
 */
const GAP = `(?:${SEP_CHAR}{1,3}|\\s?${LIST_MARK}\\s?)`;
const TRUNK = '[(\uff08]\\s?[0\uff10]\\s?[)\uff09]';
const FOREIGN_PHONE =
  `(?<![+\uff0b]|${DIGITISH})(?:[+\uff0b]\\s?|00)${DIGITISH}{1,3}` +
  `(?:${GAP}?${TRUNK}${SEP_CHAR}{0,3}|${GAP})(?!${DATE})${DIGITISH}+(?:${GAP}(?!${DATE})${DIGITISH}+)*`;
const foreignPhone = new RegExp(FOREIGN_PHONE, 'g');
const trunk = new RegExp(TRUNK);
/** The country calling codes in use (ITU-T E.164). */
const COUNTRY_CODE = new RegExp(
  '^(?:[17]|2[07]|3[0-469]|4[013-9]|5[1-8]|6[0-6]|8[1246]|9[0-58]|21[12368]|2[2-4]\\d|25[0-8]|26\\d|29[017-9]|35\\d|37[0-8]' +
    '|38[0-35-79]|42[013]|50\\d|59\\d|67[02-9]|68[0-35-9]|69[0-2]|80[08]|85[02356]|87[08]|88[0-368]|96[0-8]|97[0-79]|99[2-68])$',
);
/** A French number's groups after +33: a digit from 1 (its trunk 0 before it, if written) and four pairs (`1 42 68 53 00`). */
const isFrench = (country: string, groups: string[]) =>
  country === '33' && groups.length === 5 && /^0?[1-9]$/.test(groups[0] ?? '') && groups.slice(1).every((g) => g.length === 2);

function isForeignPhone(found: string): boolean {
  if (!listMark.test(found) && !trunk.test(found)) return false;
  const [code = '', ...groups] = Array.from(found.replace(trunk, ' ').matchAll(digitGroup), (m) => asciiDigits(m[0]));
  const country = code.replace(/^00/, '');
  const digits = country.length + groups.join('').length;
  const grouped = groups.every((g) => g.length >= 2) && (groups.at(-1)?.length ?? 0) >= 3;
  return (
    COUNTRY_CODE.test(country) &&
    groups.length >= 2 &&
    digits >= 10 &&
    digits <= 15 &&
    (grouped || isFrench(country, groups)) &&
    (country === code || !groups[0]?.startsWith('0'))
  );
}

/**
 * A French number at home, its trunk 0 and nine digits in five pairs that one list mark joins
 * (`01/42/68/53/00`, `06,98,76,54,32`), which a mainland one's rule takes only in groups of four. Pairs
 * in order are a list (`01/02/03/04/05`), and a date (`01/02/2026`) or a list of more (`01/05/10/15/20/25`) no pairs.
 */
const PAIR_MARK = '[,\uff0c\u3001/\uff0f\u00b7\u30fb]';
const frenchPairs = new RegExp(
  `(?<!${DIGITISH}|${DIGITISH}\\s?${PAIR_MARK}\\s?)[0\uff10]${DIGITISH}(${PAIR_MARK})${DIGITISH}{2}(?:\\1${DIGITISH}{2}){3}(?!${DIGITISH}|\\1${DIGITISH})`,
  'g',
);
const inOrder = (found: string) => groupsOf(found).every((g, i, all) => i === 0 || Number(g.digits) > Number(all[i - 1]?.digits));
const frenchPairsMasked = (found: string) =>
  PHONE_DIGITS.test(asciiDigits(found).replace(/\D/g, '')) && !inOrder(found) ? starredButLastFour(found) : found;

/**
 * A run of seven digits or more after a currency's sign or name, which would read as an amount and
 * the rest: masked where its digits are a phone's (`¥138-1234-5678`, `人民币1395555 6666`), kept
 * where it is money (`moneyAtStartOf`: `¥1234567.89`, `¥500-1000`), and otherwise read as if no
 * sign were there (`¥8123-4567` → `¥****-4567`; `¥1000-2000 3000人` stays).
 */
const runAfterCurrency = new RegExp(`((?:${MONEY_BEFORE})\\s?)(${NUMBER})`, 'g');
const isPhone = (found: string) => PHONE_DIGITS.test(asciiDigits(found).replace(/\D/g, ''));
const phoneMasked = (found: string) => (isPhone(found) ? starredButLastFour(found) : found);

function afterCurrencyMasked(currency: string, run: string, after: string): string {
  if (isPhone(run)) return currency + starredButLastFour(run);
  const money = moneyAtStartOf(run, after);
  return currency + money + datesAmountsAndNumbersMaskedIn(run.slice(money.length), after);
}

/**
 * Groups of digits joined by a list's marks whose digits are a phone's, whatever their sizes
 * (`13,955,556,666`, `1381,234,5678`, `138,123,45678`, `0538,621,2345`), also among a list's other
 * numbers (`1、138,123,45678`: the widest groups from the first that make one, then on after it). After
 * the first, each group has three digits or more, so a list of small numbers is none
 * (`1,3,5,7,9,11,13,15`); a grouping by thousands is a number as a whole (`1,013,800,001,111` holds no
 * landline), and one that ends in 000 is a round number and stays (`15,000,000,000`).
 */
const listedGroups = new RegExp(`(?<!${DIGITISH})${DIGITISH}+(?:\\s?${LIST_MARK}\\s?${DIGITISH}{3,})+(?!${DIGITISH})`, 'g');
const thousands = new RegExp(`^${DIGITISH}{1,3}(?:[,\uff0c]${DIGITISH}{3})+$`);

function listedPhonesMasked(found: string): string {
  if (isRoundThousands(found)) return found;
  if (thousands.test(found)) return phoneMasked(found);
  const groups = groupsOf(found);
  const phones: Array<{ start: number; end: number }> = [];
  for (let i = 0; i < groups.length; i++) {
    let digits = '';
    let widest: number | undefined;
    for (let j = i; j < groups.length && digits.length <= MOST_PHONE_DIGITS; j++) {
      digits += groups[j]?.digits ?? '';
      if (PHONE_DIGITS.test(digits)) widest = j;
    }
    const [first, last] = [groups[i], widest === undefined ? undefined : groups[widest]];
    if (!first || !last) continue;
    phones.push({ start: first.start, end: last.end });
    i = widest ?? i;
  }
  return spansMasked(found, phones);
}

/**
 * Free text with every number in it that could reach a person masked but its last four digits:
 * `请打13812345678找我女儿` → `请打*******5678找我女儿`, `幺三八一二三四五六七八` →
 * `*******五六七八`, `138,1234,5678` → `***,****,5678`, `+86 138 1234 5678` →
 * `+** *** **** 5678`, `370902-1980-01-01-1234` → `******-****-**-**-1234`, `138-2026-12-06` →
 * `***-****-12-06`. Real dates (`2026-12-01`), money and decimals (`1,234,567元`, `500-1000元`,
 * `9.00-11.30`), ranges (`1000-2000`, `2350-2680米`), groupings (`1 234 567`, `15,000,000,000`) and
 * numbers of up to six digits (ages, sizes, prices, 一二十个) stay; so does everything else in the
 * text. In turn: identity numbers (their birth date is a real date, `maskIdentitiesIn`), foreign
 * numbers split by a list's marks or with a bracketed trunk 0, French pairs, runs after a currency,
 * phones in groups a list's marks join,
 * phones through a date (`phonesThroughDates`), then the rest.
 */
export function maskNumbersIn(text: string): string {
  const beforeTheRest = maskIdentitiesIn(text)
    .replace(foreignPhone, (found) => (isForeignPhone(found) ? starredButLastFour(found) : found))
    .replace(frenchPairs, frenchPairsMasked)
    .replace(runAfterCurrency, (found, currency: string, run: string, offset: number, whole: string) =>
      afterCurrencyMasked(currency, run, whole.slice(offset + found.length)),
    )
    .replace(listedGroups, listedPhonesMasked)
    .replace(runThroughDates, phonesThroughDates);
  return datesAmountsAndNumbersMaskedIn(beforeTheRest);
}

/** Free text with its numbers that could reach a person and its email, WeChat and QQ ids masked. */
export function maskContactDetailsIn(text: string): string {
  return maskNumbersIn(maskContactIdsIn(text));
}

/** Whether free text holds a number that could reach a person, or an email, WeChat or QQ id. */
export function holdsContact(text: string): boolean {
  return maskContactDetailsIn(text) !== text;
}
