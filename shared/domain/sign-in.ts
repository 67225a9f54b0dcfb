/**
 * A volunteer's own sign-in (我的志愿服务): a six-digit code by SMS to the registered phone, then
 * a session cookie. Codes expire in minutes, are good once, and lock after a few wrong tries;
 * sessions are a signed cookie (HMAC under a key derived from one of the deployment's signing keys,
 * named in the cookie), so nothing is stored for them; each carries the person's session version,
 * so a change of phone ends them.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { sha256 } from './identifiers';
import { macMatches } from './mac';
import { keyedPhoneHash } from './phone-hash';
import { SIGN_IN_CODE_MINUTES } from './notice-text';
import { derive, type SealingKey } from './sealed-box';

export const SIGN_IN_CODE_SECONDS = SIGN_IN_CODE_MINUTES * 60;
/** Wrong tries of one code before it is locked (a new code must be asked for). */
export const SIGN_IN_MAX_TRIES = 5;
/**
 * Codes asked for one phone from one client address in a day (days of Beijing time, `beijingDay`),
 * sign-in and registration together: half the phone's day below, so no one address can spend a
 * phone's codes for the day. Enough for signing in on a few devices and a few mistakes (sessions
 * last 12 hours). Two addresses could spend it, hence the share below.
 */
export const CODES_PER_PHONE_FROM_ADDRESS = { limit: 5, windowSeconds: 24 * 60 * 60 } as const;
/**
 * Codes asked for one phone in a day from every address together: the backstop against flooding a
 * phone with SMS. 10, the daily cap on verification SMS to one number that Alibaba Cloud and Tencent
 * Cloud SMS set by default (each counts a natural day of Beijing time, so this counts the same
 * days): a provider past its own cap refuses the owner's code while our page could not tell.
 * Both also cap a number at 5 an hour; codes past that (two addresses asking within the hour)
 * are stored and counted, but may not arrive, which the pages allow for.
 */
export const CODES_PER_PHONE_PER_DAY = { limit: 10, windowSeconds: 24 * 60 * 60 } as const;
/**
 * Of the phone's codes a day, those browsers that never signed in with it may ask for, from every
 * address together; the other 4 are kept for a browser that has (`isKnownDevice`). So strangers
 * asking from any number of addresses cannot lock the owner out for the day on a device they
 * signed in with before; a first sign-in on a new device can still be crowded out.
 */
export const CODES_PER_PHONE_FROM_NEW_DEVICES = { limit: 6, windowSeconds: 24 * 60 * 60 } as const;
/**
 * The least time between two codes to one phone. Alibaba Cloud and Tencent Cloud send about one
 * verification SMS a number every 30-60 s and refuse more; this way our own limit answers first.
 */
export const CODE_SPACING_SECONDS = 60;
/**
 * Codes asked for from one client address per window: generous, since a station's Wi-Fi or a
 * carrier's NAT puts a whole sign-up day behind one address. What a script there can do stays
 * bounded by the limits per phone and, for registration, per network and the day's budget below.
 */
export const CODES_PER_ADDRESS = { limit: 200, windowSeconds: 60 * 60 } as const;
/**
 * Wrong codes in a day (of Beijing time, as the codes' day above), over all of a phone's codes:
 * from one client address for that phone, and from every address together. A new code resets its
 * own tries, so these bound a patient guesser asking for codes all day. Only a wrong guess at a
 * live code counts (each code's last wrong try locks it uncounted).
 *
 * An address past its own limit is refused (429) for that phone; the phone's limit refuses every
 * browser without the phone's known-device mark (strangers' tries count toward it, so it must not
 * refuse the owner's marked browser). Strangers compare only against the codes browsers without
 * the mark asked for (a marked browser's code is wrong from any other), at most 6 a day of 5 tries:
 * 30 tries, a 1 in 33,000 chance a day; the phone's 60 is a backstop should the codes' day be
 * raised; one address stops at its own 10, and cannot lock the owner out.
 */
export const WRONG_CODES_PER_PHONE_FROM_ADDRESS = { limit: 10, windowSeconds: 24 * 60 * 60 } as const;
export const WRONG_CODES_PER_PHONE_PER_DAY = { limit: 60, windowSeconds: 24 * 60 * 60 } as const;
/**
 * Codes for registering oneself, to any phone, in the whole deployment per day (of Beijing time): a bound on what
 * sending SMS to any number can cost (SMS pumping), well above a city's busiest day of sign-ups.
 * Registered phones count too, so the budget's end does not tell them apart; signing in is not
 * counted, so it keeps working.
 */
export const REGISTRATION_CODES_PER_DAY = { limit: 5000, windowSeconds: 24 * 60 * 60 } as const;
/**
 * Registration codes asked for from one network in a day (days of Beijing time): an IPv4 address's
 * /24, an IPv6 address's /64 (`networkOf`), what one site or subscriber usually holds. So a
 * handful of addresses cannot spend the deployment's day above (six of one /24 did in four hours):
 * it takes a hundred networks. 50 is a busy sign-up day on one station's Wi-Fi.
 */
export const REGISTRATION_CODES_PER_NETWORK = { limit: 50, windowSeconds: 24 * 60 * 60 } as const;

export { beijingDay } from './beijing-day';
/** How long a session lasts: a day of service at most. */
export const SESSION_SECONDS = 12 * 60 * 60;
/** The session cookie's name on the local stack (plain http); over https, `__Host-` before it. */
export const SESSION_COOKIE = 'paidan_me';

/** Whether cookies go over https only: always, but to the local stack on http (`PUBLIC_URL`). */
export const secureCookies = (publicUrl: string) => !publicUrl.startsWith('http://');

