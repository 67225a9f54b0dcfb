import type { Counts } from '#shared/domain/stats';

/** What one request fact adds to the counters, and where. */
export interface FactTally {
  /** With `version`, the fact's identity: a fact is added once, however often it arrives. */
  readonly requestId: string;
  readonly version: number;
  /** Shanghai calendar day, `YYYY-MM-DD`. */
  readonly day: string;
  /** The request's area and every area above it (community, street, district, city). */
  readonly areaIds: readonly string[];
  readonly serviceCode: string;
  readonly counts: Counts;
  readonly team?: { readonly teamId: string; readonly counts: Counts };
  /** The id of the outbox message that carried the fact, removed in the same write. */
  readonly settles: string;
}

export interface AddOutcome {
  readonly added: number;
  /** Facts already counted before (a redelivery, or the relay's copy): nothing changed for them. */
  readonly duplicates: number;
}

/** One day's counters of an area for one service. */
export interface ServiceDay {
  readonly day: string;
  readonly serviceCode: string;
  readonly counts: Counts;
}

/** One day's counters of a team's work on the requests of an area. */
export interface TeamDay {
  readonly day: string;
  readonly teamId: string;
  readonly counts: Counts;
}

/**
 * The statistics counters: per Shanghai day, area node and service, and per day, area node and
 * team. Kept current on every request change, so a period is read from counters alone.
 */
export interface StatsCounters {
  /**
   * Adds each tally once per fact: a fact counted before changes nothing, and a tally and its
   * "already counted" mark are written together or not at all.
   */
  add(tallies: readonly FactTally[]): Promise<AddOutcome>;
  /** An area's counters of every service, for the days `from` to `to` (both included). */
  serviceDays(areaId: string, from: string, to: string): Promise<ServiceDay[]>;
  /** An area's team counters for the days `from` to `to` (both included). */
  teamDays(areaId: string, from: string, to: string): Promise<TeamDay[]>;
}
