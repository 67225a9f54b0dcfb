/**
 * A browser that has signed in with a phone before (a "known device"): a signed cookie, set at
 * every sign-in and registration, that names no one. Its MAC covers the phone's keyed hash
 * (`signInPhoneKey`), which the cookie does not carry: it is checked against the phone a code is
 * asked for. Part of a phone's codes a day are kept for such a browser
 * (`CODES_PER_PHONE_FROM_NEW_DEVICES`), so strangers asking for the owner's phone from any number
 * of addresses cannot spend the owner's day; and a code such a browser asks for is kept in a slot of
 * its own, tried only from a browser with the mark (`SignInCodes`), so strangers can neither replace
 * it by asking nor lock it by wrong tries. One mark
 * a browser (the last phone signed in with there); signing out keeps it.
 */
import { createHmac } from 'node:crypto';
import { macMatches } from './mac';
import { derive, type SealingKey } from './sealed-box';

/** Half a year: volunteers sign in a few times a month, from the same phone. */
export const KNOWN_DEVICE_SECONDS = 180 * 24 * 60 * 60;
export const KNOWN_DEVICE_COOKIE = 'paidan_known';

/** Over https with the `__Host-` prefix, as the session cookie (`sessionCookieName`). */
export const knownDeviceCookieName = (secure: boolean) => (secure ? `__Host-${KNOWN_DEVICE_COOKIE}` : KNOWN_DEVICE_COOKIE);

const markKey = (secret: Buffer) => derive({ secret }, 'volunteer known devices');
const macOf = (key: SealingKey, phoneKey: string, body: string) =>
  createHmac('sha256', markKey(key.secret)).update(`${phoneKey}.${body}`).digest();

const markOf = (key: SealingKey, phoneKey: string, expires: number | string) => {
  const body = `${expires}.${key.id}`;
  return `${body}.${macOf(key, phoneKey, body).toString('base64url')}`;
};

/** `<expires, epoch seconds>.<key id>.<mac>`, the mac over the phone's keyed hash too. */
export function signKnownDevice(key: SealingKey, phoneKey: string, now: Date): string {
  return markOf(key, phoneKey, Math.floor(now.getTime() / 1000) + KNOWN_DEVICE_SECONDS);
}

/**
 * A valid mark (`isKnownDevice`) signed again with `key` (the current one), its expiry kept: so a
 * mark outlives the rotation of the key that signed it, if its browser asks within the 7 days
 * the retired key is kept.
 */
export function renewedKnownDevice(key: SealingKey, phoneKey: string, value: string): string {
  return markOf(key, phoneKey, value.split('.')[0] ?? '');
}

/** A mark's form: its expiry, key id and MAC. */
const MARK = /^(\d{1,12})\.([0-9a-z]{1,32})\.([A-Za-z0-9_-]{43})$/;

/** The key id a mark names, if the value has a mark's form. */
export function knownDeviceKeyId(value: string | undefined): string | undefined {
  return MARK.exec(value ?? '')?.[2];
}

/** Whether `value` is a mark for this phone, signed with `key` (the key it names), unexpired. */
export function isKnownDevice(key: SealingKey, phoneKey: string, value: string | undefined, now: Date): boolean {
  const match = MARK.exec(value ?? '');
  if (!match || match[2] !== key.id) return false;
  const [, expires = '', keyId = '', mac = ''] = match;
  return macMatches(mac, macOf(key, phoneKey, `${expires}.${keyId}`)) && Number(expires) * 1000 > now.getTime();
}

/** The Set-Cookie value: HttpOnly, SameSite=Strict (only this site's own forms send it), Path=/, Secure and `__Host-` but on plain http. */
export function knownDeviceCookie(value: string, secure: boolean): string {
  return `${knownDeviceCookieName(secure)}=${value}; Path=/; Max-Age=${KNOWN_DEVICE_SECONDS}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}
