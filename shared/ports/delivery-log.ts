/**
 * Remembers which notice went to which target, so a notice that arrives twice (SQS delivers at
 * least once; the outbox relay may send it again) reaches each target once.
 */

/** `sent`: the target took it; `refused`: it refused for good and will not be tried again. */
export type DeliveryOutcome = 'sent' | 'refused';

export interface DeliveryLog {
  /**
   * Runs `deliver` unless a delivery with this key has already run to an outcome, and returns
   * that outcome; `fresh` says whether it ran now. While another delivery of the same key is in
   * flight it throws `DeliveryInFlightError`, so the message is delivered again later. When
   * `deliver` throws, nothing is remembered and a later attempt runs it again.
   *
   * When `deliver` ran but its outcome could not be recorded (the store failed after its own
   * retries), it answers `unrecorded: true` instead of throwing: a throw would bring the message
   * back after its lock lapsed and send it again for certain; unrecorded, only a copy arriving
   * after the lock lapses sends it again.
   */
  once(key: string, deliver: () => Promise<DeliveryOutcome>): Promise<DeliveryRun>;
}

/** What `once` answers: the delivery's outcome, whether it ran now, and whether a fresh run went unrecorded. */
export interface DeliveryRun {
  readonly outcome: DeliveryOutcome;
  readonly fresh: boolean;
  readonly unrecorded?: true;
}

/** Another attempt is delivering the same notice to the same target right now. */
export class DeliveryInFlightError extends Error {
  override readonly name = 'DeliveryInFlightError';
  constructor() {
    super('this notice is being delivered to this target by another attempt');
  }
}
