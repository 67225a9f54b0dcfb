import type { OutboxMessage } from './outbox';

/** Puts messages on the system's queues. */
export interface QueuePublisher {
  publish(message: Pick<OutboxMessage, 'id' | 'queue' | 'body'>): Promise<void>;
}
