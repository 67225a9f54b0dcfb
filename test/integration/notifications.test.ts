import { createHmac } from 'node:crypto';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NoticeMessage } from '#shared/domain/notices';
import { newRequestId } from '#shared/domain/identifiers';
import { issueTeamToken } from '#shared/domain/team-token';
import type { Team } from '#shared/domain/team';
import type { DevOutboxEntry } from '#shared/adapters/notify/dev-outbox';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { call, postJson, validSubmission } from '../support/http';
import { requestFixture, teamFixture } from '../support/fixtures';
import { drained, eventually, queueDepth, useLocalStack } from '../support/local-stack';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { acceptedAgo } from '../support/visit-time';

// One-second visibility: a failed delivery comes back in a second (then two, four… by the
// consumers' backoff), the DLQ in tens of seconds. One consumer per queue, so each receive is
// handled after the last one finished: an attempt slower than the visibility timeout cannot meet
// its own message's in-flight delivery lock, fail without sending, and use up a receive.
const local = useLocalStack({ queueVisibilitySeconds: { notify: 1 }, consumerConcurrency: 1 });
const json = { 'content-type': 'application/json' };
const SECRET = 'loop-team-webhook-secret-0123';
let hook: WebhookReceiver;
let other: WebhookReceiver;
beforeAll(async () => {
  [hook, other] = await Promise.all([startWebhookReceiver(), startWebhookReceiver()]);
});
afterAll(async () => {
  await Promise.all([hook?.close(), other?.close()]);
});

const bodies = (r: WebhookReceiver, requestId: string) => r.received.filter((x) => x.body.includes(requestId));

async function devOutbox(): Promise<DevOutboxEntry[]> {
  return (await call(`${local().url}/dev/outbox`)).json().entries;
}

/**
 * Waits until the notify queue holds nothing, and checks that nothing went to its DLQ meanwhile:
 * every message sent before was handled to the end and acknowledged (so nothing more will be
 * sent for it), not failed until dead-lettered.
 */
async function notifySettled(deadBefore: number): Promise<void> {
  expect(await drained(local().stack, 'notify')).toBe(deadBefore);
}

const notifyDead = async () => (await queueDepth(local().stack, 'notify')).dead;

async function resend(notice: NoticeMessage, copies: number): Promise<void> {
  const { stack } = local();
  const dead = await notifyDead();
  for (let i = 0; i < copies; i++)
    await stack.sqs.send(new SendMessageCommand({ QueueUrl: stack.queues.notify.url, MessageBody: JSON.stringify(notice) }));
  await notifySettled(dead);
}

/**
 * Makes `receiver` answer `status` to the first `times` requests about `requestId` and 200 from
 * then on, decided as each one arrives (the receiver records a request before it answers), so
 * no retry can slip in between a count and a switch made from outside.
 */
function failFirst(receiver: WebhookReceiver, requestId: string, times: number, status: number, onRequest: () => void): () => void {
  const { received } = receiver;
  received.push = (...items) => {
    const length = Array.prototype.push.apply(received, items);
    receiver.answer(bodies(receiver, requestId).length <= times ? status : 200);
    onRequest();
    return length;
  };
  return () => {
    delete (received as { push?: unknown }).push;
    receiver.answer(200);
  };
}

async function offeredTo(team: Team, serviceCode: string, id?: string): Promise<string> {
  const { adapters } = local();
  await adapters.teams.register(team, [serviceCode]);
  const request = requestFixture({ serviceCode, ...(id ? { id } : {}) });
  await adapters.requests.create({ request, events: [], outbox: [] });
  await dispatchRequest({ ...adapters, clock: { now: () => new Date() } }, { requestId: request.id, version: 1 });
  return request.id;
}

