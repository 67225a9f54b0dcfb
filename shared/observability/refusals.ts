/**
 * The log fields of sends refused for good (a notice's targets, a sign-in code, a team's
 * invitation SMS), written by the notify consumer on its warning, and by volunteer-self for a
 * registration code refused not for the number. `REFUSED_FOR_GOOD` counts only the refusals an
 * operator or a team can fix (a template or signature, a sender, a webhook gone or refusing its
 * credentials): the stack's metric filter sums it in each sending function's logs and alarms
 * (`AlarmTopic.alarmOnRefusals`; what to do: docs/operations.md). `REFUSED_NUMBERS` counts those of
 * the number itself (invalid, blocked), which nobody here can fix: logged, never alarmed. A missing
 * optional template and any other refusal (its cause logged) are in neither.
 */
import type { RefusalKind } from '#shared/ports/notification-sender';

export const REFUSED_FOR_GOOD = 'refusedForGood';
export const REFUSED_NUMBERS = 'refusedNumbers';

/** The counts as log fields, each only when not zero. */
export function refusalFields(counts: { readonly misconfigured?: number; readonly recipientRefused?: number }): Record<string, number> {
  return {
    ...(counts.misconfigured ? { [REFUSED_FOR_GOOD]: counts.misconfigured } : {}),
    ...(counts.recipientRefused ? { [REFUSED_NUMBERS]: counts.recipientRefused } : {}),
  };
}

/** The fields of one SMS refused for good (a sign-in code, an invitation). */
export function smsRefusalFields(refusal: Exclude<RefusalKind, 'no-template'>): Record<string, number> {
  return refusalFields({ misconfigured: refusal === 'configuration' ? 1 : 0, recipientRefused: refusal === 'recipient' ? 1 : 0 });
}
