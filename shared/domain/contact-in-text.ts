/**
 * A person's contact typed into free text: a number that could reach a person, however it is
 * written, and an email, WeChat or QQ id. The one place that knows what they look like: a team sees
 * them masked before it accepts (`maskContactIn`, with the door numbers of `address-in-text.ts`),
 * and the wish wall refuses a text that holds one (`wish.ts`). Dates, money and quantities are
 * content, not contact, and stay.
 */

/** A digit, ASCII or full-width (a Chinese keyboard's). */
const D = '[0-9\uff10-\uff19]';
/**
 * A digit as a number is also written to slip past a filter or read out: in Chinese numerals
 * (一三八…, 幺 for one, 〇/○/零 for zero), their banker's forms (壹贰叁…) or circled (①③⑧). Never 十, 百 or 两:
 * a phone number is read digit by digit, and those make the quantities a team needs (十二个).
 */
const DIGITISH = '[0-9\uff10-\uff19\u2460-\u2468\u24ea零〇○一二三四五六七八九幺壹贰叁肆伍陆柒捌玖]';
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
const DASH = '\\-\uff0d\u2010-\u2015\u2212\ufe58\ufe63';
/**
 * Up to three separators between two digits: `138 1234 5678`, `138-1234-5678`, `138 - 1234 - 5678`,
 * `138—1234—5678`, any space (a tab, a no-break or a thin one, as pasted text brings) and the
 * invisible characters a number can be split by to slip past a filter.
 */
const SEP = `[ \\t.${DASH}\u00a0\u3000\uff0e\u2000-\u200d\u202f\u205f\u2060\ufeff]{0,3}`;
/**
 * A mark that also separates a list, a thousands group, a sentence or a time (`1,234,567`,
 * `120/150/180`, `1、2、3`, `共3人。1234`, `10:00`, `1000~2000`, or one number a line): inside a number
 * only before a group of four digits or more, as a phone's are (`138,1234,5678`, `139/5555/6666`,
 * `0538、6212345`, `138。1234。5678`, `138:1234:5678`), and only where the whole is a phone's (`PHONE_DIGITS`).
 */
const LIST_MARK = '(?:[,\uff0c\u3001/\uff0f_\u00b7\u2022\u30fb\uff65\u3002\uff61:\uff1a\u2236;\uff1b~\uff5e]|\\n)';
const LIST_SEP = `\\s?${LIST_MARK}\\s?(?=${DIGITISH}{4})`;
/** A mainland mobile or a landline from its area code's 0, with or without the country's 86 (`+86`, `0086`). */
const PHONE_DIGITS = /^(?:(?:00)?86)?(?:1[3-9]\d{9}|0\d{9,11})$/;
/** The most digits `PHONE_DIGITS` takes: `0086` and a landline's twelve. */
const MOST_PHONE_DIGITS = 16;
/**
 * A real date, with no digit right before or after it (`2026-12-06`, `2026/12/1`, `２０２６－１２－０６`,
 * `2026-12-01 09:00`): a year of 1900 to 2099, a month up to 12 and a day up to 31, so that
 * `138-1234-56-78` is a phone's groups and no date. A number stops short of one and the date stays,
 * unless it and the groups touching it make a phone's digits (`phonesThroughDates`).
 */
const DATE_MARK = '[-./\uff0d\uff0e\uff0f]';
const CALENDAR_DATE =
  `(?<!${D})(?:[1\uff11][9\uff19]|[2\uff12][0\uff10])${D}{2}${DATE_MARK}(?:[0\uff10]?[1-9\uff11-\uff19]|[1\uff11][0-2\uff10-\uff12])` +
  `${DATE_MARK}(?:[0\uff10]?[1-9\uff11-\uff19]|[12\uff11\uff12]${D}|[3\uff13][01\uff10\uff11])(?!${D})`;
const DATE = `${CALENDAR_DATE}(?:[ T]${D}{1,2}:${D}{2})?`;
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
/**
 * An identity number split into its parts (region, birth date, sequence and check digit), where the
 * birth date would be read as a date: `370902-1980-01-01-123X`. It counts as one only with a real
 * region and birth date (`IDENTITY_DIGITS`).
 */
