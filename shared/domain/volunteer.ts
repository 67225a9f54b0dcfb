/**
 * Volunteers (志愿者) as people: one record per person, whatever teams they serve in, so their
 * hours and points are one ledger (`personKey`). What a service-record certificate needs, after
 * 《志愿服务记录与证明出具办法（试行）》: the name, the identity document's type and number, the
 * national volunteer number where there is one. The identity number is never stored: only its
 * masked form (for the certificate) and a keyed hash (to find the same person again).
 */
import { createHmac } from 'node:crypto';
import * as z from '#shared/domain/zod';
import { areaId } from './area';
import { toE164 } from './contact';
import { parseOrThrow } from './validation';

export const identityTypes = ['resident-id', 'passport', 'hk-macao-permit', 'taiwan-permit', 'foreign-permanent-id'] as const;
export type IdentityType = (typeof identityTypes)[number];

export interface StoredIdentity {
  readonly type: IdentityType;
  /** `370902********123X`: enough for a certificate, not enough to be the number. */
  readonly masked: string;
  /** HMAC-SHA256 of the normalized number under the deployment's identity key, hex. */
  readonly hash: string;
}

export interface Volunteer {
  readonly id: string;
  readonly name: string;
  /** E.164; unique in the deployment. */
  readonly phone: string;
  /** The national volunteer number (全国志愿服务信息系统), where the person has one. */
  readonly volunteerNumber?: string;
  readonly identity?: StoredIdentity;
  /** The community where they registered: station staff see the volunteers of their area. */
  readonly homeAreaId: string;
  readonly registeredAt: string;
  /** 代注册 by station staff (their id), or by the volunteer with an SMS code. */
  readonly registeredBy: { readonly kind: 'staff'; readonly staffId: string } | { readonly kind: 'self' };
  /**
   * Counts the changes of phone (absent: none yet, 0). Sessions carry the one they were signed
   * in under, and one from before the last change is refused (`sessionVolunteer`).
   */
  readonly sessionVersion?: number;
}

/** The person's session version: 0 for one whose phone never changed. */
export const sessionVersionOf = (v: Pick<Volunteer, 'sessionVersion'>) => v.sessionVersion ?? 0;

/** The ledger key of a person: no team id can hold `#`, so it never meets a guest's `<team>:<name>`. */
export function personKey(volunteerId: string): string {
  return `person#${volunteerId}`;
}

/** The volunteer id in a person's ledger key, or undefined for a guest's name key. */
export function volunteerIdOf(volunteerKey: string): string | undefined {
  return volunteerKey.startsWith('person#') ? volunteerKey.slice('person#'.length) : undefined;
}

const residentIdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const residentIdCheck = '10X98765432';

/** GB 11643: 17 digits and a check character, the birth date a real date, from 1900 and not after today. */
export function isResidentId(number: string, now: Date = new Date()): boolean {
  if (!/^\d{17}[\dX]$/.test(number)) return false;
  const sum = residentIdWeights.reduce((s, w, i) => s + w * Number(number[i]), 0);
  if (residentIdCheck[sum % 11] !== number[17]) return false;
  const [y, m, d] = [number.slice(6, 10), number.slice(10, 12), number.slice(12, 14)].map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  const real = date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  // Born by the end of today in the east of the country (UTC+8), whatever the server's clock zone.
  return real && y >= 1900 && date.getTime() <= now.getTime() + 8 * 3_600_000;
}

/** The number as compared: no spaces, upper case. */
export const normalizeIdentityNumber = (number: string) => number.replace(/\s/g, '').toUpperCase();

/**
 * A resident id (18 characters: 17 digits and a digit or X) keeps its first 6 and last 4 characters
 * (region and check), the rest starred. Any other document (a passport, a Taiwan or Hong Kong permit,
 * a foreign one of any length) keeps at most its first character and last 2 and always hides 6 or
 * more: `E12345678` → `E******78`, `12345678` → `******78`, `USA110060090010` → `U************10`.
 */
export function maskIdentityNumber(number: string): string {
  const kept = (head: number, tail: number) =>
    `${number.slice(0, head)}${'*'.repeat(number.length - head - tail)}${tail ? number.slice(-tail) : ''}`;
  if (/^\d{17}[\dX]$/.test(number)) return kept(6, 4);
  const visible = Math.min(3, Math.max(0, number.length - 6));
  return kept(visible === 3 ? 1 : 0, Math.min(visible, 2));
}

/** The keyed hash that finds the same document again; the type is part of it. */
export function identityHash(key: Buffer, type: IdentityType, number: string): string {
  return createHmac('sha256', key)
    .update(`${type}:${normalizeIdentityNumber(number)}`)
    .digest('hex');
}

export function storedIdentity(key: Buffer, type: IdentityType, number: string): StoredIdentity {
  const normalized = normalizeIdentityNumber(number);
  return { type, masked: maskIdentityNumber(normalized), hash: identityHash(key, type, normalized) };
}

export const phoneField = z.pipe(z.string('A mobile phone number'), toE164('A mobile number: 11 digits from 13, or +country and number'));

