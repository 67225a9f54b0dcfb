import type { RequestFact } from '#shared/domain/request-fact';

/**
 * The stored request facts: one per change, committed in the change's own write and kept a
 * while (`FACT_DAYS`), found by the Shanghai day of the change. The statistics fold each day
 * that is over into counters, and read the days not folded yet from here.
 */
export interface StatsFacts {
  /**
   * The facts of `day` (`YYYY-MM-DD`) of requests in `areaId` or within it; every area's when
   * absent. A stored fact that does not parse is left out (and logged by its key).
   */
  ofDay(day: string, areaId?: string): Promise<RequestFact[]>;
  /** Every fact of `day` that parses, and the keys of those that do not: the fold holds such a day (`foldStats`). */
  ofDayToFold(day: string): Promise<DayFacts>;
  /**
   * Moves the facts the version before stored facts left uncounted (outbox messages for its
   * `stats` queue, due or not) to the stored facts; answers the days they count on.
   */
  adoptLegacy(): Promise<string[]>;
}

export interface DayFacts {
  readonly facts: RequestFact[];
  /** Each stored fact that does not parse, as `<pk> <sk>` (its day, area, request id and version: no personal data). */
  readonly unreadable: readonly string[];
}

/** How long a fact is kept after its change: enough for the fold to catch up after weeks of failing. */
export const FACT_DAYS = 40;
