/**
 * A request's notice delivered to each of its targets once, however often its message arrives
 * (SQS delivers at least once; the outbox relay may send it again). What went where is kept with
 * the notice's own outbox message, and the notice is settled (its message removed, so the relay
 * stops sending it) once every target is sent or refused for good: a settled notice sends nothing
 * more. Sign-in codes and invitations, which have no outbox message, use the DeliveryLog.
 */
import type { DeliveryOutcome, DeliveryRun } from './delivery-log';

/** The notice's outbox message. */
export interface NoticeRef {
  readonly requestId: string;
  readonly messageId: string;
}

export interface TargetDelivery {
  /** One delivery per notice and target (`deliveryKey`). */
  readonly key: string;
  readonly deliver: () => Promise<DeliveryOutcome>;
}

export interface NoticeDeliveries {
  /**
   * `settled` when the notice was settled already (its message removed): nothing runs. Otherwise
   * runs each target's delivery unless it already ran to an outcome for this notice, and answers
   * each as `DeliveryLog.once` would: rejected with DeliveryInFlightError while another attempt
   * holds that target, or with the delivery's own error (the target is then free for the next
   * attempt). When every target has an outcome, the notice is settled; when that fails, the
   * outcomes are recorded where they can be and NoticeNotSettledError is thrown, so the message's
   * return finds them. Otherwise the outcomes are recorded so that the return tries only the other
   * targets; one that could not be recorded answers `unrecorded` (a later copy may run it again).
   * When every target was refused and `keepUnsent()` says so, the notice is not settled but its
   * outcomes recorded: it stays unsent (`Outbox.unsent`), each target refused not tried again.
   */
  deliver(
    notice: NoticeRef,
    targets: readonly TargetDelivery[],
    keepUnsent?: () => boolean,
  ): Promise<'settled' | Array<PromiseSettledResult<DeliveryRun>>>;
}

/** Every target has an outcome but the notice could not be settled; its message comes back. */
export class NoticeNotSettledError extends Error {
  override readonly name = 'NoticeNotSettledError';
  constructor(
    /** Sent or refused now, their outcomes not recorded either: the message's return runs them again. */
    readonly unrecorded: number,
    readonly of: number,
    override readonly cause: unknown,
  ) {
    const name = (cause as Error | undefined)?.name ?? 'Error';
    super(
      `the notice's ${of} targets have their outcomes but it could not be settled (${name}); ${unrecorded} not recorded either will be sent again`,
    );
  }
}
