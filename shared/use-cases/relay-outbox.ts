/**
 * The outbox relay: sends every committed message whose direct send was never confirmed
 * (the process died, or SQS refused it). Run on a schedule. Sending twice is harmless: the
 * consumers are idempotent on the message's business key.
 */
import type { Clock } from '#shared/ports/clock';
import type { Outbox } from '#shared/ports/outbox';
import type { QueuePublisher } from '#shared/ports/queue-publisher';

export interface RelayOutboxDeps {
  readonly outbox: Outbox;
  readonly publisher: QueuePublisher;
  readonly clock: Clock;
}

export interface RelayOutcome {
  readonly relayed: string[];
  readonly failed: string[];
}

const BATCH = 100;

export async function relayOutbox(deps: RelayOutboxDeps): Promise<RelayOutcome> {
  const due = await deps.outbox.due(deps.clock.now().toISOString(), BATCH);
  const relayed: string[] = [];
  const failed: string[] = [];
  for (const message of due) {
    try {
      await deps.publisher.publish(message);
      await deps.outbox.markSent(message);
      relayed.push(message.id);
    } catch {
      failed.push(message.id);
    }
  }
  return { relayed, failed };
}
