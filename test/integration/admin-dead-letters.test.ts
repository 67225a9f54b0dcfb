import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topology } from '#shared/topology/topology';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { call, postJson } from '../support/http';
import { requestFixture, teamFixture } from '../support/fixtures';
import { eventually, useLocalStack } from '../support/local-stack';
import { tapOutput } from '../support/output-tap';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

// One-second visibility, doubled per failed receive by the consumers' backoff: the DLQ takes
// tens of seconds, not the declared hours. One consumer per queue, so each receive is handled
// after the last one finished: an attempt slower than the visibility timeout cannot meet its own
// message's in-flight delivery lock and fail without sending, and every attempt posts once.
const local = useLocalStack({ queueVisibilitySeconds: { notify: 1 }, consumerConcurrency: 1 });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const { maxReceiveCount } = topology.queues.notify;
let hook: WebhookReceiver;
beforeAll(async () => {
  hook = await startWebhookReceiver();
});
afterAll(async () => hook?.close());

const notifyDeadLetters = async (headers: Record<string, string>) =>
  (await call(`${local().url}/admin/dead-letters`, { headers })).json().queues.find((q: { queue: string }) => q.queue === 'notify');

/** The receive count of each failed attempt of send-notifications, from its log line (pretty or JSON). */
const failedReceives = (log: string) =>
  log
    .split('\n')
    .filter((line) => line.includes('send-notifications') && line.includes('record failed; it will be delivered again'))
    .map((line) => Number(/receiveCount\W+(\d+)/.exec(line)?.[1]));

describe('dead letters for the center', () => {
  it('shows a notice that failed every attempt, and delivers it after a redrive once the cause is fixed', async () => {
    const { adapters, stack, url } = local();
    const center = bearer(stack.adminTokens.center);
    const posts = () => hook.received.filter((r) => r.body.includes(request.id)).length;
    hook.answer(503);
    await adapters.teams.register(
      teamFixture('dlq-team', {
        services: ['dlq-test'],
        channels: [{ kind: 'webhook', url: `${hook.url}/in`, format: 'json', secret: 'dead-letter-secret-01' }],
      }),
      ['dlq-test'],
    );
    const request = requestFixture({ serviceCode: 'dlq-test' });
    await adapters.requests.create({ request, events: [], outbox: [] });
    const tap = tapOutput();
    try {
      await dispatchRequest({ ...adapters, clock: { now: () => new Date() } }, { requestId: request.id, version: 1 });
      const dead = await eventually(async () => {
        const q = await notifyDeadLetters(center);
        return q.count === 1 ? q : undefined;
      }, 90_000);
      expect(JSON.parse(dead.sample[0].body)).toMatchObject({ requestId: request.id, kind: 'offer' });
      // Dead-lettered after the receive that reached maxReceiveCount (the move can come while that
      // attempt still runs, so wait for its line), and every attempt posted once.
      const receives = await eventually(async () => {
        const counts = failedReceives(tap.text());
        return counts.at(-1) === maxReceiveCount && counts;
      });
      expect(receives.length).toBeGreaterThanOrEqual(2);
      expect(posts()).toBe(receives.length);
    } finally {
      tap.stop();
    }

    expect((await call(`${url}/admin/dead-letters`, { headers: bearer(stack.adminTokens.station) })).status).toBe(404);
    expect((await postJson(`${url}/admin/dead-letters/nosuch/redrive`, {}, center)).status).toBe(404);
    hook.answer(200);
    const before = posts();
    expect((await postJson(`${url}/admin/dead-letters/notify/redrive`, {}, center)).json()).toEqual({ queue: 'notify', moved: 1 });
    await eventually(async () => posts() === before + 1);
    expect((await notifyDeadLetters(center)).count).toBe(0);
  }, 150_000);
});
