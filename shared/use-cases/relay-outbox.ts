/**
 * The outbox relay: sends again every committed message that no consumer has settled by its
 * due time (the direct send failed, the process died, or the message was lost or dead-lettered
 * in the queue), then backs it off: 30 s, 1 min, 2 min, … up to a day between sends (a notice's
 * consumer that fails for now puts it off further, until its queue copy has had its last try,
 * `sendNotice`'s `QueueCopy`). Sending
 * twice is harmless: consumers are idempotent on the message's business key. A message past
 * its `giveUpAt` (a notice of an offer whose deadline has passed) is dropped unsent: still here,
 * no consumer settled it. When none of its targets was sent either, its person was not told
 * (`givenUp`: the caller warns, and it alarms), unless it was an offer (`toTellByHand`).
 */
import { toTellByHand } from '#shared/domain/notices';
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
  readonly dropped: string[];
  /** Of those dropped, the request's notices no target of which was sent: whose and which kind (never a phone), to tell by hand. */
  readonly givenUp: { readonly requestId: string; readonly kind: string }[];
}

const BATCH = 100;
const FIRST_BACKOFF_SECONDS = 30;
const MAX_BACKOFF_SECONDS = 86_400;

export function relayBackoffSeconds(relays: number): number {
  return Math.min(FIRST_BACKOFF_SECONDS * 2 ** relays, MAX_BACKOFF_SECONDS);
}

export async function relayOutbox(deps: RelayOutboxDeps): Promise<RelayOutcome> {
  const now = deps.clock.now();
  const due = await deps.outbox.due(now.toISOString(), BATCH);
  const relayed: string[] = [];
  const failed: string[] = [];
  const dropped: string[] = [];
  const givenUp: RelayOutcome['givenUp'] = [];
  for (const message of due) {
    try {
      if (message.giveUpAt && Date.parse(message.giveUpAt) <= now.getTime()) {
        const removed = await deps.outbox.remove(message.requestId, message.id);
        // Settled by its consumer since it was read: not dropped.
        if (!removed) continue;
        dropped.push(message.id);
        const kind = String(message.body.kind);
        if (message.queue === 'notify' && !removed.sentToAny && toTellByHand(kind)) givenUp.push({ requestId: message.requestId, kind });
        continue;
      }
      await deps.publisher.publish(message);
      const next = new Date(now.getTime() + relayBackoffSeconds(message.relays ?? 0) * 1000).toISOString();
      await deps.outbox.reschedule(message, next);
      relayed.push(message.id);
    } catch {
      failed.push(message.id);
    }
  }
  return { relayed, failed, dropped, givenUp };
}
