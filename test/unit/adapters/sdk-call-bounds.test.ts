/**
 * The AWS SDK clients a notice is sent through, as their factories build them, pointed at a
 * local endpoint that never answers (or stops in the middle of its answer): each call fails
 * within its bounds as a transient failure instead of holding the record until the function
 * times out. Small bounds keep the tests fast; the factories apply the real ones alike.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sesEmailSender } from '#shared/adapters/notify/ses-email-sender';
import { SECRET_READ_BOUNDS, SEND_BOUNDS, type SdkCallBounds } from '#shared/adapters/sdk-call-bounds';
import { snsSmsSender } from '#shared/adapters/notify/sns-sms-sender';
import { SecretJson } from '#shared/adapters/secrets/secret-json';
import { secretsManagerClient } from '#shared/adapters/secrets/secrets-client';
import * as z from '#shared/domain/zod';
import { PermanentDeliveryError, type RenderedNotice, ThrottledDeliveryError } from '#shared/ports/notification-sender';
import { NOTICE_BUDGET_MS, NOTIFY_RECORDS, notificationAdapters } from '#shared/wiring/notification-adapters';
import { topology } from '#shared/topology/topology';
import { rejection } from '../../support/rejection';
import { useUnansweringServer } from '../../support/unanswering-server';

const server = useUnansweringServer({ contentType: 'text/xml', stalledBody: '<PublishResponse><PublishResult>' });

const bounds: SdkCallBounds = { connectMs: 200, attemptMs: 300, totalMs: 1000 };
const client = () => ({
  endpoint: server().endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const phone = '+8613912345678';
const address = 'wang.xiulan@example.org';
const notice: RenderedNotice = {
  eventId: 'e1',
  kind: 'accepted',
  title: '已接单',
  text: '您的服务单已接单。',
  markdown: '### 已接单',
  data: {},
};

/** The call's error, after no longer than its whole-call bound (and a little for the event loop). */
async function failsWithin(call: Promise<unknown>, mustNotMention: readonly string[] = []): Promise<Error> {
  const started = Date.now();
  const error = await rejection(call, mustNotMention);
  expect(Date.now() - started).toBeLessThan(bounds.totalMs + 500);
  return error;
}

const senders = [
  { name: 'SNS SMS', send: () => snsSmsSender(client(), bounds).send({ kind: 'sms', phone }, notice), personal: [phone, '13912345678'] },
  {
    name: 'SES email',
    send: () => sesEmailSender('notify@paidan.example.cn', client(), bounds).send({ kind: 'email', address }, notice),
    personal: [address, 'wang.xiulan'],
  },
];

describe.each(senders)('$name against an endpoint that never answers', ({ send, personal }) => {
  it('cuts an attempt at its bound and retries, and fails the whole send within its bound as a transient timeout', async () => {
    const e = await failsWithin(send(), personal);
    expect(e).not.toBeInstanceOf(PermanentDeliveryError);
    expect(e).not.toBeInstanceOf(ThrottledDeliveryError);
    expect(e.message).toMatch(/\(TimeoutError\)$/);
    expect(server().attempts).toBeGreaterThan(1);
  }, 5000);

  it('fails within the bound when the answer stops in the middle of its body', async () => {
    server().mode = 'stall';
    const e = await failsWithin(send(), personal);
    expect(e).not.toBeInstanceOf(PermanentDeliveryError);
    expect(e.message).toMatch(/\(TimeoutError\)$/);
  }, 5000);
});

describe('a secret read against Secrets Manager that never answers', () => {
  it('fails within its bound, naming the secret, not its value', async () => {
    const secret = new SecretJson(
      secretsManagerClient(client(), bounds),
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:paidan-sms-AbCdEf',
      z.object({ password: z.string() }),
      'the SMTP password',
      Date.now,
      bounds,
    );
    const e = await failsWithin(secret.get());
    expect(e.message).toBe('reading the SMTP password from Secrets Manager failed (TimeoutError)');
    expect(server().attempts).toBeGreaterThan(1);
  }, 5000);
});

describe('the notify consumer’s SMS through SNS, as its wiring builds it', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('fails within the real bounds (10 s) against an endpoint that never answers, its attempts cut at 5 s and retried', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_SNS', server().endpoint);
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    const { sender } = notificationAdapters('paidan', { sms: { provider: 'sns' }, email: { transport: 'off' } });
    const started = Date.now();
    const e = await rejection(sender.send({ kind: 'sms', phone }, notice), [phone]);
    expect(Date.now() - started).toBeLessThan(SEND_BOUNDS.totalMs + 500);
    expect(e).not.toBeInstanceOf(PermanentDeliveryError);
    expect(server().attempts).toBeGreaterThan(1);
  }, 15_000);
});

describe('the bounds the factories apply', () => {
  it('fit the notify consumer’s per-record budget: a secret read, then the slowest send, and room for the table', () => {
    expect(SEND_BOUNDS.attemptMs).toBeLessThan(SEND_BOUNDS.totalMs);
    expect(SECRET_READ_BOUNDS.attemptMs).toBeLessThan(SECRET_READ_BOUNDS.totalMs);
    // 10 s: the SMTP cap (the mainland SMS senders take 5 s at most).
    const slowestSend = Math.max(SEND_BOUNDS.totalMs, 10_000);
    expect(SECRET_READ_BOUNDS.totalMs + slowestSend).toBeLessThanOrEqual(NOTICE_BUDGET_MS - 2000);
  });

  it('fit a whole notify batch in the consumer’s timeout: its notices are sent at once, so it takes one budget', () => {
    const consumer = topology.functions['send-notifications'];
    expect(NOTIFY_RECORDS).toEqual({ recordBudgetMs: NOTICE_BUDGET_MS, concurrent: true });
    // Room for the wrapper's backoff calls after the slowest notice.
    expect(NOTICE_BUDGET_MS + 5000).toBeLessThanOrEqual(consumer.timeoutSeconds * 1000);
  });
});
