/**
 * What the table adapters say when a read meets a stored item it cannot use whole: a request
 * whose details item is missing, a statistics fact that does not parse. The read goes on without
 * it (one damaged item must not fail a list that serves many people); the error names the item
 * by its id or key only, never by what it holds. In AWS the line is JSON at level ERROR: the
 * scheduled functions' `ErrorLogs` metric filter counts it, and their alarm follows.
 */
import { createLogger, type Logger } from '#shared/observability/logger';

export interface DamagedItems {
  /** A request flagged `detailsApart` was read without its `REQ#DETAILS` item. */
  detailsMissing(requestId: string): void;
  /** A stored fact's `body` does not parse; `key` is its item's `pk` and `sk` (day, area, request id, version). */
  unreadableFact(key: { readonly pk: string; readonly sk: string }): void;
}

let shared: Logger | undefined;

/** The damage logged as errors (one logger for the container, made on first use). */
export const loggedDamage = (logger?: Logger): DamagedItems => {
  const log = () => logger ?? (shared ??= createLogger('table'));
  return {
    detailsMissing: (requestId) => log().error('damaged item: request details missing', { requestId }),
    unreadableFact: ({ pk, sk }) => log().error('damaged item: statistics fact does not parse', { pk, sk }),
  };
};
