/**
 * One SMS per key however often its message arrives (the delivery log): for the sealed messages
 * of the notify queue that go to one phone, sign-in codes and team invitations.
 */
import type { DeliveryLog } from '#shared/ports/delivery-log';
import {
  type NotificationSender,
  PermanentDeliveryError,
  type RefusalKind,
  type RenderedNotice,
  refusalCause,
  refusalKind,
} from '#shared/ports/notification-sender';

/**
 * `sent`, `refused` (by the provider, for good: a number it does not serve, no approved template;
 * with its `cause` for the log, a code, never the number, and `refusal`, whom it asks to act),
 * `no-template` (not sent, for good: the deployment has no SMS template for this optional kind),
 * `held` (not sent, for good: the limit said no), `already-sent` (a copy of a message handled
 * before). `unrecorded`: sent, refused or held now, but the delivery log could not record it.
 */
export type SmsOnceOutcome = (
  | { readonly kind: 'sent' | 'held' | 'already-sent' }
  | { readonly kind: 'refused'; readonly refusal: Exclude<RefusalKind, 'no-template'>; readonly cause: string }
  | { readonly kind: 'no-template'; readonly cause: string }
) & { readonly unrecorded?: true };

/** A limit on SMS that counts only what was sent: asked before the send, told after it. */
export interface SmsLimit {
  /** Whether one more may go now (a read: a try that fails for now counts nothing). */
  allows(): Promise<boolean>;
  /** One went: count it. A failure to count is swallowed: the SMS is out, and must not go again. */
  counts(): Promise<void>;
}

/**
 * A refusal for good is noted and never tried again; any other error throws, and the message comes
 * back. `limit`, when given, is asked once the key is taken, so a copy of a message handled before
 * never counts; when it says no, nothing is sent, for good (kept in the delivery log as a refusal,
 * which every version of it reads).
 */
export async function smsOnce(
  deps: { readonly deliveries: DeliveryLog; readonly sender: NotificationSender },
  key: string,
  phone: string,
  notice: RenderedNotice,
  limit?: SmsLimit,
): Promise<SmsOnceOutcome> {
  let held = false;
  let refused: PermanentDeliveryError | undefined;
  const run = await deps.deliveries.once(key, async () => {
    if (limit && !(await limit.allows())) {
      held = true;
      return 'refused';
    }
    try {
      await deps.sender.send({ kind: 'sms', phone }, notice);
    } catch (error) {
      if (!(error instanceof PermanentDeliveryError)) throw error;
      refused = error;
      return 'refused';
    }
    await limit?.counts().catch(() => undefined);
    return 'sent';
  });
  const unrecorded = run.unrecorded ? { unrecorded: true as const } : {};
  if (!run.fresh) return { kind: 'already-sent', ...unrecorded };
  if (held) return { kind: 'held', ...unrecorded };
  if (refused) {
    const refusal = refusalKind(refused);
    const cause = refusalCause(refused);
    return refusal === 'no-template' ? { kind: 'no-template', cause, ...unrecorded } : { kind: 'refused', refusal, cause, ...unrecorded };
  }
  return { kind: 'sent', ...unrecorded };
}
