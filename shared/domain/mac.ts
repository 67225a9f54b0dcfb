/**
 * Comparing a MAC given as base64url with the one computed. Node's base64url decoding skips what
 * it cannot read (a trailing `=` or `!`) and ignores the spare bits of the last character, so many
 * strings decode to the right MAC: only the one canonical spelling counts, compared in constant time.
 */
import { timingSafeEqual } from 'node:crypto';

export function macMatches(given: string, expected: Buffer): boolean {
  const bytes = Buffer.from(given, 'base64url');
  return bytes.toString('base64url') === given && bytes.length === expected.length && timingSafeEqual(bytes, expected);
}
