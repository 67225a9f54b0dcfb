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
