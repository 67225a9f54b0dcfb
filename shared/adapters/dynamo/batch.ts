/**
 * BatchGetItem and BatchWriteItem to completion. DynamoDB may answer a batch with part of it
 * left unprocessed (throttling, a response over 16 MB); that part is sent again after a
 * jittered exponential backoff, and after `maxAttempts` the call fails, so a caller never
 * takes a partial read or write for a whole one. Chunks (100 keys, 25 writes) go in parallel.
 */
import { BatchGetCommand, BatchWriteCommand, type BatchWriteCommandInput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backoff } from './backoff';

export type WriteRequest = NonNullable<BatchWriteCommandInput['RequestItems']>[string][number];

export interface BatchOptions {
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
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
  { maxAttempts = 8, baseDelayMs = 25 }: BatchOptions,
): Promise<void> {
  let pending = first;
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > 1) {
      if (attempt > maxAttempts) throw new BatchIncompleteError(operation, pending.length);
      await backoff(attempt - 1, baseDelayMs);
    }
    pending = await send(pending);
  }
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
  await Promise.all(
    chunks(requests, 25).map((chunk) =>
      untilProcessed(
        'BatchWriteItem',
        chunk,
        async (pending) => {
          const out = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
          return (out.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
        },
        options,
      ),
    ),
  );
}
