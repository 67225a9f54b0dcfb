/**
 * Numbers that are content, not contact, and stay in free text: money and measures, ranges of
 * round numbers or years, and groupings by thousands.
 */
import { asciiDigits, D, DASH, PHONE_DIGITS } from './digits-in-text';

/** An amount: whole (grouped by thousands, by ten thousands as Chinese counts, or not at all) with up to two decimals. */
const AMT = `(?:${D}{1,3}(?:[,\uff0c]${D}{3})+|${D}{1,4}(?:[,\uff0c]${D}{4})+|${D}+)(?:[.\uff0e]${D}{1,2})?`;
const RANGE = `\\s?[~\uff5e${DASH}至到]\\s?`;
export const MONEY_BEFORE = '[¥￥$＄]|RMB|CNY|人民币';
/** 元 but not 元旦 (New Year's Day) after a phone number. */
const MONEY_AFTER = '元(?!旦)|块|万|亿|美元|RMB|CNY|yuan|kuai|dollars?';
const DECIMAL = `${D}+[.\uff0e]${D}{1,2}(?![.\uff0e]?${D})`;
/**
 * Money and measures, which stay: an amount or a range of them with its currency (`¥1234567.89`,
 * `500-1000元`, `1,234,567元`, `1,0000,0000元`), or a decimal number or range (`9.00-11.30`,
 * `1234567.89`). A grouping alone (`1,234,567`, `1,0000,0000`) is no number to `NUMBER` already.
 */
export const AMOUNT =
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
export function isMoney(amount: string): boolean {
  return amount.split(rangeMark).every((part) => {
    const digits = asciiDigits(part)
      .replace(/\uff0e/g, '.')
      .replace(/[^\d.]/g, '');
    return groupMark.test(part) ? !PHONE_DIGITS.test(digits.split('.')[0] ?? '') : digits.replace('.', '').length < 11;
  });
}

/** A thousands grouping by spaces, as SI writes it (`1 234 567`): a phone's groups are of four, or three and four. */
const spacedThousands = new RegExp(`^${D}{1,3}(?:[ \u00a0\u2000-\u200a\u202f\u3000]${D}{3})+$`);
/** Two numbers of up to five digits joined by a dash: a range where the second is larger (`1000-2000`, `2019-2021`). */
const dashedPair = new RegExp(`^(${D}{1,5})\\s?[${DASH}]\\s?(${D}{1,5})$`);
const isYear = (n: number) => n >= 1900 && n < 2100;
/** A round number: two significant digits at most (`500`, `1000`, `2500`, `150`), not `6210` or `1250`. */
const isRound = (n: number) => {
  let m = n;
  while (m >= 100 && m % 10 === 0) m /= 10;
  return m < 100;
};
/** Seven or eight digits from 2 to 9: a local landline's, without its area code. */
const localLandline = /^[2-9]\d{6,7}$/;
/** A grouping by thousands, by commas or spaces, that ends in 000: a round number (`15,000,000,000`, `18 000 000 000`). */
const roundThousands = new RegExp(
  `^${D}{1,3}(?:[,\uff0c \u00a0\u2000-\u200a\u202f\u3000]${D}{3})*[,\uff0c \u00a0\u2000-\u200a\u202f\u3000][0\uff10]{3}$`,
);
export const isRoundThousands = (found: string) => roundThousands.test(found);
/**
 * A count or measure word, money's too, right after a range or a grouping: what it counts makes it content
 * (`海拔2350-2680米`, `3 450 000 人次`).
 */
const counted = new RegExp(
  '^\\s?(?:人次|人|个|位|名|户|家|次|步|米|公里|千米|厘米|毫米|平方米|平米|亩|斤|公斤|千克|克|吨|升|件|台|张|本|份|岁|天' +
    `|${MONEY_AFTER}|(?:km|kg|m)(?![A-Za-z]))`,
);

/**
 * A call verb or a phone's name right before a number (`打`, `拨`, `致电`, `联系`, `电话：`, `call me at`), or
 * `找我` after it: the number is one to call, whatever it looks like (`打2010-2020找我`).
 */
const callBefore =
  /(?:打|拨|呼|致电|来电|联系|联络|电话|手机|座机|(?<![A-Za-z])(?:call|phone|dial|ring|tel)(?:\s+(?:me|us))?(?:\s+(?:at|on))?)\s?[:\uff1a]?\s?$/i;
const callAfter = /^\s?(?:找我|联系我|打给我)/;
/** What a number counts or spans after it (a measure word, or 年 after years), which no call makes a phone's. */
const countedOrYears = (after: string) => counted.test(after) || /^\s?年/.test(after);

/**
 * Whether a run of digits `NUMBER` found, with the text `after` and `before` it, is content: a thousands grouping
 * by spaces below a hundred million that dials no local landline (`1 234 567`, `12 345 678`, not
 * `2 345 678`) or is round (`5 000 000`), or a range of round numbers (`1000-2000`, `500-1000`,
 * `6200-6300`) or of years (`1999-2005`). From nine digits a grouping is QQ-sized, or a mobile short
 * of digits, and masked (`138 123 456`). A range of tens stays only where its digits dial no local
 * landline (`1250-1500`, not `6210-6350`). A pair of other numbers (`8123-4567`, `6212-6345`) may be
 * a local landline and stays masked, and so does either where its digits are a phone's, unless it is
 * a grouping by thousands that ends in 000. A count or measure word after a grouping or a range that
 * goes up makes it content (`3 450 000 人次`, `2350-2680米`). After a call verb or before `找我` none is, unless what it counts or `年` follows
 * (`打2010-2020找我` is masked; `联系2010-2020年的同学`, `2010-2020年` stay).
 */
export function isContent(found: string, after = '', before = ''): boolean {
  const digits = asciiDigits(found);
  const all = digits.replace(/\D/g, '');
  if (PHONE_DIGITS.test(all)) return isRoundThousands(found);
  if ((callBefore.test(before) || callAfter.test(after)) && !countedOrYears(after)) return false;
  const count = counted.test(after);
  if (spacedThousands.test(found)) return count || isRound(Number(all)) || (all.length <= 8 && !localLandline.test(all));
  const pair = dashedPair.exec(digits);
  if (!pair) return false;
  const [from, to] = [Number(pair[1]), Number(pair[2])];
  const tens = from % 10 === 0 && to % 10 === 0 && !localLandline.test(all);
  return from < to && (count || (isRound(from) && isRound(to)) || tens || (isYear(from) && isYear(to)));
}

const oneAmount = new RegExp(`^${AMT}$`);
const rangeFirst = new RegExp(`^${AMT}${RANGE}${AMT}(?!${D})`);

/**
 * The money at the start of a run of digit groups after a currency's sign or name, with the text
 * `after` the run: all of it where it is one amount (`¥1234567.89`, `¥12345678`), or a range that
 * goes up and is content as it would be without the sign (`¥500-1000`, `¥1000-2000 3000人`); else
 * none, and the run reads as if no sign were there (`¥8123-4567`, `¥6210-6350`, `¥8123 4567`, `¥2 345 678`).
 */
export function moneyAtStartOf(run: string, after: string): string {
  if (oneAmount.test(run)) return run;
  const range = rangeFirst.exec(run)?.[0];
  return range && isContent(range, run.slice(range.length) + after) ? range : '';
}
