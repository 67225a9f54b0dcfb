/**
 * The outbox relay: sends again every committed message that no consumer has settled by its
 * due time (the direct send failed, the process died, or the message was lost or dead-lettered
 * in the queue), then backs it off: 30 s, 1 min, 2 min, … up to `MAX_BACKOFF_SECONDS` between
 * sends, so a provider or queue back at any hour is used within that (a notice's consumer that
 * fails for now puts it off further, until its queue copy has had its last try, `sendNotice`'s
 * `QueueCopy`). Sending twice is harmless: consumers are idempotent on the message's business key.
 * A notice to a resident or a claimer due in the quiet hours is held until 07:00 instead
 * (`quietHold`). A message past its `giveUpAt` (a notice of an offer whose deadline has passed)
 * is dropped unsent: still here, no consumer settled it. When none of its targets was sent
 * either, its person (or, for an offer, the team) was not told (`givenUp`: the caller warns, and
 * it alarms).
 *
 * A run sends a backlog (after a queue's outage) a read at a time, each read's dispatch messages
 * before its notices (a request waits for its dispatch; a notice only tells), and reads again
 * while a read brought a batch's worth, until its time budget is spent; the next run goes on.
 */
import { quietHold } from '#shared/domain/quiet-hours';
import { followedUpByHand, type NoticeMessage, removableUnsentAt } from '#shared/domain/notices';
import type { Clock } from '#shared/ports/clock';
import type { Outbox, OutboxMessage } from '#shared/ports/outbox';
import type { QueuePublisher } from '#shared/ports/queue-publisher';

export interface RelayOutboxDeps {
  readonly outbox: Outbox;
  readonly publisher: QueuePublisher;
  readonly clock: Clock;
  /** False: notices go at any hour (the local stack, `QUIET_HOURS_ENV`). */
  readonly quietHours?: boolean;
}

export interface RelayOptions {
  /** How long a run may take new messages in hand (well under the function's timeout). */
  readonly budgetMs?: number;
  /** Milliseconds since an arbitrary start, for the budget: `performance.now` unless given. */
  readonly elapsedMs?: () => number;
}

export interface RelayOutcome {
  readonly relayed: string[];
  readonly failed: string[];
  readonly dropped: string[];
  /** Notices to residents or claimers due in the quiet hours, held until 07:00 Beijing. */
  readonly held: string[];
  /** Of those dropped, the request's notices no target of which was sent: whose and which kind (never a phone), to tell by hand. */
  readonly givenUp: { readonly requestId: string; readonly kind: string }[];
  /** The run stopped at its time budget with messages of its last read unsent: the next run goes on. */
  readonly stoppedAtBudget: boolean;
}

/** The most due messages one read takes; a read that brings fewer than `ANOTHER_READ_AFTER` is the run's last. */
const READ = 1000;
const ANOTHER_READ_AFTER = 100;
/** Messages in hand at once (a publish and a write each). */
const AT_ONCE = 10;
const FIRST_BACKOFF_SECONDS = 30;
/**
 * 15 minutes: the longest a notice waits for the relay once its provider is back. An offer is
 * open 4 service hours, so a team told within a quarter of an hour keeps most of it; more often
 * would cost only queue messages, each tried against a provider that is still down.
 */
export const MAX_BACKOFF_SECONDS = 900;
/** The budget of a run unless told: half a minute, well under the function's minute. */
const DEFAULT_RELAY_BUDGET_MS = 30_000;

export function relayBackoffSeconds(relays: number): number {
  return Math.min(FIRST_BACKOFF_SECONDS * 2 ** relays, MAX_BACKOFF_SECONDS);
}

export async function relayOutbox(deps: RelayOutboxDeps, options: RelayOptions = {}): Promise<RelayOutcome> {
  const elapsed = options.elapsedMs ?? (() => performance.now());
  const budget = options.budgetMs ?? DEFAULT_RELAY_BUDGET_MS;
  const started = elapsed();
  const now = deps.clock.now();
  const outcome: Omit<RelayOutcome, 'stoppedAtBudget'> = { relayed: [], failed: [], dropped: [], held: [], givenUp: [] };
  // A message is handled once a run, whatever a later read finds of it.
  const seen = new Set<string>();
  for (;;) {
    const fresh = (await deps.outbox.due(now.toISOString(), READ)).filter((m) => !seen.has(`${m.requestId}#${m.id}`));
    for (const m of fresh) seen.add(`${m.requestId}#${m.id}`);
    for (const part of [fresh.filter((m) => m.queue === 'dispatch'), fresh.filter((m) => m.queue !== 'dispatch')]) {
      for (let i = 0; i < part.length; i += AT_ONCE) {
        if (elapsed() - started >= budget) return { ...outcome, stoppedAtBudget: true };
        await Promise.all(part.slice(i, i + AT_ONCE).map((message) => relayOne(deps, message, now, outcome)));
      }
    }
    // A queue that refuses now refuses the rest too: the next run tries again.
    if (fresh.length < ANOTHER_READ_AFTER || outcome.failed.length > 0) return { ...outcome, stoppedAtBudget: false };
  }
}

async function relayOne(deps: RelayOutboxDeps, message: OutboxMessage, now: Date, outcome: Omit<RelayOutcome, 'stoppedAtBudget'>) {
  try {
    if (message.giveUpAt && Date.parse(message.giveUpAt) <= now.getTime()) {
      // An offer's notice is kept, unsent, until the sweep has read it as never told (`removableUnsentAt`).
      const removableAt = removableUnsentAt(message.queue === 'notify' ? message.body.kind : undefined, message.giveUpAt);
      if (removableAt > now.getTime()) {
        await deps.outbox.reschedule(message, new Date(removableAt).toISOString());
        return;
      }
      const removed = await deps.outbox.remove(message.requestId, message.id);
      // Settled by its consumer since it was read: not dropped.
      if (!removed) return;
      outcome.dropped.push(message.id);
      // Not an offer's: the sweep has ended it as unreached and made it again (`followedUpByHand`).
      if (message.queue === 'notify' && !removed.sentToAny && followedUpByHand(message.body.kind))
        outcome.givenUp.push({ requestId: message.requestId, kind: String(message.body.kind) });
      return;
    }
    const hold = message.queue === 'notify' && deps.quietHours !== false ? nightHold(message, now) : undefined;
    if (hold) {
      await deps.outbox.postpone(message.requestId, message.id, hold.until, hold.giveUpAt);
      outcome.held.push(message.id);
      return;
    }
    await deps.publisher.publish(message);
    // Due again at its give-up time at the latest, so one never sent is dropped, and counted, then.
    const backedOff = now.getTime() + relayBackoffSeconds(message.relays ?? 0) * 1000;
    const next = Math.min(backedOff, message.giveUpAt ? Date.parse(message.giveUpAt) : backedOff);
    await deps.outbox.reschedule(message, new Date(next).toISOString());
    outcome.relayed.push(message.id);
  } catch {
    outcome.failed.push(message.id);
  }
}

/** The quiet hours' hold of a notify message due now, if it is a request's notice to a resident or claimer. */
function nightHold(message: OutboxMessage, now: Date) {
  const body = message.body as Partial<NoticeMessage>;
  const giveUpAt = message.giveUpAt ?? body.giveUpAt;
  return body.kind && giveUpAt ? quietHold({ kind: body.kind, giveUpAt, ...(body.teamId ? { teamId: body.teamId } : {}) }, now) : undefined;
}