const ID_SEP = `(?:${SEP}|\\s?[/\uff0f]\\s?)`;
const IDENTITY =
  `(?<!${DIGITISH})${DIGITISH}{6}${ID_SEP}${DIGITISH}{4}${ID_SEP}${DIGITISH}{2}${ID_SEP}${DIGITISH}{2}` +
  `${ID_SEP}${DIGITISH}{3}(?:${DIGITISH}|[Xx\uff38\uff58])(?!${DIGITISH})`;
const IDENTITY_DIGITS = /^[1-8]\d{5}(?:18|19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dX]$/;

/** An amount: whole (grouped by thousands, by ten thousands as Chinese counts, or not at all) with up to two decimals. */
const AMT = `(?:${D}{1,3}(?:[,\uff0c]${D}{3})+|${D}{1,4}(?:[,\uff0c]${D}{4})+|${D}+)(?:[.\uff0e]${D}{1,2})?`;
const RANGE = `\\s?[~\uff5e${DASH}至到]\\s?`;
const MONEY_BEFORE = '[¥￥$＄]|RMB|CNY|人民币';
/** 元 but not 元旦 (New Year's Day) after a phone number. */
const MONEY_AFTER = '元(?!旦)|块|万|亿|美元|RMB|CNY|yuan|kuai|dollars?';
const DECIMAL = `${D}+[.\uff0e]${D}{1,2}(?![.\uff0e]?${D})`;
/**
 * Money and measures, which stay: an amount or a range of them with its currency (`¥1234567.89`,
 * `500-1000元`, `1,234,567元`, `1,0000,0000元`), or a decimal number or range (`9.00-11.30`,
 * `1234567.89`). A grouping alone (`1,234,567`, `1,0000,0000`) is no number to `NUMBER` already.
 */
const AMOUNT =
  `(?:${MONEY_BEFORE})\\s?${AMT}(?:${RANGE}${AMT})?(?!${D})` +
  `|${AMT}(?:${RANGE}${AMT})?\\s?(?:${MONEY_AFTER})` +
  `|${DECIMAL}(?:${RANGE}${DECIMAL})?`;
const rangeMark = new RegExp(RANGE);
const groupMark = /[,\uff0c]/;

/**
 * Whether what `AMOUNT` found is money and not a phone or identity number with a unit after it or a
 * dot in it: no amount has eleven digits, cents counted (`13812345678元`, `1381234567.8` are none),
 * and a grouped one's whole part is no phone's digits (`1,0000,0000.00元` is one, `138,1234,5678元` none).
 */
function isMoney(amount: string): boolean {
  return amount.split(rangeMark).every((part) => {
    const digits = asciiDigits(part)
      .replace(/\uff0e/g, '.')
      .replace(/[^\d.]/g, '');
    return groupMark.test(part) ? !PHONE_DIGITS.test(digits.split('.')[0] ?? '') : digits.replace('.', '').length < 11;
  });
}

/** A thousands grouping by spaces, as SI writes it (`1 234 567`): a phone's groups are of four. */
const spacedThousands = new RegExp(`^${D}{1,3}(?:[ \u00a0\u2000-\u200a\u202f\u3000]${D}{3})+$`);
/** Two numbers of up to five digits joined by a dash: a range where the second is larger (`1000-2000`, `2019-2021`). */
const dashedPair = new RegExp(`^(${D}{1,5})\\s?[${DASH}]\\s?(${D}{1,5})$`);
const isYear = (n: number) => n >= 1900 && n < 2100;

/**
 * Whether a run of digits `NUMBER` found is content: a thousands grouping by spaces, or a range of
 * round numbers (`1000-2000`, `500-1000`) or of years (`1999-2005`). A pair of other numbers
 * (`8123-4567`, `6212-6345`) may be a local landline and stays masked, and so does either where its
 * digits are a phone's.
 */
