import { ChangeMessageVisibilityCommand, GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SqsRedelivery } from '#shared/adapters/sqs/redelivery';
import { MAX_REDELIVERY_DELAY_SECONDS, redeliveryDelaySeconds } from '#shared/adapters/sqs/redelivery-backoff';
import { sqsHandler } from '#shared/lambda/sqs-handler';
import { createLogger } from '#shared/observability/logger';

const logger = createLogger('test');
const context = {
  functionName: 'test',
  functionVersion: '1',
  invokedFunctionArn: 'arn',
  memoryLimitInMB: '128',
  awsRequestId: 'req',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;
const ARN = 'arn:aws:sqs:cn-north-1:123456789012:paidan-notify';
const URL = 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/paidan-notify';
const record = (messageId: string, receiveCount: number) =>
  ({
    messageId,
    receiptHandle: `rh-${messageId}`,
    body: messageId,
    eventSourceARN: ARN,
    attributes: { ApproximateReceiveCount: String(receiveCount) },
  }) as unknown as SQSRecord;
const event = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
const middle = () => 0.5;

describe('redeliveryDelaySeconds', () => {
  it('doubles the visibility timeout per receive up to fifteen minutes', () => {
    expect([1, 2, 3, 4, 5].map((n) => redeliveryDelaySeconds(n, 180, middle))).toEqual([180, 360, 720, 900, 900]);
    expect([1, 2, 3, 4].map((n) => redeliveryDelaySeconds(n, 1, middle))).toEqual([1, 2, 4, 8]);
  });

  it('never shortens a visibility timeout longer than the cap, and jitters by a fifth either way', () => {
    expect(redeliveryDelaySeconds(3, 1200, middle)).toBe(1200);
    expect(redeliveryDelaySeconds(4, 180, () => 0)).toBe(MAX_REDELIVERY_DELAY_SECONDS * 0.8);
    expect(redeliveryDelaySeconds(4, 180, () => 0.999999)).toBe(MAX_REDELIVERY_DELAY_SECONDS * 1.2);
    expect(redeliveryDelaySeconds(30, 43_200, () => 0.999999)).toBe(43_200);
  });
});

describe('sqsHandler with SQS redelivery', () => {
  const sqs = mockClient(SQSClient);
  beforeEach(() => {
    sqs.reset();
    sqs.on(GetQueueUrlCommand).resolves({ QueueUrl: URL });
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { VisibilityTimeout: '180' } });
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
  });

  it('puts off only the failed record, by its receive count, and looks the queue up once', async () => {
    const handler = sqsHandler(
      logger,
      async (r) => {
        if (r.body !== 'ok') throw new Error('channel down');
      },
      { redelivery: new SqsRedelivery(sqs as unknown as SQSClient, middle) },
    );
    expect(await handler(event(record('ok', 1), record('bad', 3)), context)).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }] });
    expect(await handler(event(record('worse', 5)), context)).toEqual({ batchItemFailures: [{ itemIdentifier: 'worse' }] });
    expect(sqs.commandCalls(GetQueueUrlCommand).map((c) => c.args[0].input)).toEqual([
      { QueueName: 'paidan-notify', QueueOwnerAWSAccountId: '123456789012' },
    ]);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input)).toEqual([
      { QueueUrl: URL, ReceiptHandle: 'rh-bad', VisibilityTimeout: 720 },
      { QueueUrl: URL, ReceiptHandle: 'rh-worse', VisibilityTimeout: 900 },
    ]);
  });

  it('still fails the record, to come back after the visibility timeout, when the backoff cannot be set', async () => {
    sqs.on(GetQueueUrlCommand).rejectsOnce(new Error('throttled')).resolves({ QueueUrl: URL });
    const handler = sqsHandler(
      logger,
      async () => {
        throw new Error('channel down');
      },
      { redelivery: new SqsRedelivery(sqs as unknown as SQSClient, middle) },
    );
    expect(await handler(event(record('a', 2)), context)).toEqual({ batchItemFailures: [{ itemIdentifier: 'a' }] });
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(0);
    // The failed lookup is not remembered: the next failure looks again and backs off.
    expect(await handler(event(record('b', 2)), context)).toEqual({ batchItemFailures: [{ itemIdentifier: 'b' }] });
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input.VisibilityTimeout)).toEqual([360]);
  });
});

describe('sqsHandler logging', () => {
  it('logs each record under its own message id, however long the one before it takes', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const handler = sqsHandler(
        logger,
        async (r, _context, log) => {
          await new Promise((done) => setTimeout(done, r.body === 'slow' ? 30 : 1));
          log.info('handled', { body: r.body });
        },
        { redelivery: { postpone: async () => 1, release: async () => undefined } },
      );
      await handler(event(record('slow', 1), record('fast', 1)), context);
    } finally {
      spy.mockRestore();
    }
    expect(logged(lines, 'handled').map((l) => [l.body, l.messageId])).toEqual([
      ['slow', 'slow'],
      ['fast', 'fast'],
    ]);
  });

  it('logs each record under its own message id when records are handled at once', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const handler = sqsHandler(
        logger,
        async (r, _context, log) => {
          log.info('started', { body: r.body });
          await new Promise((done) => setTimeout(done, r.body === 'slow' ? 30 : 1));
          log.info('handled', { body: r.body });
          if (r.body === 'fast') throw new Error('channel down');
        },
        { redelivery: { postpone: async () => 1, release: async () => undefined }, concurrent: true },
      );
      await handler(event(record('slow', 1), record('fast', 2)), context);
    } finally {
      spy.mockRestore();
    }
    // Both started before either was handled: at once, not one after another.
    expect(logged(lines).map((l) => [l.message, l.body ?? '', l.messageId, l.receiveCount])).toEqual([
      ['started', 'slow', 'slow', '1'],
      ['started', 'fast', 'fast', '2'],
      ['handled', 'fast', 'fast', '2'],
      ['handled', 'slow', 'slow', '1'],
    ]);
  });
});

