/**
 * Checks on CDK context options (`-c key=value`), so a bad value fails synth with a sentence
 * naming the option instead of failing the deployment, or worse, a function at its cold start.
 */
import * as z from 'zod';

/**
 * A plain address (`notices@example.org`), by the same rule `send-notifications` applies to its
 * EMAIL_FROM (zod's `z.email()`), so what synth accepts the function accepts too. No display
 * name: SES's `ses:FromAddress` condition compares the bare address.
 */
const emailAddress = z.email().max(254);

export function isEmailAddress(value: string): boolean {
  return emailAddress.safeParse(value).success;
}

/** Throws when `value` of context option `key` is not a plain email address. */
export function assertEmailAddress(key: string, value: string): void {
  if (!isEmailAddress(value)) {
    throw new Error(
      `Context option ${key} must be a plain email address such as notices@example.org ` +
        `(an identity verified in SES, no display name), got ${JSON.stringify(value)}.`,
    );
  }
}

/** Cognito's rule for a prefix domain: lower-case letters, digits and inner hyphens, at most 63. */
const domainPrefix = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Words Cognito refuses in a domain prefix. */
export const RESERVED_DOMAIN_WORDS: readonly string[] = ['aws', 'amazon', 'cognito'];

/**
 * Throws when `value` of context option `key` cannot be a Cognito prefix domain
 * (`https://<value>.auth.<region>.amazoncognito.com`). Whether someone else holds it already
 * only the deployment can tell.
 */
export function assertDomainPrefix(key: string, value: string): void {
  const reserved = RESERVED_DOMAIN_WORDS.find((word) => value.includes(word));
  if (!domainPrefix.test(value) || reserved) {
    throw new Error(
      `Context option ${key} must be a Cognito domain prefix such as paidan-taian: 1 to 63 lower-case ` +
        `letters, digits and hyphens, not starting or ending with a hyphen, without the words ${RESERVED_DOMAIN_WORDS.join(', ')}; ` +
        `got ${JSON.stringify(value)}.`,
    );
  }
}