/**
 * The session cookie's name. Over https it has the `__Host-` prefix: a browser takes it only
 * with Secure, Path=/ and no Domain, from this host itself, so no other host of the parent domain
 * (a sibling subdomain) can set one that reads as ours. Plain http (the local stack) cannot have it.
 */
export const sessionCookieName = (secure: boolean) => (secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE);

export function newSignInCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** What is stored of a phone: its keyed hash (`keyedPhoneHash`), never the number. */
export const signInPhoneKey = (identityKey: Buffer, phone: string) => keyedPhoneHash(identityKey, 'sign-in phones', phone);

/**
 * The plain hash codes issued before 2026-12-07 are kept by: codes are read under it too (never
 * issued) for their lifetime after the upgrade. Upgrade shim: remove after 2026-12-14, once every
 * deployment has run the upgraded version for more than SIGN_IN_CODE_MINUTES.
 */
export const legacySignInPhoneKey = (phone: string) => sha256(`phone:${phone}`);

/** The phone's keys codes are looked up by: the keyed one first, then the legacy one (`legacySignInPhoneKey`). */
export const signInPhoneKeys = (identityKey: Buffer, phone: string) =>
  [signInPhoneKey(identityKey, phone), legacySignInPhoneKey(phone)] as const;

/** What is stored of a code: bound to its phone, so another phone's code never matches. */
export const codeHash = (phone: string, code: string) => sha256(`sign-in:${phone}:${code}`);

export function hashesMatch(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a, 'hex'), Buffer.from(b, 'hex')];
  return x.length === y.length && timingSafeEqual(x, y);
}

const sessionKey = (signingSecret: Buffer) => derive({ secret: signingSecret }, 'volunteer sessions');

/**
 * `<volunteerId>.<expires, epoch seconds>.<key id>.v<session version>.<mac>`, the mac under a key
 * derived from the signing key the id names. The version is the person's `sessionVersion` at
 * sign-in: one from before a change of phone no longer matches theirs (`sessionVolunteer`). A
 * session from before versions has none (`<volunteerId>.<expires>.<key id>.<mac>`) and counts as
 * version 0; one from before key ids has neither (`<volunteerId>.<expires>.<mac>`): it is checked
 * with the ring's original key.
 */
export function signSession(key: SealingKey, volunteerId: string, now: Date, version: number): string {
  const expires = Math.floor(now.getTime() / 1000) + SESSION_SECONDS;
  const body = `${volunteerId}.${expires}.${key.id}.v${version}`;
  return `${body}.${createHmac('sha256', sessionKey(key.secret)).update(body).digest('base64url')}`;
}

interface SessionParts {
  readonly volunteerId: string;
  readonly expires: string;
  readonly keyId?: string;
  /** As written (`v3`); absent in sessions from before versions. */
  readonly version?: string;
  readonly mac: string;
}

/** A cookie's parts, if it has the form of a session. */
export function parseSession(value: string | undefined): SessionParts | undefined {
  const match = /^([0-9a-z]{20})\.(\d{1,12})(?:\.([0-9a-z]{1,32})(?:\.(v\d{1,9}))?)?\.([A-Za-z0-9_-]{43})$/.exec(value ?? '');
  if (!match) return undefined;
  const [, volunteerId, expires, keyId, version, mac] = match as unknown as [
    string,
    string,
    string,
    string | undefined,
    string | undefined,
    string,
  ];
  return { volunteerId, expires, ...(keyId === undefined ? {} : { keyId }), ...(version === undefined ? {} : { version }), mac };
}

/** A session's person and the session version it was signed in under. */
export interface VerifiedSession {
  readonly volunteerId: string;
  readonly version: number;
}

/** The volunteer a session cookie names, if it is ours (signed with `key`, the key it names) and still valid. */
export function verifySession(key: SealingKey, value: string | undefined, now: Date): VerifiedSession | undefined {
  const parts = parseSession(value);
  if (!parts || (parts.keyId !== undefined && parts.keyId !== key.id)) return undefined;
  const { volunteerId, expires, keyId, version, mac } = parts;
  const body = [volunteerId, expires, keyId, version].filter((p) => p !== undefined).join('.');
  const expected = createHmac('sha256', sessionKey(key.secret)).update(body).digest();
  if (!macMatches(mac, expected)) return undefined;
  if (Number(expires) * 1000 <= now.getTime()) return undefined;
  // Signed before versions: as version 0, which every person had then.
  return { volunteerId, version: version === undefined ? 0 : Number(version.slice(1)) };
}

/**
 * The Set-Cookie value: HttpOnly, SameSite=Lax, Path=/ (which `__Host-` requires: only the /me
 * functions read it), Secure and `__Host-` unless the deployment is plain http (the local stack).
 */
export function sessionCookie(value: string, secure: boolean, maxAgeSeconds = SESSION_SECONDS): string {
  return `${sessionCookieName(secure)}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/**
 * The session cookie from before `__Host-` (`paidan_me`, Path=/me), expired. On the local stack
 * it has the new one's name, and a browser sends both to /me, which the duplicate rule reads as
 * none (signed out for good); over https it lapses anyway, but goes at once.
 */
export function expiredOldSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/me; Max-Age=0; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/** The Set-Cookie values of a sign-in (or, with `''` and 0, a sign-out): the session, and the old one expired. */
export function sessionCookies(value: string, secure: boolean, maxAgeSeconds = SESSION_SECONDS): string[] {
  return [sessionCookie(value, secure, maxAgeSeconds), expiredOldSessionCookie(secure)];
}