describe('notifications on the local stack', () => {
  it('runs the loop: a signed offer reaches the team’s webhook, one-tap accept, SMS to the resident, complete, rate, points', async () => {
    const { url, adapters } = local();
    const team = teamFixture('loop-team', {
      name: { zh: '瑞迪维修队', en: 'Ruidi Repair' },
      channels: [
        { kind: 'webhook', url: `${hook.url}/paidan`, format: 'json', secret: SECRET },
        { kind: 'sms', phone: '+8613700001111' },
      ],
    });
    await adapters.teams.register(team, ['appliance-repair']);
    const issued = issueTeamToken('loop-team');
    await adapters.teams.setTokenHash('loop-team', issued.hash);

    const created = (await postJson(`${url}/requests`, validSubmission())).json();
    const offer = await eventually(async () => bodies(hook, created.id)[0]);
    const sentAt = offer.headers['x-paidan-timestamp'] as string;
    const expected = `sha256=${createHmac('sha256', SECRET).update(`${sentAt}.${offer.body}`).digest('hex')}`;
    expect(offer.headers['x-paidan-signature']).toBe(expected);
    expect(Math.abs(Date.now() / 1000 - Number(sentAt))).toBeLessThan(60);
    const payload = JSON.parse(offer.body);
    expect(offer.headers['x-paidan-event']).toBe(payload.eventId);
    expect(payload).toMatchObject({
      event: 'offer',
      requestId: created.id,
      urgency: 'normal',
      resident: { name: '王**', phone: '139****5678' },
    });
    expect(Date.parse(payload.deadline)).toBeGreaterThan(Date.now());
    for (const secret of ['13912345678', '王秀兰', '3号楼', '收音机']) expect(offer.body).not.toContain(secret);
    expect(payload.links.view).toMatch(new RegExp(`^${url}/offers/${created.id}\\?`));
    // The team's SMS channel got the same offer (locally kept in the dev outbox).
    const teamSms = await eventually(async () => (await devOutbox()).find((e) => e.to === '+8613700001111' && e.kind === 'offer'));
    expect(teamSms.text).toContain(payload.links.view);

    // A duplicated notice reaches the webhook once.
    const request = (await adapters.requests.get(created.id))!;
    const offerNotice: NoticeMessage = {
      requestId: created.id,
      version: request.version,
      kind: 'offer',
      teamId: 'loop-team',
      giveUpAt: request.offer!.deadline,
    };
    await resend(offerNotice, 2);
    expect(bodies(hook, created.id)).toHaveLength(1);

    expect((await call(payload.links.accept, { method: 'POST' })).json()).toEqual({ id: created.id, answer: 'accepted' });
    const accepted = await eventually(async () => (await devOutbox()).find((e) => e.to === '+8613912345678' && e.kind === 'accepted'));
    expect(accepted.text).toBe(`【社区志愿服务】您的服务单${created.trackingCode}（小家电维修）已由瑞迪维修队接单，志愿者将尽快与您联系。`);

    const authorization = `Bearer ${issued.token}`;
    await acceptedAgo(local(), created.id);
    const hours = { note: '换了电池', hours: [{ volunteer: '小李', minutes: 130 }] };
    const completed = await call(`${url}/requests/${created.id}/complete`, {
      method: 'POST',
      headers: { authorization, ...json },
      body: JSON.stringify(hours),
    });
    expect(completed.status).toBe(200);
    await eventually(async () => (await devOutbox()).find((e) => e.to === '+8613912345678' && e.kind === 'completed'));
    const rated = await call(`${url}/requests/${created.id}/rating`, {
      method: 'POST',
      headers: { 'x-access-token': created.accessToken, ...json },
      body: '{"stars":5}',
    });
    expect(rated.json()).toEqual({ id: created.id, status: 'CLOSED' });
    const credits = await call(`${url}/volunteers/${encodeURIComponent('loop-team:小李')}/credits`, { headers: { authorization } });
    expect(credits.json()).toMatchObject({ hours: 2, pointsEarned: 0.5, balance: 0.5 });

    // The stale offer notice and a duplicated resident notice send nothing more.
    await resend(offerNotice, 1);
    await resend(
      { requestId: created.id, version: request.version + 1, kind: 'accepted', giveUpAt: new Date(Date.now() + 3600_000).toISOString() },
      2,
    );
    const residentTexts = (await devOutbox()).filter((e) => e.to === '+8613912345678');
    expect(residentTexts.map((e) => e.kind).sort()).toEqual(['accepted', 'completed']);
    expect(bodies(hook, created.id)).toHaveLength(1);
  });

  it('keeps sending to a failing channel without blocking or repeating the others', async () => {
    const { adapters } = local();
    const team = teamFixture('two-hooks', {
      services: ['notify-fail'],
      channels: [
        { kind: 'webhook', url: `${other.url}/down`, format: 'json', secret: SECRET },
        { kind: 'webhook', url: `${hook.url}/robot/send?access_token=abc`, format: 'dingtalk' },
      ],
    });
    const dingtalk = () => hook.received.filter((r) => r.path.startsWith('/robot/send') && r.body.includes('notify-fail'));
    const dead = await notifyDead();
    // The failing channel answers 500 twice, then recovers: a notice gets five attempts (the
    // consumer backs off between them), so two failures leave room on a slow machine. The local
    // queue server moves a message to the DLQ as soon as the visibility of its last allowed
    // receive runs out, even while that attempt is still sending, so the test stays clear of it.
    const FAILURES = 2;
    const id = newRequestId();
    // What the other channel had received each time the failing one was sent to.
    const dingtalkSeen: number[] = [];
    const restore = failFirst(other, id, FAILURES, 500, () => dingtalkSeen.push(dingtalk().length));
    try {
      await offeredTo(team, 'notify-fail', id);
      await notifySettled(dead);
    } finally {
      restore();
    }
    // Sent to the failing channel until it took the notice, and not once more; to the other
    // channel once, on the attempt the failing one failed (a retry starts only after the attempt
    // before it has finished with every channel), not held back until it recovered.
    expect(bodies(other, id)).toHaveLength(FAILURES + 1);
    expect(dingtalk()).toHaveLength(1);
    expect(dingtalkSeen.at(-1)).toBe(1);
    const dueLater = await adapters.outbox.due(new Date(Date.now() + 86_400_000).toISOString(), 1000);
    expect(dueLater.filter((m) => m.requestId === id)).toEqual([]);
    expect(JSON.parse(dingtalk()[0]!.body)).toMatchObject({ msgtype: 'markdown', markdown: { title: '新派单：notify-fail' } });
  });

  it('does not retry a target that refuses for good, and settles the notice', async () => {
    const { adapters } = local();
    other.answer(404);
    const team = teamFixture('gone-hook', {
      services: ['notify-gone'],
      channels: [{ kind: 'webhook', url: `${other.url}/gone`, format: 'json', secret: SECRET }],
    });
    const dead = await notifyDead();
    const id = await offeredTo(team, 'notify-gone');
    // Acknowledged, not dead-lettered: no delivery of it is left to post again.
    await notifySettled(dead);
    expect(bodies(other, id)).toHaveLength(1);
    const dueLater = await adapters.outbox.due(new Date(Date.now() + 86_400_000).toISOString(), 1000);
    expect(dueLater.filter((m) => m.requestId === id)).toEqual([]);
    other.answer(200);
  });

  it('moves a poison notice to the DLQ after maxReceiveCount, where it stays visible', async () => {
    const { stack } = local();
    await stack.sqs.send(new SendMessageCommand({ QueueUrl: stack.queues.notify.url, MessageBody: '{"kind":"offer"}' }));
    const dead = await eventually(async () => {
      const out = await stack.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: stack.queues.notify.dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      );
      return out.Messages?.length ? out.Messages : undefined;
    }, 90_000);
    expect(dead.map((m) => m.Body)).toEqual(['{"kind":"offer"}']);
  }, 120_000);
});
