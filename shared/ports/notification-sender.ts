/**
 * Sending one rendered notice to one target (a team's webhook, an SMS number, an email
 * address). The consumer (`send-notifications`) calls it once per target; adapters live in
 * `shared/adapters/notify/`.
 */
import type { NoticeKind, RenderedNotice } from '#shared/domain/rendered-notice';
import type { ChannelTarget } from '#shared/domain/team';

// Domain values (`notice-text.ts` renders them); re-exported for the senders.
export type { NoticeKind, RenderedNotice };

/**
 * The target refused for good (e.g. a 4xx from a webhook, an invalid number): sending again
 * cannot help, so the consumer records it and moves on. Any other error is taken as transient
 * and the notice is delivered again later.
 */
export class PermanentDeliveryError extends Error {
  override readonly name: string = 'PermanentDeliveryError';
}

/**
 * Refused for good, before any call, because the deployment's SMS template config has no
 * template for this kind of notice (a kind it may leave out, `OPTIONAL_KINDS` in sms-templates.ts):
 * a setting, not a fault, so the consumer records it like any refusal and says so in its log.
 */
export class NoTemplateDeliveryError extends PermanentDeliveryError {
  override readonly name = 'NoTemplateDeliveryError';
}

/**
 * Refused for good because of a set-up someone keeps: the deployment's (an SMS template or
 * signature not approved or revoked, the SES sender no longer verified) or a team's channel (its
 * webhook answering 401, 403, 404 or 410, its robot refusing the key). An operator or the team can
 * fix it, so the consumer counts it for the refusals alarm.
 */
export class MisconfiguredDeliveryError extends PermanentDeliveryError {
  override readonly name: string = 'MisconfiguredDeliveryError';
}

/**
 * Refused for the rest of the day because the number had all the SMS the provider lets one number
 * have in a day (Tencent Cloud: 10 by default, every template together): the queue's retries
 * (minutes) cannot outlast it, so it is refused for good at once. Counted like a set-up refusal
 * (alarmed): the operator raises the limit, allowlists the number or gives the team a webhook, and
 * tells the person by hand. A caller waiting on it (a registration code) answers 429 until midnight.
 */
export class NumberDailyLimitDeliveryError extends MisconfiguredDeliveryError {
  override readonly name = 'NumberDailyLimitDeliveryError';
}

/**
 * Refused for good because of the number itself: invalid, outside what the templates reach,
 * opted out or on the provider's blocked list. Nobody here can fix it (only whoever gave the
 * number), so the consumer logs it apart, without alarming.
 */
export class RecipientRefusedDeliveryError extends PermanentDeliveryError {
  override readonly name = 'RecipientRefusedDeliveryError';
}

/**
 * What a refusal for good asks of whom: `no-template` (a kind the deployment sends by no SMS: a
 * setting), `configuration` (an operator or team fixes it: alarmed), `recipient` (the number: logged
 * apart), `other` (the message or the receiver's answer: logged with its cause).
 */
export type RefusalKind = 'no-template' | 'configuration' | 'recipient' | 'other';

export function refusalKind(error: PermanentDeliveryError): RefusalKind {
  if (error instanceof NoTemplateDeliveryError) return 'no-template';
  if (error instanceof MisconfiguredDeliveryError) return 'configuration';
  if (error instanceof RecipientRefusedDeliveryError) return 'recipient';
  return 'other';
}

/**
 * A refusal's message for the log: the senders build it from codes and statuses (`safeCode`),
 * never from a phone or an address; a long run of digits is cut all the same, should one slip in.
 */
export function refusalCause(error: Error): string {
  return error.message.replace(/\d{7,}/g, '…').slice(0, 160);
}

/**
 * The provider refuses for now because too many were sent (to this number, or by the account in
 * a period): transient like any other error, named so that a caller waiting on it (a sign-in
 * code) can say "try again later" instead of failing.
 */
export class ThrottledDeliveryError extends Error {
  override readonly name = 'ThrottledDeliveryError';
}

export interface NotificationSender {
  send(target: ChannelTarget, notice: RenderedNotice): Promise<void>;
}
