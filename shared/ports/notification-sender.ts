/**
 * Sending one rendered notice to one target (a team's webhook, an SMS number, an email
 * address). The consumer (`send-notifications`) calls it once per target; adapters live in
 * `shared/adapters/notify/`.
 */
import type { ChannelTarget } from '#shared/domain/team';

export type NoticeKind = 'offer' | 'offer-cancelled' | 'received' | 'accepted' | 'completed' | 'escalated' | 'expired' | 'rejected';

/** A notice rendered for every channel format; zh-CN, never more personal data than its audience may see. */
export interface RenderedNotice {
  /** Unique per event; receivers may deduplicate on it (webhooks get it in `X-Paidan-Event`). */
  readonly eventId: string;
  readonly kind: NoticeKind;
  /** A short title: email subject, markdown heading. */
  readonly title: string;
  /** Plain text: the SMS body and the email body. */
  readonly text: string;
  /** Markdown for WeCom (企业微信) and DingTalk group robots. */
  readonly markdown: string;
  /** The JSON payload of a plain (`json`) webhook. */
  readonly data: Readonly<Record<string, unknown>>;
}

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
