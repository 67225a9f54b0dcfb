/** Phone numbers and how personal data is shown before a team accepts. */
import * as z from '#shared/domain/zod';

const mainlandMobile = /^1[3-9]\d{9}$/;
const e164 = /^\+[1-9]\d{7,14}$/;

/** Normalizes a mainland mobile number or E.164 to E.164; undefined when it is neither. */
export function normalizePhone(input: string): string | undefined {
  // Full-width digits, plus and hyphen (a Chinese keyboard's) read as their ASCII forms.
  const compact = input.normalize('NFKC').replace(/[\s-]/g, '');
  if (mainlandMobile.test(compact)) return `+86${compact}`;
  if (compact.startsWith('+86') && !mainlandMobile.test(compact.slice(3))) return undefined;
  return e164.test(compact) ? compact : undefined;
}

/** A schema step to E.164 (`normalizePhone`) that refuses with `message` what is neither form. */
export function toE164(message: string) {
  return z.transform((value: string, ctx) => {
    const phone = normalizePhone(value);
    if (!phone) {
      ctx.issues.push({ code: 'custom', message, input: value });
      return z.NEVER;
    }
    return phone;
  });
}

/** `+8613812345678` → `138****5678`; other countries keep their last four digits only. */
export function maskPhone(phone: string): string {
  const national = phone.startsWith('+86') ? phone.slice(3) : phone;
  if (national.length <= 4) return '****';
  const head = phone.startsWith('+86') ? national.slice(0, 3) : '';
  return `${head}****${national.slice(-4)}`;
}

/** `张三丰` → `张**`; `Li Wei` → `L*****`. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

export function lastFourDigits(phone: string): string {
  return phone.slice(-4);
}

/** A digit, ASCII or full-width (a Chinese keyboard's); a separator between digits, the same. */
const D = '[0-9\uff10-\uff19]';
/**
 * A digit as a number is also written to slip past a filter or read out: in Chinese numerals
 * (一三八…, 幺 for one, 〇/○/零 for zero), their banker's forms (壹贰叁…) or circled (①③⑧). Never 十, 百 or 两:
 * a phone number is read digit by digit, and those make the quantities a team needs (十二个).
 */
const DIGITISH = '[0-9\uff10-\uff19\u2460-\u2468\u24ea零〇○一二三四五六七八九幺壹贰叁肆伍陆柒捌玖]';
/** Up to three separators between two digits: `138 1234 5678`, `138-1234-5678`, `138 - 1234 - 5678`. */
const SEP = '[ .\\-\u3000\uff0d\uff0e\u2010-\u2014]{0,3}';
const DATE = `${D}{4}[-./]${D}{1,2}[-./]${D}{1,2}(?:[ T]${D}{1,2}:${D}{2})?`;
/**
 * A date (`2026-12-01`, `2026-12-01 09:00`, `2026/12/01`), kept as it is; or a run of seven or
 * more digits (in any of the forms above, mixed too) with a few spaces, dots or hyphens between
 * two of them, a leading `+` and an identity number's final `X`, never running on into a date: a
 * phone number (mobile or landline, with or without `+86`), an identity, bank card or QQ number.
 */
const dateOrNumber = new RegExp(`(${DATE})|[+\uff0b]?${DIGITISH}(?:${SEP}(?!${DATE})${DIGITISH}){6,}[Xx\uff38\uff58]?`, 'g');
const digit = new RegExp(DIGITISH, 'g');

/**
 * Free text with every number in it that could reach a person masked but its last four digits:
 * `请打13812345678找我女儿` → `请打*******5678找我女儿`, `幺三八一二三四五六七八` →
 * `*******五六七八`. Dates and numbers of up to six digits (ages, sizes, prices, 一二十个) stay;
 * so does everything else in the text.
 */
export function maskNumbersIn(text: string): string {
  return text.replace(dateOrNumber, (found, date: string | undefined) => {
    if (date) return found;
    const hidden = (found.match(digit)?.length ?? 0) - 4;
    let seen = 0;
    return found.replace(digit, (d) => (++seen <= hidden ? '*' : d));
  });
}
