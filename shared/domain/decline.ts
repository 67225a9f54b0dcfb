/** A team's decline, as it arrives from the offer page or an API client. */
import * as z from '#shared/domain/zod';
import { optionalPlainText, parseOrThrow } from './validation';

/** Why an offer ended without an accept: the team declined, or its deadline passed. */
export type ReleaseCause = 'declined' | 'timeout';
export const declineReasons = ['busy', 'out-of-area', 'no-skill', 'other'] as const;
export type DeclineReason = (typeof declineReasons)[number];

export const declineSchema = z.strictObject({
  reason: z.enum(declineReasons),
  note: optionalPlainText(500, { multiline: true }),
});

export type DeclineInput = z.output<typeof declineSchema>;

export function parseDecline(input: unknown): DeclineInput {
  return parseOrThrow(declineSchema, input ?? {});
}
