/** A team's decline, as it arrives from the offer page or an API client. */
import * as z from 'zod';
import { declineReasons } from './offer-lifecycle';
import { parseOrThrow } from './validation';

export const declineSchema = z.strictObject({
  reason: z.enum(declineReasons),
  note: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(500).optional()),
});

export type DeclineInput = z.output<typeof declineSchema>;

export function parseDecline(input: unknown): DeclineInput {
  return parseOrThrow(declineSchema, input ?? {});
}
