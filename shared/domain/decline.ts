/** A team's decline, as it arrives from the offer page or an API client. */
import * as z from '#shared/domain/zod';
import { optionalPlainText, parseOrThrow } from './validation';

/** Why an offer ended without an accept: the team declined, or its deadline passed. */
export type ReleaseCause = 'declined' | 'timeout';
export const declineReasons = ['busy', 'out-of-area', 'no-skill', 'other'] as const;
export type DeclineReason = (typeof declineReasons)[number];

/** How a reason reads, on the offer page's choice and in the request's history. */
export const declineReasonText: Readonly<Record<DeclineReason, { readonly zh: string; readonly en: string }>> = {
  busy: { zh: '人手不足，暂时忙不过来', en: 'Too busy right now' },
  'out-of-area': { zh: '不在服务范围内', en: 'Outside our area' },
  'no-skill': { zh: '不具备相关技能', en: 'Not our skill' },
  other: { zh: '其他原因', en: 'Other' },
};

export const declineSchema = z.strictObject({
  reason: z.enum(declineReasons),
  note: optionalPlainText(500, { multiline: true }),
});

export type DeclineInput = z.output<typeof declineSchema>;

export function parseDecline(input: unknown): DeclineInput {
  return parseOrThrow(declineSchema, input ?? {});
}
