/**
 * How long a call through an AWS SDK client may take when a notice is sent (SNS, SES, and
 * Secrets Manager for a provider's keys or the SMTP password). Without bounds a call waits as
 * long as the far end holds its socket open: the SDK sets no timeout by default, its
 * `requestTimeout` alone only logs a warning (`throwOnRequestTimeout` makes it an error), and
 * it retries. The notify consumer's per-record budget only keeps a record from starting, so each
 * call bounds itself: one attempt by the client's request handler, the whole call (DNS lookup,
 * connection, answer and its body, the SDK's retries) by an abort signal.
 */

export interface SdkCallBounds {
  /** One attempt's DNS lookup and TCP connection. */
  readonly connectMs: number;
  /** One attempt, from its start to the answer's headers; the SDK retries an attempt cut short. */
  readonly attemptMs: number;
  /** The whole call, retries and the answer's body included: it is aborted then. */
  readonly totalMs: number;
}

/** SNS Publish and SES SendEmail: within the 10 s the slowest channel is given (`NOTICE_BUDGET_MS`). */
export const SEND_BOUNDS: SdkCallBounds = { connectMs: 3000, attemptMs: 5000, totalMs: 10_000 };

/** Reading a secret before a send (mainland SMS keys, the SMTP password); the send's own bound follows. */
export const SECRET_READ_BOUNDS: SdkCallBounds = { connectMs: 1000, attemptMs: 2000, totalMs: 3000 };

/** The client's `requestHandler`: an attempt past its bounds fails with a TimeoutError. */
export function boundedRequestHandler(bounds: SdkCallBounds) {
  return { connectionTimeout: bounds.connectMs, requestTimeout: bounds.attemptMs, throwOnRequestTimeout: true };
}

/** The options of one `client.send`: aborted once `totalMs` have passed. */
export function withinBounds(bounds: SdkCallBounds): { abortSignal: AbortSignal } {
  return { abortSignal: AbortSignal.timeout(bounds.totalMs) };
}
