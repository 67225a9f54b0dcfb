/**
 * The ceilings beside the end-to-end figures, measured on the same servers in the same run:
 *  - DynamoDB Local: the writes one order needed from POST to OFFERED (recorded in the
 *    lifecycle: rate-limit counters, the submit transaction, the offer transaction), and every
 *    write it needed up to its notice (also the statistics' and the notice's), each replayed
 *    with fresh ids and nothing else around them;
 *  - local-aws-sqs: send, receive and delete of one message, in a loop.
 */
import { randomBytes } from 'node:crypto';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { newRequestId } from '#shared/domain/identifiers';
import type { tableAdapters } from '#shared/wiring/composition';
import { teamFixture } from '../test/support/fixtures';
import type { Lifecycle } from './lifecycle';
import type { SdkCall } from './sdk-calls';

export interface DynamoLimit {
  readonly writesPerOrder: string[];
  readonly orders: number;
  readonly concurrency: number;
  readonly ordersPerSecond: number;
  readonly failed: number;
}

/** Replaces every occurrence of each `from` in strings and keys, and a phone's rate-limit key and a delivery's key. */
function substitute(value: unknown, pairs: Array<[string, string]>, phoneKey: string): unknown {
  if (typeof value === 'string') {
    let s = value.replace(/^RATE#phone:[A-Za-z0-9_-]+$/, `RATE#phone:${phoneKey}`).replace(/^delivery#.+$/, `delivery#${phoneKey}`);
    for (const [from, to] of pairs) s = s.split(from).join(to);
    return s;
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, pairs, phoneKey));
  if (value instanceof Set) return new Set([...value].map((v) => substitute(v, pairs, phoneKey)));
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [substitute(k, pairs, phoneKey) as string, substitute(v, pairs, phoneKey)]),
    );
  }
  return value;
}

/** `writes`: the lifecycle's `orderWrites` or `noticeWrites`. */
export async function dynamoOrderLimit(
  life: Lifecycle,
  writes: readonly SdkCall[],
  clients: { document: DynamoDBDocumentClient; lowLevel: DynamoDBClient },
  adapters: ReturnType<typeof tableAdapters>,
  orders: number,
  concurrency: number,
): Promise<DynamoLimit> {
  // Spread over 50 teams, as the end-to-end run spreads its offers; capacity never runs out.
  const teams = Array.from({ length: 50 }, (_, i) => `raw-${String(i).padStart(3, '0')}`);
  for (const id of teams) if (!(await adapters.teams.get(id))) await adapters.teams.register(teamFixture(id, { capacity: 1000 }), []);
  let code = 20_000_000 + Math.floor(Math.random() * 50_000_000);
  const plans = Array.from({ length: orders }, (_, i) => {
    const pairs: Array<[string, string]> = [
      [life.ids.requestId, newRequestId()],
      [life.ids.trackingCode, String(code++)],
      [life.ids.teamId, teams[i % teams.length]!],
    ];
    const phoneKey = randomBytes(16).toString('base64url').slice(0, 22);
    return writes.map((w) => ({ w, input: substitute(w.input, pairs, phoneKey) as Record<string, unknown> }));
  });
  let failed = 0;
  const replay = async (plan: Array<{ w: SdkCall; input: Record<string, unknown> }>) => {
    for (const { w, input } of plan) {
      delete input.ReturnConsumedCapacity;
      const command = new w.replay.command(input as never) as never;
      try {
        await (w.replay.document ? clients.document.send(command) : clients.lowLevel.send(command));
      } catch {
        failed++;
      }
    }
  };
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < plans.length) await replay(plans[next++]!);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { writesPerOrder: writes.map((w) => w.operation), orders, concurrency, ordersPerSecond: orders / seconds, failed };
}

export interface SqsLimit {
  readonly cycles: number;
  readonly concurrency: number;
  readonly cyclesPerSecond: number;
}

/** Send, receive (no wait), delete, one message at a time per worker, on a queue of its own. */
export async function sqsCycleLimit(sqs: SQSClient, cycles: number, concurrency: number): Promise<SqsLimit> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'bench-raw-cycle' }));
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (done < cycles) {
        await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: '{"requestId":"bench","version":1}' }));
        for (;;) {
          const out = await sqs.send(
            new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 0, VisibilityTimeout: 30 }),
          );
          const m = out.Messages?.[0];
          if (!m) continue;
          await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle! }));
          break;
        }
        done++;
      }
    }),
  );
  return { cycles: done, concurrency, cyclesPerSecond: done / ((performance.now() - started) / 1000) };
}
