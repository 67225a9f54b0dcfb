/**
 * Reads why DynamoDB cancelled a transaction. A failed condition is a business outcome the
 * caller decides on; anything else (conflict, throttling) is left to the retry policy.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { backoff } from './backoff';
import { TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

export interface CancellationReason {
  readonly Code?: string;
  readonly Item?: Record<string, unknown>;
}

export function cancellationReasons(error: unknown): CancellationReason[] | undefined {
  if (error instanceof TransactionCanceledException || (error as { name?: string })?.name === 'TransactionCanceledException') {
    return ((error as TransactionCanceledException).CancellationReasons ?? []) as CancellationReason[];
  }
  return undefined;
}

/** Index of the first item whose condition failed, or -1 when none did. */
export function failedConditionAt(reasons: readonly CancellationReason[]): number {
  return reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
}

/**
 * Runs a transaction, retrying with jittered exponential backoff while DynamoDB cancels it
 * only because another transaction held one of its items (`TransactionConflict`). A failed
 * condition is never retried here: it is the caller's business outcome.
 */
export async function withConflictRetry<T>(attempt: () => Promise<T>, maxAttempts = 6, baseDelayMs = 20): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const reasons = cancellationReasons(error);
      const conflictOnly = reasons !== undefined && failedConditionAt(reasons) < 0 && reasons.some((r) => r.Code === 'TransactionConflict');
      if (!conflictOnly || n >= maxAttempts) throw error;
      await backoff(n, baseDelayMs);
    }
  }
}

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** One TransactWriteItems call, retried on conflicts only (see `withConflictRetry`). */
export function transactWrite(db: DynamoDBDocumentClient, items: TransactItem[]) {
  return withConflictRetry(() => db.send(new TransactWriteCommand({ TransactItems: items })));
}
