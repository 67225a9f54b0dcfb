/**
 * Reads why DynamoDB cancelled a transaction. A failed condition is a business outcome the
 * caller decides on; anything else (conflict, throttling) is left to the retry policy.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

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
