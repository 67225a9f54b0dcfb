/** A team's decline, as it arrives from the offer page or an API client. */
import * as z from 'zod';
import { ValidationError } from './errors';
import { declineReasons } from './offer-lifecycle';
import { issuesOf } from './submission';

export const declineSchema = z.strictObject({
  reason: z.enum(declineReasons),
  note: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(500).optional()),
});

export type DeclineInput = z.output<typeof declineSchema>;

export function parseDecline(input: unknown): DeclineInput {
  const result = declineSchema.safeParse(input ?? {});
  if (!result.success) throw new ValidationError(issuesOf(result.error));
  return result.data;
}
