/**
 * BatchGetItem and BatchWriteItem to completion. DynamoDB may answer a batch with part of it
 * left unprocessed (throttling, a response over 16 MB); that part is sent again after a
 * jittered exponential backoff (with `retryThrottled`, so is a chunk DynamoDB refused whole for
 * throttling; otherwise that error is the caller's), and after `maxAttempts` the call fails, so a caller never takes a partial read or write for a whole one.
 * Chunks (100 keys, 25 writes) go in parallel, at most `concurrency` at a time when given.
 */
import { BatchGetCommand, BatchWriteCommand, type BatchWriteCommandInput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { THROUGHPUT_REFUSALS } from '../busy-errors';
import { backoff } from './backoff';

export type WriteRequest = NonNullable<BatchWriteCommandInput['RequestItems']>[string][number];

export interface BatchOptions {
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  /** The longest wait before one retry (the exponential backoff stops growing there). */
  readonly maxDelayMs?: number;
  /** How many chunks are in flight at once (all of them when absent). */
  readonly concurrency?: number;
  /** Send a chunk refused whole for throughput again too, as unprocessed items are (a long import). */
  readonly retryThrottled?: boolean;
}

/** What was still unprocessed after the last attempt; the caller's retry policy takes it from here. */
export class BatchIncompleteError extends Error {
  constructor(
    readonly operation: 'BatchGetItem' | 'BatchWriteItem',
    readonly remaining: number,
  ) {
    super(`${operation} left ${remaining} item(s) unprocessed after retries`);
    this.name = 'BatchIncompleteError';
  }
}

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

async function untilProcessed<T>(
  operation: BatchIncompleteError['operation'],
  first: T[],
  send: (pending: T[]) => Promise<T[]>,
  { maxAttempts = 8, baseDelayMs = 25, maxDelayMs = Number.POSITIVE_INFINITY, retryThrottled = false }: BatchOptions,
): Promise<void> {
  // The retry number whose backoff ceiling (baseDelayMs * 2^(retry-1)) reaches maxDelayMs.
  const longest = Math.max(1, Math.floor(Math.log2(maxDelayMs / baseDelayMs)) + 1);
  let pending = first;
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > 1) {
      if (attempt > maxAttempts) throw new BatchIncompleteError(operation, pending.length);
      await backoff(Math.min(attempt - 1, longest), baseDelayMs);
    }
    try {
      pending = await send(pending);
    } catch (error) {
      if (!retryThrottled || !THROUGHPUT_REFUSALS.has((error as Error).name)) throw error;
    }
  }
}

/** Runs `task` on every item, at most `limit` at a time; the first failure fails the whole (no new task starts after it). */
async function eachLimited<T>(items: readonly T[], limit: number | undefined, task: (item: T) => Promise<void>): Promise<void> {
  if (limit === undefined || limit >= items.length) {
    await Promise.all(items.map(task));
    return;
  }
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      try {
        await task(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
}

/** Every item of these keys that exists (in no particular order). */
export async function batchGetAll(
  db: DynamoDBDocumentClient,
  tableName: string,
  itemKeys: readonly Record<string, unknown>[],
  { consistentRead = false, ...options }: BatchOptions & { consistentRead?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  await Promise.all(
    chunks(itemKeys, 100).map((chunk) =>
      untilProcessed(
        'BatchGetItem',
        chunk,
        async (pending) => {
          const out = await db.send(
            new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: consistentRead } } }),
          );
          found.push(...(out.Responses?.[tableName] ?? []));
          return (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
        },
        options,
      ),
    ),
  );
  return found;
}

/** Every put and delete written (not atomically: each item on its own). */
export async function batchWriteAll(
  db: DynamoDBDocumentClient,
  tableName: string,
  requests: readonly WriteRequest[],
  options: BatchOptions = {},
): Promise<void> {
  await eachLimited(chunks(requests, 25), options.concurrency, (chunk) =>
    untilProcessed(
      'BatchWriteItem',
      chunk,
      async (pending) => {
        const out = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        return (out.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
      },
      options,
    ),
  );
}
