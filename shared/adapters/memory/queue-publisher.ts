/** The queues in memory: every message published is kept in order (or handed to `deliver`); `failing` makes the queues unavailable. */
import type { OutboxMessage } from '#shared/domain/outbox-message';
import type { QueuePublisher } from '#shared/ports/queue-publisher';

export type PublishedMessage = Pick<OutboxMessage, 'id' | 'queue' | 'body'>;

export class RecordingPublisher implements QueuePublisher {
  readonly sent: PublishedMessage[] = [];
  failing = false;

  /** `deliver`: instead of keeping each message, hand it on (the simulation's consumers). */
  constructor(private readonly deliver?: (message: PublishedMessage) => void) {}

  async publish(message: PublishedMessage, options?: { readonly signal?: AbortSignal }): Promise<void> {
    options?.signal?.throwIfAborted();
    if (this.failing) throw new Error('queue unavailable');
    if (this.deliver) this.deliver(message);
    else this.sent.push(message);
  }
}
