import type { QueueName } from '#shared/topology/spec';

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
  readonly queue: QueueName;
  readonly body: Readonly<Record<string, unknown>>;
  /** When the relay should (re)send it if no consumer has settled it by then. */
  readonly dueAt: string;
  /** How often the relay has sent it. */
  readonly relays?: number;
  /** When set, the relay drops the message unsent after this time (a notice nobody needs any more). */
  readonly giveUpAt?: string;
}
