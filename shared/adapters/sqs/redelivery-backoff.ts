/**
 * When a failed queue record comes back: the queue's visibility timeout doubled per receive,
 * capped at 15 minutes (or at the visibility timeout when that is longer), with ±20 % jitter
 * so records that failed together do not all come back together. A failing webhook is thus
 * tried after 3, 6, 12 and 15 minutes (visibility 180 s) before its message is dead-lettered.
 */
export const MAX_REDELIVERY_DELAY_SECONDS = 900;
/** SQS refuses a visibility timeout over 12 hours. */
const SQS_MAX_VISIBILITY_SECONDS = 43_200;

export function redeliveryDelaySeconds(receiveCount: number, visibilitySeconds: number, random: () => number = Math.random): number {
  const doubled = visibilitySeconds * 2 ** Math.max(0, receiveCount - 1);
  const capped = Math.min(doubled, Math.max(visibilitySeconds, MAX_REDELIVERY_DELAY_SECONDS));
  const jittered = capped * (0.8 + 0.4 * random());
  return Math.min(SQS_MAX_VISIBILITY_SECONDS, Math.max(1, Math.round(jittered)));
}

/**
 * The longest a record that failed on its `receiveCount`th receive may still be held by its queue
 * for the tries it has left: the longest backoff (jitter included) before each receive up to the
 * `maxReceiveCount`th, after which the queue dead-letters it. 0 after the last receive.
 */
export function remainingRetrySeconds(receiveCount: number, visibilitySeconds: number, maxReceiveCount: number): number {
  let seconds = 0;
  for (let n = Math.max(1, receiveCount); n < maxReceiveCount; n++) seconds += redeliveryDelaySeconds(n, visibilitySeconds, () => 1);
  return seconds;
}
