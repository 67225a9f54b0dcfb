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
 * and the invisible characters a number can be split by to slip past a filter.
 */
const SEP = '[ .\\-\u3000\uff0d\uff0e\u2010-\u2014\u200b-\u200d\u2060\ufeff]{0,3}';
/**
 * A mark that also separates a list or a thousands group (`1,234,567`, `120/150/180`, `1、2、3`):
 * inside a number only before a group of four digits or more, as a phone's are (`138,1234,5678`,
 * `139/5555/6666`, `0538、6212345`), and only where the whole is a phone's (`PHONE_DIGITS`).
 */
const LIST_MARK = '[,\uff0c\u3001/\uff0f_\u00b7]';
const LIST_SEP = `\\s?${LIST_MARK}\\s?(?=${DIGITISH}{4})`;
/** A mainland mobile (with or without 86) or a landline from its area code's 0. */
const PHONE_DIGITS = /^(?:86)?(?:1[3-9]\d{9}|0\d{9,11})$/;
const DATE = `${D}{4}[-./]${D}{1,2}[-./]${D}{1,2}(?:[ T]${D}{1,2}:${D}{2})?`;
/**
 * A run of seven or more digits (in any of the forms above, mixed too) with separators between
 * two of them, a leading `+` or an area code in brackets, and an identity number's final `X`,
 * never running on into a date: a phone number (mobile or landline, with or without `+86`), an
 * identity, bank card or QQ number.
 */
const number = (sep: string) =>
  `(?:[+\uff0b]\\s?)?(?:[(\uff08]${DIGITISH}{2,4}[)\uff09]\\s?)?` + `${DIGITISH}(?:${sep}(?!${DATE})${DIGITISH}){6,}[Xx\uff38\uff58]?`;
const NUMBER = number(`(?:${SEP}|${LIST_SEP})`);

/** An amount: whole (a thousands grouping or none) with up to two decimals. */
const AMT = `(?:${D}{1,3}(?:[,\uff0c]${D}{3})+|${D}+)(?:[.\uff0e]${D}{1,2})?`;
const RANGE = '\\s?[-~\uff5e\uff0d\u2013\u2014至到]\\s?';
const MONEY_BEFORE = '[¥￥$＄]|RMB|CNY|人民币';
/** 元 but not 元旦 (New Year's Day) after a phone number. */
const MONEY_AFTER = '元(?!旦)|块|万|亿|美元|RMB|CNY|yuan|kuai|dollars?';
const DECIMAL = `${D}+[.\uff0e]${D}{1,2}(?![.\uff0e]?${D})`;
/**
 * Money and measures, which stay: an amount or a range of them with its currency (`¥1234567.89`,
 * `500-1000元`, `1,234,567元`), or a decimal number or range (`9.00-11.30`, `1234567.89`). A
 * thousands grouping alone (`1,234,567`) is no number to `NUMBER` already.
 */
const AMOUNT =
  `(?:${MONEY_BEFORE})\\s?${AMT}(?:${RANGE}${AMT})?(?!${D})` +
  `|${AMT}(?:${RANGE}${AMT})?\\s?(?:${MONEY_AFTER})` +
  `|${DECIMAL}(?:${RANGE}${DECIMAL})?`;
/**
 * No amount has eleven digits, cents counted (thousands marks and the decimal point aside): one that
 * does is a phone or identity number with a unit after it (`13812345678元`) or a dot in it (`1381234567.8`).
 */
const TOO_MANY_DIGITS = new RegExp(`${D}{11,}`);

const dateAmountOrNumber = new RegExp(`(${DATE})|(${AMOUNT})|${NUMBER}`, 'g');
/** The numbers in a run a list's marks joined that is no phone: `13812345678,2019` → `13812345678` and `2019`. */
const numberWithoutListMarks = new RegExp(number(SEP), 'g');
const digit = new RegExp(DIGITISH, 'g');
const listMark = new RegExp(LIST_MARK);

/** `found` with every digit but its last four starred. */
function starredButLastFour(found: string): string {
  const hidden = (found.match(digit)?.length ?? 0) - 4;
  let seen = 0;
  return found.replace(digit, (d) => (++seen <= hidden ? '*' : d));
}

/**
 * Free text with every number in it that could reach a person masked but its last four digits:
 * `请打13812345678找我女儿` → `请打*******5678找我女儿`, `幺三八一二三四五六七八` →
 * `*******五六七八`, `138,1234,5678` → `***,****,5678`. Dates, money and decimals
 * (`2026-12-01`, `1,234,567元`, `500-1000元`, `9.00-11.30`) and numbers of up to six digits
 * (ages, sizes, prices, 一二十个) stay; so does everything else in the text.
 */
export function maskNumbersIn(text: string): string {
  return text.replace(dateAmountOrNumber, (found, date: string | undefined, amount: string | undefined) => {
    if (date) return found;
    if (amount && !TOO_MANY_DIGITS.test(amount.replace(/[,\uff0c.\uff0e]/g, ''))) return found;
    if (listMark.test(found) && !PHONE_DIGITS.test(asciiDigits(found).replace(/\D/g, ''))) {
      return found.replace(numberWithoutListMarks, starredButLastFour);
    }
    return starredButLastFour(found);
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
