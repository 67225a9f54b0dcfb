/**
 * How long a call through an AWS SDK client may take. Without bounds a call waits as long as the
 * far end holds its socket open (DynamoDB's client gives up on an idle socket after 5 minutes,
 * SQS's after 15, longer than any function runs): the SDK sets no timeout of its own, its
 * `requestTimeout` alone only logs a warning (`throwOnRequestTimeout` makes it an error), and it
 * retries. Every client is bounded per attempt by its request handler (connection, answer, an
 * answer's body that stops); an attempt cut short is a TimeoutError, which the SDK retries like a
 * network error and, past its attempts, throws: a transient failure to its caller (a queue record
 * comes back). Sends of notices (SNS, SES, and Secrets Manager for a provider's keys or the SMTP
 * password) are also bounded as a whole, since the notify consumer's per-record budget only
 * keeps a record from starting: by an abort signal, over the SDK's retries.
 */
import { connectBoundedAgents } from './connect-bounded-agents';

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

/**
 * One attempt's bounds while it holds a connection, for the clients whose calls only the SDK's
 * retries bound as a whole: `connectMs` to connect, then `attemptMs` of silence at most.
 */
export interface SocketBounds {
  readonly connectMs: number;
  readonly silenceMs: number;
}

/**
 * DynamoDB, every function's: its calls answer in milliseconds (a 1 MB Query page, a transaction
 * of 100 items well under a second), so a connection silent for 5 s is stalled; the SDK's 4
 * attempts then take a new one. 2 s to connect leaves room for one lost SYN (resent after 1 s).
 * A transaction sent again after a timeout carries the same ClientRequestToken: applied once.
 */
export const TABLE_CALL_BOUNDS: SocketBounds = { connectMs: 2000, silenceMs: 5000 };

/**
 * SQS, as the functions call it: SendMessage, ChangeMessageVisibility, the queue's lookups and the
 * dead-letter tool's receives, which never wait (`WaitTimeSeconds` 0). A long poll needs a bound
 * above its wait (the local stack's event source: `infra/local/queue-poller.ts`).
 */
export const QUEUE_CALL_BOUNDS: SocketBounds = { connectMs: 2000, silenceMs: 5000 };

/**
 * The `requestHandler` of a DynamoDB or SQS client: an attempt that cannot connect within
 * `connectMs`, or whose connection then stays silent for `silenceMs` (no answer, or an answer's
 * body that stops), fails with a TimeoutError. Neither clock runs while an attempt waits for one of
 * the client's `maxSockets` (the SDK's 50): a fan-out of more calls than sockets (a day's fold
 * writes hundreds of batches at once, an import thousands) must not cut attempts that had not
 * begun. So not `requestTimeout` (with `throwOnRequestTimeout`) nor the SDK's `connectionTimeout`,
 * whose clocks start before the attempt has a socket; the agents bound connecting instead
 * (`connect-bounded-agents.ts`).
 */
export function socketBoundedRequestHandler(bounds: SocketBounds, maxSockets?: number) {
  return { ...connectBoundedAgents(bounds.connectMs, maxSockets), socketTimeout: bounds.silenceMs };
}

/** The options of one `client.send`: aborted once `totalMs` have passed. */
export function withinBounds(bounds: SdkCallBounds): { abortSignal: AbortSignal } {
  return { abortSignal: AbortSignal.timeout(bounds.totalMs) };
}
