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
  override readonly name = 'PermanentDeliveryError';
}

export interface NotificationSender {
  send(target: ChannelTarget, notice: RenderedNotice): Promise<void>;
}
