/**
 * Feeds a queue to its consumer the way Lambda's SQS event source does: batches up to the
 * trigger's size, partial batch failures (only the failed records stay on the queue), the
 * queue's own visibility timeout for redelivery, and the queue's redrive policy for the DLQ.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type SocketBounds, socketBoundedRequestHandler } from '#shared/adapters/sdk-call-bounds';
import type { QueueTrigger } from '#shared/topology/topology';
import type { LocalFunction } from './lambda-runtime';
import type { LocalLog } from './log-line';
import type { ProvisionedQueue } from './provision';

export interface QueuePoller {
  readonly queue: string;
  readonly functionName: string;
  readonly batchSize: number;
  stop(): Promise<void>;
}

// Long polls, as Lambda's pollers make them: local-aws-sqs answers one as soon as it has a message
// (scripts/patch-local-aws-sqs.mjs), so an idle stack makes a receive a poller every 20 s.
export const WAIT_SECONDS = 20;
/**
 * The pollers' client's bounds: a connection may stay silent for the whole wait and 10 s more
 * before the attempt is cut (the functions' SQS clients allow 5 s: they never wait), so a long poll
 * is never cut short, and a receive or delete whose connection stalled is retried instead of
 * stopping its poller for good.
 */
export const POLL_BOUNDS: SocketBounds = { connectMs: 2000, silenceMs: (WAIT_SECONDS + 10) * 1000 };

/** The request handler of the pollers' SQS client: `POLL_BOUNDS`, with as many sockets as pollers (no queue for one). */
export function pollerRequestHandler() {
  return socketBoundedRequestHandler(POLL_BOUNDS, Number.POSITIVE_INFINITY);
}
const RETRY_SLEEP_MS = 100;

export function startQueuePoller(
  sqs: SQSClient,
  queue: ProvisionedQueue,
  trigger: QueueTrigger,
  fn: LocalFunction,
  log: LocalLog,
): QueuePoller {
  let running = true;
  const stopping = new AbortController();
  // What each receive asks for: Lambda's batch size, within SQS's 10 a receive.
  const receiveSize = Math.min(trigger.batchSize, 10);
  const loop = (async () => {
    while (running) {
      let messages: Message[] = [];
      try {
        const out = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queue.url,
            MaxNumberOfMessages: receiveSize,
            WaitTimeSeconds: WAIT_SECONDS,
            // local-aws-sqs ignores MessageSystemAttributeNames; AttributeNames brings the receive count.
            AttributeNames: ['All'],
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: stopping.signal },
        );
        messages = dedupe(out.Messages ?? []);
      } catch (error) {
        if (!running) break;
        log('sqs', `receive from ${queue.name} failed: ${(error as Error).message}`);
        await sleep(RETRY_SLEEP_MS);
      }
      if (messages.length === 0) continue;
      await deliver(sqs, queue, fn, messages, log);
    }
  })();
  return {
    queue: queue.name,
    functionName: fn.name,
    batchSize: receiveSize,
    stop: async () => {
      running = false;
      stopping.abort();
      await loop;
    },
  };
}

async function deliver(sqs: SQSClient, queue: ProvisionedQueue, fn: LocalFunction, messages: Message[], log: LocalLog) {
  const event: SQSEvent = { Records: messages.map((m) => toRecord(m, queue.arn)) };
  let failedIds: Set<string>;
  try {
    const response = (await fn.invoke(event)) as SQSBatchResponse | undefined;
    failedIds = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
  } catch (error) {
    // A thrown invocation fails the whole batch, as in Lambda.
    log('sqs', `${fn.name} threw: ${(error as Error).name}`);
    failedIds = new Set(messages.map((m) => m.MessageId!));
  }
  const done = messages.filter((m) => !failedIds.has(m.MessageId!));
  if (done.length) {
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
  }
  log('sqs', `${queue.name} → ${fn.name}: ${messages.length} record(s), ${failedIds.size} failed`);
}

function toRecord(message: Message, arn: string): SQSRecord {
  const a = message.Attributes ?? {};
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: a.ApproximateReceiveCount ?? '1',
      SentTimestamp: a.SentTimestamp ?? String(Date.now()),
      SenderId: a.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([k, v]) => [
        k,
        { dataType: v.DataType ?? 'String', ...(v.StringValue !== undefined ? { stringValue: v.StringValue } : {}) },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: arn,
    awsRegion: 'us-east-1',
  };
}

/** local-aws-sqs can hand out one message twice in one response; Lambda never does. */
function dedupe(messages: Message[]): Message[] {
  const seen = new Set<string>();
  return messages.filter((m) => !seen.has(m.MessageId!) && seen.add(m.MessageId!));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
