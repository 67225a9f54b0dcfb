import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { call, postJson } from '../support/http';
import { requestFixture, teamFixture } from '../support/fixtures';
import { eventually, useLocalStack } from '../support/local-stack';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

// One-second visibility: five failed deliveries and the DLQ take seconds.
const local = useLocalStack({ queueVisibilitySeconds: { notify: 1 } });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
let hook: WebhookReceiver;
beforeAll(async () => {
  hook = await startWebhookReceiver();
});
afterAll(async () => hook?.close());

const notifyDeadLetters = async (headers: Record<string, string>) =>
  (await call(`${local().url}/admin/dead-letters`, { headers })).json().queues.find((q: { queue: string }) => q.queue === 'notify');

describe('dead letters for the center', () => {
  it('shows a notice that failed every attempt, and delivers it after a redrive once the cause is fixed', async () => {
    const { adapters, stack, url } = local();
    const center = bearer(stack.adminTokens.center);
    hook.answer(503);
    await adapters.teams.register(teamFixture('dlq-team', { services: ['dlq-test'], channels: [{ kind: 'webhook', url: `${hook.url}/in`, format: 'json', secret: 'dead-letter-secret-01' }] }), ['dlq-test']);
    const request = requestFixture({ serviceCode: 'dlq-test' });
    await adapters.requests.create({ request, events: [], outbox: [] });
    await dispatchRequest({ ...adapters, clock: { now: () => new Date() } }, { requestId: request.id, version: 1 });

    const dead = await eventually(async () => {
      const q = await notifyDeadLetters(center);
      return q.count === 1 ? q : undefined;
    }, 20_000);
    expect(JSON.parse(dead.sample[0].body)).toMatchObject({ requestId: request.id, kind: 'offer' });
    expect(hook.received.filter((r) => r.body.includes(request.id)).length).toBe(5);

    expect((await call(`${url}/admin/dead-letters`, { headers: bearer(stack.adminTokens.station) })).status).toBe(404);
    expect((await postJson(`${url}/admin/dead-letters/nosuch/redrive`, {}, center)).status).toBe(404);
    hook.answer(200);
    expect((await postJson(`${url}/admin/dead-letters/notify/redrive`, {}, center)).json()).toEqual({ queue: 'notify', moved: 1 });
    await eventually(async () => hook.received.filter((r) => r.body.includes(request.id)).length === 6, 10_000);
    expect((await notifyDeadLetters(center)).count).toBe(0);
  });
});
