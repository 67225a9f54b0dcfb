/**
 * An AWS service's refusals that mean "not now, and nothing was done": throughput (DynamoDB's
 * throttling, on-demand tables included) and a transaction other transactions kept cancelling.
 * The SDK retries these itself; one that still reaches the caller is worth trying again in a
 * moment, which the HTTP edge says with a 503 and `Retry-After`, not a 500. A call past its time
 * bounds (`TimeoutError`) is not one of them: its write may have been applied, and a retry of a
 * call that is not idempotent (a team's creation, a certificate) would do it twice (review 79).
 */
/** DynamoDB's answers to a request it refused whole for throughput. */
export const THROUGHPUT_REFUSALS: ReadonlySet<string> = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
]);

/** A transaction's cancellation reasons that are contention or throughput, not a failed condition. */
const BUSY_CANCELLATIONS = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

/** By the error's name only, so the HTTP edge of a function without an AWS client carries no SDK for it. */
export function isServiceBusy(error: unknown): boolean {
  const { name, CancellationReasons } = (error ?? {}) as { name?: unknown; CancellationReasons?: ReadonlyArray<{ Code?: string }> };
  if (typeof name !== 'string') return false;
  if (THROUGHPUT_REFUSALS.has(name)) return true;
  if (name !== 'TransactionCanceledException' || !CancellationReasons) return false;
  // Busy only when no item's condition failed: each reason is contention, throughput or none.
  const codes = CancellationReasons.map((r) => r.Code ?? 'None');
  return codes.some((code) => BUSY_CANCELLATIONS.has(code)) && codes.every((code) => code === 'None' || BUSY_CANCELLATIONS.has(code));
}