/** The JSON log lines written (with `message`, those of that message only). */
function logged(lines: string[], message?: string) {
  return lines
    .flatMap((l) => l.split('\n'))
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { message: string; body?: string; messageId?: string; receiveCount?: string })
    .filter((l) => message === undefined || l.message === message);
}

describe('sqsHandler near the invocation’s deadline', () => {
  /** A 30-second invocation on a clock the records move; the redelivery's calls, recorded. */
  function invocation() {
    const calls = { handled: [] as string[], postponed: [] as string[], released: [] as string[] };
    let elapsed = 0;
    const deadline = { ...context, getRemainingTimeInMillis: () => 30_000 - elapsed } as Context;
    const redelivery = {
      postpone: async (r: SQSRecord) => (calls.postponed.push(r.messageId), 180),
      release: async (r: SQSRecord) => void calls.released.push(r.messageId),
    };
    /** Each record takes the seconds its body names; `fail` bodies then fail (a target timed out). */
    const handle = async (r: SQSRecord) => {
      calls.handled.push(r.messageId);
      elapsed += Number.parseInt(r.body, 10) * 1000;
      if (r.body.endsWith('fail')) throw new Error('webhook timed out');
    };
    return { calls, deadline, redelivery, handle };
  }
  const timed = (messageId: string, body: string) => ({ ...record(messageId, 1), body });

  it('starts no record with less time left than one may take, and reports those untried, released, not put off', async () => {
    const { calls, deadline, redelivery, handle } = invocation();
    const handler = sqsHandler(logger, handle, { redelivery, recordBudgetMs: 15_000 });
    const batch = event(timed('a', '10 fail'), timed('b', '0'), timed('c', '6 fail'), timed('d', '0'), timed('e', '0'), timed('f', '0'));
    const response = await handler(batch, deadline);
    // a and c took 16 of the 30 seconds: 14 left, less than one record may take.
    expect(calls.handled).toEqual(['a', 'b', 'c']);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['a', 'c', 'd', 'e', 'f']);
    expect(calls.postponed).toEqual(['a', 'c']);
    expect(calls.released).toEqual(['d', 'e', 'f']);
  });

  it('always starts a batch’s first record, and puts off nothing when every record was tried', async () => {
    const { calls, deadline, redelivery, handle } = invocation();
    const handler = sqsHandler(logger, handle, { redelivery, recordBudgetMs: 40_000 });
    expect(await handler(event(timed('a', '0'), timed('b', '0')), deadline)).toEqual({ batchItemFailures: [{ itemIdentifier: 'b' }] });
    expect(calls).toEqual({ handled: ['a'], postponed: [], released: ['b'] });

    const roomy = invocation();
    const all = sqsHandler(logger, roomy.handle, { redelivery: roomy.redelivery });
    expect(await all(event(timed('a', '1'), timed('b', '1'), timed('c', '1')), roomy.deadline)).toEqual({ batchItemFailures: [] });
    expect(roomy.calls).toEqual({ handled: ['a', 'b', 'c'], postponed: [], released: [] });
  });

  it('handled at once (the notify consumer), starts every record of a batch of slow failing ones: none untried, each put off', async () => {
    // The review's outage: every notice of ten takes 10 s (a provider timing out) and fails.
    const { calls, deadline, redelivery } = invocation();
    let elapsed = 0;
    const clock = { ...deadline, getRemainingTimeInMillis: () => 30_000 - elapsed } as Context;
    const slow = async (r: SQSRecord) => {
      const start = elapsed;
      calls.handled.push(r.messageId);
      await new Promise((done) => setTimeout(done, 1));
      elapsed = Math.max(elapsed, start + 10_000);
      throw new Error('SMS sending through Alibaba Cloud failed (timeout)');
    };
    const ids = 'abcdefghij'.split('');
    const handler = sqsHandler(logger, slow, { redelivery, recordBudgetMs: 15_000, concurrent: true });
    const response = await handler(event(...ids.map((id) => record(id, 1))), clock);
    expect(calls.handled).toEqual(ids);
    expect(calls.released).toEqual([]);
    expect(calls.postponed.sort()).toEqual(ids);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(ids);
    // The batch took one record's time, well inside the invocation.
    expect(30_000 - clock.getRemainingTimeInMillis()).toBe(10_000);
  });

  it('still reports untried records when releasing them fails: they come back after the visibility timeout', async () => {
    const { calls, deadline, handle } = invocation();
    const failing = { postpone: async () => 180, release: async () => Promise.reject(new Error('throttled')) };
    const handler = sqsHandler(logger, handle, { redelivery: failing, recordBudgetMs: 15_000 });
    expect(await handler(event(timed('a', '20'), timed('b', '0')), deadline)).toEqual({ batchItemFailures: [{ itemIdentifier: 'b' }] });
    expect(calls.handled).toEqual(['a']);
  });
});
