/**
 * A message committed in the same transaction as the state change that caused it. It stays
 * until its consumer has acted on it (the consumer's own transaction removes it), so neither
 * a failed send nor a message lost in the queue can strand a request: the relay
 * (`reconcile-outbox`) sends again whatever is still here when due, backing off each time.
 */
export interface OutboxMessage {
  /** Unique per state change; also the consumer's business key. */
  readonly id: string;
  readonly requestId: string;
  readonly queue: 'dispatch' | 'notify' | 'stats';
  readonly body: Readonly<Record<string, unknown>>;
  /** When the relay should (re)send it if no consumer has settled it by then. */
  readonly dueAt: string;
  /** How often the relay has sent it. */
  readonly relays?: number;
  /** When set, the relay drops the message unsent after this time (a notice nobody needs any more). */
  readonly giveUpAt?: string;
}

export interface Outbox {
  /** Messages due at or before `now`, oldest first. */
  due(now: string, limit: number): Promise<OutboxMessage[]>;
  /** Moves a message's due time after the relay sent it; a message already settled stays gone. */
  reschedule(message: OutboxMessage, dueAt: string): Promise<void>;
  /** Removes a settled message. Removing one already gone is not an error. */
  remove(requestId: string, messageId: string): Promise<void>;
}
