/** Ids, tracking codes and access tokens: random, unguessable where they must be. */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

const crockford = '0123456789abcdefghjkmnpqrstvwxyz';

/** 20 characters of Crockford base32: 100 bits, safe to put in a URL. */
export function newRequestId(): string {
  const bytes = randomBytes(20);
  let out = '';
  for (const b of bytes) out += crockford[b & 31];
  return out;
}

/**
 * Eight digits, easy to read over the phone to an elderly resident (digits only, no letters
 * to confuse). Unique by a conditional write; on a collision the caller draws again.
 */
export function newTrackingCode(): string {
  return String(randomInt(10_000_000, 100_000_000));
}

export function formatTrackingCode(code: string): string {
  return `${code.slice(0, 4)} ${code.slice(4)}`;
}

/** 32 random bytes, base64url: the resident's key to their own request. */
export function newAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function tokenMatches(token: string, expectedHash: string): boolean {
  const actual = Buffer.from(sha256(token), 'hex');
  const expected = Buffer.from(expectedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A stable hash of a JSON value: object keys sorted, so key order does not matter. */
export function canonicalHash(value: unknown): string {
  return sha256(canonicalJson(value));
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
