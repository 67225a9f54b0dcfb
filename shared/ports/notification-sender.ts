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
