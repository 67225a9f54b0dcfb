import type { RequestFact } from '#shared/domain/request-fact';

/**
 * The stored request facts: one per change, committed in the change's own write and kept a
 * while (`FACT_DAYS`), found by the Shanghai day of the change. The statistics fold each day
 * that is over into counters, and read the days not folded yet from here.
 */
export interface StatsFacts {
  /** The facts of `day` (`YYYY-MM-DD`) of requests in `areaId` or within it; every area's when absent. */
  ofDay(day: string, areaId?: string): Promise<RequestFact[]>;
  /**
   * Moves the facts the version before stored facts left uncounted (outbox messages for its
   * `stats` queue, due or not) to the stored facts; answers the days they count on.
   */
  adoptLegacy(): Promise<string[]>;
}

/** How long a fact is kept after its change: enough for the fold to catch up after weeks of failing. */
export const FACT_DAYS = 40;
