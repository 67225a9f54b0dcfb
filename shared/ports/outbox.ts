/**
 * A message committed in the same transaction as the state change that caused it, so a failed
 * send can never lose it: the relay (`reconcile-outbox`) sends whatever is still here when due.
 */
export interface OutboxMessage {
  /** Unique per state change; also the consumer's business key. */
  readonly id: string;
  readonly requestId: string;
  readonly queue: 'dispatch';
  readonly body: Readonly<Record<string, unknown>>;
  /** When the relay should send it if the direct send has not been confirmed. */
  readonly dueAt: string;
}

export interface Outbox {
  /** Messages due at or before `now`, oldest first. */
  due(now: string, limit: number): Promise<OutboxMessage[]>;
  /** Removes a message once the queue has taken it. Removing one already gone is not an error. */
  markSent(message: OutboxMessage): Promise<void>;
}
