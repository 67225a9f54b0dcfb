/**
 * One SMS per key however often its message arrives (the delivery log): for the sealed messages
 * of the notify queue that go to one phone, sign-in codes and team invitations.
 */
import type { DeliveryLog } from '#shared/ports/delivery-log';
import { type NotificationSender, PermanentDeliveryError, type RenderedNotice } from '#shared/ports/notification-sender';

/**
 * `sent`, `refused` (by the provider, for good: a number it does not serve, no approved template),
 * `already-sent` (a copy of a message handled before). `unrecorded`: sent or refused now, but the
 * delivery log could not record it.
 */
export type SmsOnceOutcome = { readonly kind: 'sent' | 'refused' | 'already-sent'; readonly unrecorded?: true };

/** A refusal for good is noted and never tried again; any other error throws, and the message comes back. */
export async function smsOnce(
  deps: { readonly deliveries: DeliveryLog; readonly sender: NotificationSender },
  key: string,
  phone: string,
  notice: RenderedNotice,
): Promise<SmsOnceOutcome> {
  const run = await deps.deliveries.once(key, async () => {
    try {
      await deps.sender.send({ kind: 'sms', phone }, notice);
      return 'sent';
    } catch (error) {
      if (error instanceof PermanentDeliveryError) return 'refused';
      throw error;
    }
  });
  const kind = run.fresh ? run.outcome : 'already-sent';
  return run.unrecorded ? { kind, unrecorded: true } : { kind };
}
