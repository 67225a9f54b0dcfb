/**
 * The outbox relay across an outage, on DynamoDB Local: the queue takes every copy and no consumer
 * settles it (the SMS provider is down), so only the relay's own timing decides when a notice is
 * tried again. A provider back at any hour is used within the backoff's cap; a resident's notice
 * waits out the night; a team's offer does not, and one dropped unsent is counted; a backlog goes
 * out in one run, its dispatch first.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { keys } from '#shared/adapters/dynamo/keys';
import { LATE_SWEEP_MINUTES, noticeId, noticeOutboxMessage, type NoticeMessage } from '#shared/domain/notices';
import type { OutboxMessage } from '#shared/ports/outbox';
import type { QueuePublisher } from '#shared/ports/queue-publisher';
import { relayOutbox, type RelayOutcome } from '#shared/use-cases/relay-outbox';
import { requestFixture } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';

const local = useLocalStack();
const MINUTE = 60_000;
/** The longest a notice waits for the relay once its provider is back (docs/operations.md). */
const CAP = 15 * MINUTE;
/** The Beijing hour of an instant. */
const beijingHour = (ms: number) => new Date(ms + 8 * 3600_000).getUTCHours();

/** Committed with its request at `at`, as a change's transaction writes it. */
async function committed(kind: NoticeMessage['kind'], at: number, giveUpAt: string, extra: Partial<NoticeMessage> = {}) {
  const when = new Date(at).toISOString();
  const request = requestFixture({ status: kind === 'offer' ? 'OFFERED' : 'ACCEPTED', createdAt: when, updatedAt: when });
  const notice: NoticeMessage = { requestId: request.id, version: request.version, kind, giveUpAt, ...extra };
  await local().adapters.requests.create({ request, events: [], outbox: [noticeOutboxMessage(notice, new Date(at))] });
  return notice;
}

/**
 * The relay run once a minute from `from` until `until` (or the notice is dropped): each run's time
 * and outcome for the notice. A run before the notice is due does nothing to it, so the minutes in
 * between are skipped: the next run is the first whole minute of the schedule at or after its due
 * time, read from the outbox (the same runs as every minute, without a day's worth of empty ones).
 */
async function everyMinute(notice: NoticeMessage, from: number, until: number) {
  // SQS takes each copy; its consumer fails at the provider, so nothing settles the notice.
  const accepting: QueuePublisher = { publish: async () => undefined };
  const { outbox } = local().adapters;
  const id = noticeId(notice);
  const runs: { at: number; outcome: RelayOutcome }[] = [];
  for (let at = from; at <= until; ) {
    const outcome = await relayOutbox({ outbox, publisher: accepting, clock: { now: () => new Date(at) } });
    const mine = (list: readonly string[]) => list.includes(id);
    if (mine(outcome.relayed) || mine(outcome.held) || mine(outcome.dropped)) runs.push({ at, outcome });
    if (mine(outcome.dropped)) break;
    const kept = (await outbox.due(new Date(until + 24 * 3600_000).toISOString(), 1000)).find(
      (m) => m.requestId === notice.requestId && m.id === id,
    );
    if (!kept) break;
    const dueAt = Date.parse(kept.dueAt);
    at = Math.max(at + MINUTE, from + Math.ceil((dueAt - from) / MINUTE) * MINUTE);
  }
  const tries = runs.filter((r) => r.outcome.relayed.includes(id)).map((r) => r.at);
  return { runs, tries, id };
}

/** The longest time between two tries, and from `from` to the first. */
const longestWait = (from: number, tries: readonly number[]) => Math.max(...tries.map((t, i) => t - (i === 0 ? from : tries[i - 1]!)));

