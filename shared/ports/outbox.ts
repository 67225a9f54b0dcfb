import type { OutboxMessage } from '#shared/domain/outbox-message';

// A domain value (the domain builds notices and facts as outbox messages); re-exported for the adapters.
export type { OutboxMessage };

export interface Outbox {
  /** Messages due at or before `now`, oldest first, at most `limit` (a backlog's are read a part at a time: the relay reads again). */
  due(now: string, limit: number): Promise<OutboxMessage[]>;
  /**
   * Moves a message's due time after the relay sent it; a message already settled stays gone, one
   * postponed since `message` was read (its consumer's `postpone`) to later than `dueAt` stays so.
   */
  reschedule(message: OutboxMessage, dueAt: string): Promise<void>;
  /**
   * Moves a message's due time to `dueAt` when it is earlier (its consumer failed for now and its
   * queue copy is still being retried, so the relay need not send another before); a message
   * already settled stays gone, one due later stays so. With `giveUpAt` (a notice held for the
   * quiet hours, `quietHold`) its give-up time too, its body's as well, in the same write: so a
   * notice held twice at once (by the relay and by a copy's consumer) is moved on once.
   */
  postpone(requestId: string, messageId: string, dueAt: string, giveUpAt?: string): Promise<void>;
  /**
   * Removes a settled (or given-up) message. Removing one already gone is not an error: it answers
   * `undefined` (settled or removed before). Otherwise what was removed: whether a target of the
   * notice it was had been sent (its deliveries are kept with it, `NoticeDeliveries`).
   */
  remove(requestId: string, messageId: string): Promise<RemovedMessage | undefined>;
  /**
   * Whether a notice is still unsent: its message still here (neither settled nor dropped) and no
   * target of it sent. False when it is gone, or for a notice from before its deliveries were kept
   * with it (whether it went is not known here).
   */
  unsent(requestId: string, messageId: string): Promise<boolean>;
}

/** A message `remove` took away. */
export interface RemovedMessage {
  /** A notice some target of which was sent already (for a notice from before its deliveries were kept with it, false). */
  readonly sentToAny: boolean;
}