function isContent(found: string): boolean {
  const digits = asciiDigits(found);
  if (PHONE_DIGITS.test(digits.replace(/\D/g, ''))) return false;
  if (spacedThousands.test(found)) return true;
  const pair = dashedPair.exec(digits);
  if (!pair) return false;
  const [from, to] = [Number(pair[1]), Number(pair[2])];
  return from < to && ((from % 10 === 0 && to % 10 === 0) || (isYear(from) && isYear(to)));
}

const dateAmountOrNumber = new RegExp(`(${DATE})|(${AMOUNT})|${NUMBER}`, 'g');
const identity = new RegExp(IDENTITY, 'g');
/** The numbers in a run a list's marks joined that is no phone: `13812345678,2019` → `13812345678` and `2019`. */
const numberWithoutListMarks = new RegExp(number(SEP, SEP), 'g');
const digit = new RegExp(DIGITISH, 'g');
const listMark = new RegExp(LIST_MARK);

/** `found` with every digit but its last four starred. */
function starredButLastFour(found: string): string {
  const hidden = (found.match(digit)?.length ?? 0) - 4;
  let seen = 0;
  return found.replace(digit, (d) => (++seen <= hidden ? '*' : d));
}

const numberMasked = (found: string) => (isContent(found) ? found : starredButLastFour(found));

/** What `maskNumbersIn` makes of a date, an amount or a number it found. */
function masked(found: string, date: string | undefined, amount: string | undefined): string {
  if (date) return found;
  if (amount && isMoney(amount)) return found;
  if (listMark.test(found) && !PHONE_DIGITS.test(asciiDigits(found).replace(/\D/g, ''))) {
    return found.replace(numberWithoutListMarks, numberMasked);
  }
  return numberMasked(found);
}

/** A run of digit groups that goes on through dates, and a date in it. */
const runThroughDates = new RegExp(number(NUMBER_SEP, AFTER_PREFIX, ''), 'g');
const dateInRun = new RegExp(CALENDAR_DATE, 'g');
const digitGroup = new RegExp(`${DIGITISH}+`, 'g');
type Group = { start: number; end: number; digits: string };
/** A group a phone can start with: three digits or more, or a country code after its `+`. */
const startsPhone = (run: string, group: Group) => group.digits.length >= 3 || /[+\uff0b]\s?$/.test(run.slice(0, group.start));

/**
 * A run of digit groups with a date in it, with each phone in it that runs into or through the date
 * masked but its last four digits: where the date's groups, or its year, and the groups touching
 * it make a phone's digits (`138-2026-12-06`, `0571-2026-12-06`, `138 1234 2026-12-06`,
 * `1991-02-03-456`). A phone never starts inside a date (`2026-12-06 - 2026-12-08` makes no
 * landline of `06 2026 12 08`), so a date next to a whole phone (`13800001111 2026-12-06`) or to
 * other numbers (`999999-2026-12-06-1234`) stays, and the numbers around it are masked as ever.
 */
