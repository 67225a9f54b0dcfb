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

/** `+8613912345678` → `13912345678`; undefined for a number outside the mainland or not a mobile. */
export function mainlandNational(phone: string): string | undefined {
  const national = phone.startsWith('+86') ? phone.slice(3) : '';
  return mainlandMobile.test(national) ? national : undefined;
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

/** `+8613912343246` → `139 1234 3246`, as a mainland mobile is read out and dialled; any other number as stored. */
export function readablePhone(phone: string): string {
  const national = mainlandNational(phone);
  return national ? `${national.slice(0, 3)} ${national.slice(3, 7)} ${national.slice(7)}` : phone;
}

/** `+8613812345678` → `138****5678`; other countries keep their last four digits only. */
export function maskPhone(phone: string): string {
  // None (anonymised, `retention.ts`): stars would read as a number kept.
  if (phone === '') return '';
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