describe('the relay after an SMS outage', () => {
  it('tries a team’s overnight offer all night within the cap, never holds it, and drops it unsent, uncounted (the sweep makes it again), once the sweep has read it', async () => {
    const start = Date.parse('2026-12-09T13:00:00.000Z'); // 21:00 Beijing
    const deadline = Date.parse('2026-12-10T04:00:00.000Z'); // 12:00 Beijing
    const notice = await committed('offer', start, new Date(deadline).toISOString(), { teamId: 't' });
    const { runs, tries, id } = await everyMinute(notice, start, deadline + 20 * MINUTE);
    expect(runs.filter((r) => r.outcome.held.includes(id))).toEqual([]);
    // A provider back at 05:40 (or at any other time) is used within the cap, well before the deadline.
    expect(longestWait(start, tries)).toBeLessThanOrEqual(CAP + MINUTE);
    // Kept unsent past the deadline until the sweep has read it as never told (`LATE_SWEEP_MINUTES`), then dropped, not counted.
    expect(tries.every((t) => t < deadline)).toBe(true);
    const dropped = runs.at(-1)!;
    expect(dropped.at).toBe(deadline + LATE_SWEEP_MINUTES * MINUTE);
    expect(dropped.outcome.givenUp).toEqual([]);
  }, 300_000);

  it('holds a resident’s notice through the night: no try from 21:00 to 07:00, one at 07:00, its give-up time moved on as long', async () => {
    const start = Date.parse('2026-12-09T10:00:00.000Z'); // 18:00 Beijing
    const giveUpAt = new Date(start + 24 * 3600_000).toISOString();
    const notice = await committed('accepted', start, giveUpAt);
    const morning = Date.parse('2026-12-09T23:00:00.000Z'); // 07:00 Beijing
    const { runs, tries, id } = await everyMinute(notice, start, morning + 3 * 3600_000);
    expect(tries.filter((t) => beijingHour(t) >= 21 || beijingHour(t) < 7)).toEqual([]);
    expect(tries).toContain(morning);
    // Tried within the cap before the night and after it: a provider back at 20:30 or 08:00 is used soon.
    expect(
      longestWait(
        start,
        tries.filter((t) => t < morning),
      ),
    ).toBeLessThanOrEqual(CAP + MINUTE);
    expect(
      longestWait(
        morning,
        tries.filter((t) => t >= morning),
      ),
    ).toBeLessThanOrEqual(CAP + MINUTE);
    // Held once, by the first run of the night, until 07:00; its give-up time, and its body's, moved on by as long.
    const held = runs.filter((r) => r.outcome.held.includes(id)).map((r) => r.at);
    expect(held).toHaveLength(1);
    expect(beijingHour(held[0]!)).toBe(21);
    const moved = new Date(Date.parse(giveUpAt) + morning - held[0]!).toISOString();
    const item = (
      await createDocumentClient(local().stack.dynamodb).send(
        new GetCommand({ TableName: local().stack.tableName, Key: keys.outbox(notice.requestId, id) }),
      )
    ).Item!;
    expect({ giveUpAt: item.giveUpAt, body: item.body.giveUpAt }).toEqual({ giveUpAt: moved, body: moved });
  }, 300_000);

  it('sends a backlog of more than 100 messages in one run, the dispatch messages first', async () => {
    const { adapters } = local();
    // Before the notices above were committed: only this test's messages are due.
    const now = Date.parse('2026-12-09T02:00:00.000Z'); // 10:00 Beijing
    const due = (minutesAgo: number) => new Date(now - minutesAgo * MINUTE).toISOString();
    const ids = { dispatch: [] as string[], notify: [] as string[] };
    for (let n = 0; n < 60; n++) {
      const request = requestFixture();
      // Its notices older than its dispatch: the order is the queue's, not the due time's.
      const dispatch: OutboxMessage = {
        id: `${request.id}.v1.dispatch`,
        requestId: request.id,
        queue: 'dispatch',
        body: { requestId: request.id, version: 1 },
        dueAt: due(1),
      };
      const notices = (['offer-cancelled', 'completion-reminder'] as const).map((kind) => ({
        ...noticeOutboxMessage({ requestId: request.id, version: 1, kind, teamId: 't', giveUpAt: due(-600) }, new Date(now)),
        dueAt: due(30),
      }));
      await adapters.requests.create({ request, events: [], outbox: [dispatch, ...notices] });
      ids.dispatch.push(dispatch.id);
      ids.notify.push(...notices.map((m) => `${request.id}#${m.id}`));
    }
    const published: { queue: string; key: string }[] = [];
    const recording: QueuePublisher = {
      publish: async (m) =>
        void published.push({ queue: m.queue, key: m.queue === 'dispatch' ? m.id : `${(m.body as NoticeMessage).requestId}#${m.id}` }),
    };
    const run = await relayOutbox({ outbox: adapters.outbox, publisher: recording, clock: { now: () => new Date(now) } });
    expect({ relayed: run.relayed.length, failed: run.failed, stoppedAtBudget: run.stoppedAtBudget }).toEqual({
      relayed: 180,
      failed: [],
      stoppedAtBudget: false,
    });
    expect(
      published
        .slice(0, 60)
        .map((p) => p.key)
        .sort(),
    ).toEqual([...ids.dispatch].sort());
    expect(
      published
        .slice(60)
        .map((p) => p.key)
        .sort(),
    ).toEqual([...ids.notify].sort());
    // Each is sent once a run, and backed off: the next run finds nothing due.
    const next = await relayOutbox({ outbox: adapters.outbox, publisher: recording, clock: { now: () => new Date(now) } });
    expect(next.relayed).toEqual([]);
  }, 120_000);
});