function phonesThroughDates(run: string): string {
  const groups: Group[] = Array.from(run.matchAll(digitGroup), (m) => ({
    start: m.index,
    end: m.index + m[0].length,
    digits: asciiDigits(m[0]),
  }));
  const groupAt = (index: number) => groups.findIndex((g) => g.end > index);
  const dates = Array.from(run.matchAll(dateInRun), (m) => [groupAt(m.index), groupAt(m.index + m[0].length - 1)]);
  const insideDate = new Set(dates.flatMap(([year = 0, day = 0]) => Array.from({ length: day - year }, (_, k) => year + 1 + k)));
  /** The widest phone from a group up to `year` (not inside a date) through at least the date's year. */
  const phoneThrough = (year: number, from: number) => {
    let earliest = year;
    for (let before = 0; earliest > from && before <= MOST_PHONE_DIGITS; earliest--) before += groups[earliest - 1]?.digits.length ?? 0;
    for (let i = earliest; i <= year; i++) {
      const first = groups[i];
      if (!first || insideDate.has(i) || !startsPhone(run, first)) continue;
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
  return phones.reduceRight(
    (text, { start, end }) => text.slice(0, start) + starredButLastFour(text.slice(start, end)) + text.slice(end),
    run,
  );
}

/**
 * Free text with every number in it that could reach a person masked but its last four digits:
 * `请打13812345678找我女儿` → `请打*******5678找我女儿`, `幺三八一二三四五六七八` →
 * `*******五六七八`, `138,1234,5678` → `***,****,5678`, `+86 138 1234 5678` →
 * `+** *** **** 5678`, `370902-1980-01-01-1234` → `******-****-**-**-1234`, `138-2026-12-06` →
 * `***-****-12-06`. Real dates (`2026-12-01`), money and decimals (`1,234,567元`, `500-1000元`,
 * `9.00-11.30`), ranges (`1000-2000`), groupings (`1 234 567`) and numbers of up to six digits (ages,
 * sizes, prices, 一二十个) stay; so does everything else in the text. In turn: identity numbers
 * (their birth date is a real date), phones through a date (`phonesThroughDates`), then the rest.
 */
export function maskNumbersIn(text: string): string {
  return text
    .replace(identity, (found) => {
      const digits = asciiDigits(found)
        .replace(/[\uff38\uff58x]/g, 'X')
        .replace(/[^\dX]/g, '');
      return IDENTITY_DIGITS.test(digits) ? starredButLastFour(found) : found;
    })
    .replace(runThroughDates, phonesThroughDates)
    .replace(dateAmountOrNumber, masked);
}

/** An email address: `zhang.san@qq.com`, also with a full-width `＠`. */
const email = /[A-Za-z0-9._%+-]+[@\uff20](?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?![A-Za-z0-9-])/g;
/**
 * A WeChat or QQ id after the word for it (微信号 abc123, 加微信zhang_san, QQ：12345, WeChat ID: lw_88,
 * vx abc123), and a WeChat id on its own (wxid_…). After an English word with nothing but a space
 * (`WeChat daily`), only an id with a digit, `_` or `-` counts: an English word may follow.
 */
const imId = new RegExp(
  '(?:(?<cn>微信|威信|薇信|[Vv]信|扣扣|企鹅)|(?<![A-Za-z])(?<en>we ?chat|weixin|vx|wx|qq)(?![A-Za-z]))' +
    '(?<mark>\\s?(?:号码?|账号|群号?|id)?\\s?(?:[:\uff1a]|(?:就|也|还)?(?:是|为|叫)[:\uff1a]?)?\\s?)' +
    `(?!${DATE})(?<id>[A-Za-z0-9][-_A-Za-z0-9]{4,19})(?![-_A-Za-z0-9])` +
    '|(?<![A-Za-z0-9])(?<wxid>wxid_[-_A-Za-z0-9]{4,30})',
  'gi',
);
const starred = (s: string) => '*'.repeat(s.length);

/**
 * Free text with every email, WeChat and QQ id masked: `微信号 abc123` → `微信号 ******`,
 * `zhang.san@qq.com` → `*********@**.com` (the top-level domain stays, to show what it was).
 */
export function maskContactIdsIn(text: string): string {
  const withoutEmails = text.replace(email, (found) => {
    const at = found.search(/[@\uff20]/);
    const tld = found.lastIndexOf('.');
    return `${starred(found.slice(0, at))}${found[at]}${found.slice(at + 1, tld).replace(/[^.]/g, '*')}${found.slice(tld)}`;
  });
  return withoutEmails.replace(imId, (found, ...args) => {
    const groups = args.at(-1) as Record<string, string | undefined>;
    if (groups.wxid) return starred(found);
    const { en, mark = '', id = '' } = groups;
    const plainWordAfterEnglish = en && !/[^\s]/.test(mark) && !/[\d_-]/.test(id);
    return plainWordAfterEnglish ? found : found.slice(0, found.length - id.length) + starred(id);
  });
}

/** Free text with its numbers that could reach a person and its email, WeChat and QQ ids masked. */
export function maskContactDetailsIn(text: string): string {
  return maskNumbersIn(maskContactIdsIn(text));
}

/** Whether free text holds a number that could reach a person, or an email, WeChat or QQ id. */
export function holdsContact(text: string): boolean {
  return maskContactDetailsIn(text) !== text;
}
