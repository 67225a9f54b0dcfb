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

/**
 * Up to three separators between two digits: `138 1234 5678`, `138-1234-5678`, `138 - 1234 - 5678`,
 * any space (a tab, a no-break or a thin one, as pasted text brings) and the invisible characters a
 * number can be split by to slip past a filter.
 */
const SEP = '[ \\t.\\-\u00a0\u3000\uff0d\uff0e\u2000-\u200d\u2010-\u2014\u202f\u205f\u2060\ufeff]{0,3}';
/**
 * A mark that also separates a list or a thousands group (`1,234,567`, `120/150/180`, `1、2、3`, or
 * one number a line): inside a number only before a group of four digits or more, as a phone's are
 * (`138,1234,5678`, `139/5555/6666`, `0538、6212345`), and only where the whole is a phone's (`PHONE_DIGITS`).
 */
const LIST_MARK = '(?:[,\uff0c\u3001/\uff0f_\u00b7]|\\n)';
const LIST_SEP = `\\s?${LIST_MARK}\\s?(?=${DIGITISH}{4})`;
/** A mainland mobile or a landline from its area code's 0, with or without the country's 86 (`+86`, `0086`). */
const PHONE_DIGITS = /^(?:(?:00)?86)?(?:1[3-9]\d{9}|0\d{9,11})$/;
const DATE = `${D}{4}[-./]${D}{1,2}[-./]${D}{1,2}(?:[ T]${D}{1,2}:${D}{2})?`;
/** What goes before a number and belongs to it: a country code (`+86`, `0086`, `(+86)`) or an area code in brackets (`(0538)`). */
const PREFIX = `(?:[+\uff0b]\\s?${DIGITISH}{1,3}|00${DIGITISH}{1,3}|[(\uff08]\\s?(?:[+\uff0b]\\s?)?${DIGITISH}{2,4}\\s?[)\uff09])`;
/**
 * A run of seven or more digits (in any of the forms above, mixed too) with separators between
 * two of them, after a country or area code (split from it by any separator or mark:
 * `+86/138/1234/5678`), and an identity number's final `X`, never running on into a date: a phone
 * number (mobile or landline, with or without `+86`), an identity, bank card or QQ number.
 */
const number = (sep: string, afterPrefix: string) =>
  `(?:${PREFIX}(?:${afterPrefix})){0,2}${DIGITISH}(?:${sep}(?!${DATE})${DIGITISH}){6,}[Xx\uff38\uff58]?`;
const NUMBER = number(`(?:${SEP}|${LIST_SEP})`, `${SEP}|\\s?${LIST_MARK}\\s?`);
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
const RANGE = '\\s?[-~\uff5e\uff0d\u2013\u2014至到]\\s?';
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
const dashedPair = new RegExp(`^(${D}{1,5})\\s?[-\uff0d\u2010-\u2014]\\s?(${D}{1,5})$`);
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
const identityDateAmountOrNumber = new RegExp(`(${IDENTITY})|${dateAmountOrNumber.source}`, 'g');
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

/**
 * Free text with every number in it that could reach a person masked but its last four digits:
 * `请打13812345678找我女儿` → `请打*******5678找我女儿`, `幺三八一二三四五六七八` →
 * `*******五六七八`, `138,1234,5678` → `***,****,5678`, `+86 138 1234 5678` →
 * `+** *** **** 5678`, `370902-1980-01-01-1234` → `******-****-**-**-1234`. Dates, money and
 * decimals (`2026-12-01`, `1,234,567元`, `500-1000元`, `9.00-11.30`), ranges (`1000-2000`),
 * groupings (`1 234 567`) and numbers of up to six digits (ages, sizes, prices, 一二十个) stay; so
 * does everything else in the text.
 */
export function maskNumbersIn(text: string): string {
  return text.replace(identityDateAmountOrNumber, (found, identity: string | undefined, date, amount) => {
    if (!identity) return masked(found, date, amount);
    const digits = asciiDigits(identity)
      .replace(/[\uff38\uff58x]/g, 'X')
      .replace(/[^\dX]/g, '');
    if (IDENTITY_DIGITS.test(digits)) return starredButLastFour(found);
    return found.replace(dateAmountOrNumber, masked);
  });
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
    '(?<mark>\\s?(?:号码?|账号|群号?|id)?\\s?(?:[:\uff1a]|是|为)?\\s?)' +
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
