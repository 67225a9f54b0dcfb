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
   */
  once(key: string, deliver: () => Promise<DeliveryOutcome>): Promise<{ outcome: DeliveryOutcome; fresh: boolean }>;
}

/** Another attempt is delivering the same notice to the same target right now. */
export class DeliveryInFlightError extends Error {
  override readonly name = 'DeliveryInFlightError';
  constructor() {
    super('this notice is being delivered to this target by another attempt');
  }
}
