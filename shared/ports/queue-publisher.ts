import type { OutboxMessage } from './outbox';

/** Puts messages on the system's queues. */
export interface QueuePublisher {
  /** `signal`: give up when it aborts (a caller with a deadline of its own), retries included. */
  publish(message: Pick<OutboxMessage, 'id' | 'queue' | 'body'>, options?: { readonly signal?: AbortSignal }): Promise<void>;
}
