/**
 * One SMS per key however often its message arrives (the delivery log): for the sealed messages
 * of the notify queue that go to one phone, sign-in codes and team invitations.
 */
import type { DeliveryLog } from '#shared/ports/delivery-log';
import { type NotificationSender, PermanentDeliveryError, type RenderedNotice } from '#shared/ports/notification-sender';

/**
 * `sent`, `refused` (by the provider, for good: a number it does not serve, no approved template),
 * `held` (not sent, for good: `allowed` said no), `already-sent` (a copy of a message handled
 * before). `unrecorded`: sent, refused or held now, but the delivery log could not record it.
 */
export type SmsOnceOutcome = { readonly kind: 'sent' | 'refused' | 'held' | 'already-sent'; readonly unrecorded?: true };

/**
 * A refusal for good is noted and never tried again; any other error throws, and the message comes
 * back. `allowed`, when given, is asked once the key is taken, so a copy of a message handled
 * before never counts against a limit; when it says no, nothing is sent, for good.
 */
export async function smsOnce(
  deps: { readonly deliveries: DeliveryLog; readonly sender: NotificationSender },
  key: string,
  phone: string,
  notice: RenderedNotice,
  allowed?: () => Promise<boolean>,
): Promise<SmsOnceOutcome> {
  const run = await deps.deliveries.once(key, async () => {
    if (allowed && !(await allowed())) return 'held';
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