const identityField = z
  .strictObject({
    type: z.enum(identityTypes, `One of ${identityTypes.join(', ')}`),
    number: z.pipe(
      z.pipe(z.string('The document number'), z.transform(normalizeIdentityNumber)),
      z.string().check(z.regex(/^[0-9A-Z]{6,30}$/, '6 to 30 letters and digits')),
    ),
  })
  .check(
    z.refine((identity) => identity.type !== 'resident-id' || isResidentId(identity.number), {
      message: 'Not a valid resident identity number (18 characters, the last a check digit or X)',
      path: ['number'],
    }),
  );

/**
 * A letter of a name: a letter of any script (Han of any extension: 镕, 䶮, 𠀾; Latin with
 * Vietnamese's: Nguyễn; Uyghur, kana, Hangul, Cyrillic: foreign residents), with at most four
 * combining marks, or 〇 (U+3007: 王〇, counted a numeral by Unicode). Never another numeral of
 * any script (1, １, 〡, Ⅻ, ①), nor an invisible letter or mark (Hangul fillers, variation
 * selectors, the combining grapheme joiner), nor the letters that look like punctuation
 * (ǀ ǁ ǂ ǃ ː ˑ ʹ ʺ ˮ: a bar, a "!", a colon, quotes).
 */
const NAME_LETTER = String.raw`(?:(?!\p{Default_Ignorable_Code_Point})(?![ǀǁǂǃːˑʹʺˮ])\p{L}|〇)(?:(?!\p{Default_Ignorable_Code_Point})\p{M}){0,4}`;
/** One mark between a name's parts: the dots of minority and foreign names (· • ・ ‧), a space, a hyphen or an apostrophe. */
const NAME_JOINER = "[·•・‧ '’-]";
const PERSON_NAME = new RegExp(`^${NAME_LETTER}(?:${NAME_JOINER}?${NAME_LETTER})*$`, 'u');

export const NAME_RULE =
  'Letters of any script, with a dot (·), space, hyphen or apostrophe between parts; no digits (〇 aside), brackets, colons, other punctuation or hidden characters';

/**
 * Whether a (normalised) name is only a name: letters and the marks between a name's parts.
 * Digits, brackets and colons could plant a statement beside it (`张三（居民身份证：…）`); and
 * invisible characters (zero-width, BOM, soft hyphen, bidi controls) make two names look the same.
 * A certificate prints the name in its own labelled field (姓名：…), so letters of any script are
 * safe there; one its PDF's font lacks is refused with a 400 when the PDF is made, not here.
 */
export const isPersonName = (name: string) => PERSON_NAME.test(name);

/**
 * A name in the one form it is stored in: the full-width dot ．as the name dot ·, NFKC (a Kangxi
 * radical ⼈ or compatibility ideograph as its unified ideograph, full-width letters and spaces as
 * plain ones; numerals are left as typed, so that ², Ⅻ stay refused rather than becoming 2, XII),
 * runs of spaces as one, no space around a dot (麦麦提 · 艾力 → 麦麦提·艾力), trimmed.
 */
export function normalizeName(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\uFF0E/g, '·')
    .replace(/[^\p{N}]+/gu, (run) => run.normalize('NFKC'))
    .replace(/ {2,}/g, ' ')
    .replace(/ *([·•・‧]) */g, '$1')
    .trim();
}

/**
 * Whether two writings name the same person: equal once normalised, whichever of the name dots
 * they use, so a leader's typing matches a name stored normalised and one stored before the rule.
 */
export function sameName(a: string, b: string): boolean {
  const key = (text: string) => normalizeName(text).replace(/[·•・‧]/g, '·');
  return key(a) === key(b);
}

/** A person's name as typed, stored normalised (`normalizeName`): 1 to 40 characters of `isPersonName`. */
export const personName = () =>
  z.pipe(
    z.pipe(z.string('The name'), z.transform(normalizeName)),
    z.string().check(
      z.minLength(1, 'The name'),
      z.maxLength(40),
      z.refine((text: string) => text === '' || isPersonName(text), NAME_RULE),
    ),
  );

/** What staff (代注册) or the volunteer give to register. */
export const registrationSchema = z.strictObject({
  name: personName(),
  phone: phoneField,
  volunteerNumber: z.optional(z.string().check(z.trim(), z.regex(/^[0-9A-Za-z-]{4,30}$/, '4 to 30 letters, digits and hyphens'))),
  identity: z.optional(identityField),
  homeAreaId: areaId,
});
export type Registration = z.output<typeof registrationSchema>;

export function parseRegistration(body: unknown): Registration {
  return parseOrThrow(registrationSchema, body ?? {});
}

/** A phone as typed, in E.164; throws a ValidationError naming `phone`. */
export function parsePhone(body: unknown): string {
  return parseOrThrow(z.strictObject({ phone: phoneField }), body ?? {}).phone;
}

/** What a team's leader sees of a member: no identity, the phone masked. */
export function memberView(v: Volunteer, maskedPhone: string) {
  return { id: v.id, name: v.name, phone: maskedPhone, ...(v.volunteerNumber ? { volunteerNumber: v.volunteerNumber } : {}) };
}
