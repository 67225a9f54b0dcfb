import type { Counts } from '#shared/domain/stats';

/** What one request fact adds to the counters, and where. */
export interface FactTally {
  /** With `version`, the fact's identity. */
  readonly requestId: string;
  readonly version: number;
  /** Shanghai calendar day, `YYYY-MM-DD`. */
  readonly day: string;
  /** The request's area and every area above it that keeps counters (community, street, district: `countingAreas`). */
  readonly areaIds: readonly string[];
  readonly serviceCode: string;
  readonly counts: Counts;
  readonly team?: { readonly teamId: string; readonly counts: Counts };
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

/** Counts over one day (`YYYY-MM-DD`) or one whole month (`YYYY-MM`) of an area, for one service. */
export interface ServiceSpan {
  readonly span: string;
  readonly serviceCode: string;
  readonly counts: Counts;
}

/** Counts over one day or one whole month of a team's work on the requests of an area. */
export interface TeamSpan {
  readonly span: string;
  readonly teamId: string;
  readonly counts: Counts;
}

/**
 * The statistics counters: per Shanghai day, area node and service, and per day, area node and
 * team. A day's counters are set from its facts once it is over (`fold`); the days not folded
 * yet are read from the facts (`StatsFacts`, `current-stats`). The read methods take how far the
 * days are folded (`RollUpProgress.foldedThrough`): on a day after it they give only what a
 * counter held before facts were stored (an upgrade's `legacy` counts), nothing else.
 */
export interface StatsCounters {
  /**
   * Sets the counter items of `day` to the sums of `tallies`, which must be every fact of the
   * day: run again, it writes the same. What an item held before its first fold (counted by the
   * version before stored facts, an upgrade's `legacy` counts) is kept and added to.
   */
  fold(day: string, tallies: readonly FactTally[]): Promise<FoldOutcome>;
  /** An area's counters of every service, for the days `from` to `to` (both included). */
  serviceDays(areaId: string, from: string, to: string, foldedThrough: string | undefined): Promise<ServiceDay[]>;
  /** An area's team counters for the days `from` to `to` (both included). */
  teamDays(areaId: string, from: string, to: string, foldedThrough: string | undefined): Promise<TeamDay[]>;
  /**
   * An area's counters of every service for the days `from` to `to` in the fewest rows: a whole
   * month whose roll-up is current as one row per service, every other day as day rows. The
   * sums are those of `serviceDays`.
   */
  servicePeriod(areaId: string, from: string, to: string, foldedThrough: string | undefined): Promise<ServiceSpan[]>;
  /** An area's team counters for the days `from` to `to`, as `servicePeriod` reads them. */
  teamPeriod(areaId: string, from: string, to: string, foldedThrough: string | undefined): Promise<TeamSpan[]>;
}

/** What folding a day wrote. */
export interface FoldOutcome {
  /** Counter items written. */
  readonly items: number;
}

/** The counters as the statistics read them: current to the last fact, folded or not. */
export interface StatsReads {
  serviceDays(areaId: string, from: string, to: string): Promise<ServiceDay[]>;
  teamDays(areaId: string, from: string, to: string): Promise<TeamDay[]>;
  servicePeriod(areaId: string, from: string, to: string): Promise<ServiceSpan[]>;
  teamPeriod(areaId: string, from: string, to: string): Promise<TeamSpan[]>;
}

/** What rolling up one month of one area's counters (service or team) did. */
export type RollUpOutcome =
  /** The month's item now holds the sums of its days. */
  | 'rolled'
  /** It held them already: nothing counted for the month since its last roll-up. */
  | 'current'
  /** No day of the month has counters: nothing to hold. */
  | 'empty'
  /** The sums would not fit one item: the month is left to be read day by day. */
  | 'too-large'
  /** Counts for the month changed while it was rolled up (a late fact before stored facts): the next run tries again. */
  | 'contended';

/** Where the fold of days and the monthly roll-ups stand. */
export interface RollUpProgress {
  /** Every day up to this one (YYYY-MM-DD) is folded into counters. */
  readonly foldedThrough?: string;
  /**
   * When `foldedThrough` last moved (ISO) and where it stood before: an item the fold had just put
   * may not show in a query for a moment, so a reader takes the earlier mark for a few seconds.
   */
  readonly foldedMoved?: { readonly at: string; readonly from?: string };
  /** Every area's months up to this one (YYYY-MM) have been rolled up once. */
  readonly through?: string;
  /** `<areaId>|<month>` of months that a fact came late for: each to be rolled up again. */
  readonly stale: readonly string[];
  /**
   * Days a fact of the version before stored facts was moved to (by the fold or the relay), each
   * with a count that rises before and after every such move: a folded one is folded again, and
   * cleared (`refolded`) only if no move came since the fold read it.
   */
  readonly refold?: Readonly<Record<string, number>>;
}

/**
 * Monthly roll-ups of the day counters: what lets a year be read as twelve items per series. A
 * month is rolled up once it is over and each of its days folded. Before stored facts, a fact
 * counted late for a month that was over marked the month's items out of date, so readers go back
 * to its days until the month is rolled up again; the stale list still serves those months.
 */
export interface StatsRollUps {
  /** Rolls up an area's service and team counters of a month that is over. */
  rollUp(areaId: string, month: string): Promise<{ readonly service: RollUpOutcome; readonly team: RollUpOutcome }>;
  progress(): Promise<RollUpProgress>;
  /**
   * Records that every day up to `day` is folded. A fold gives `moved.from`, where the mark stood
   * when it began, kept with the time as `RollUpProgress.foldedMoved`.
   */
  foldedThrough(day: string, moved?: { readonly from: string | undefined }): Promise<void>;
  /** Records that every area's months up to `month` are rolled up. */
  rolledThrough(month: string): Promise<void>;
  /** Takes months off the stale list (before rolling them up: a fact arriving after puts them back). */
  unmarkStale(entries: readonly string[]): Promise<void>;
  /** Puts months (back) on the stale list, as a late fact does. */
  markStale(entries: readonly string[]): Promise<void>;
  /**
   * `<areaId>|<month>` whose days changed after the month was rolled up (a fold of a day in a
   * month the version before stored facts rolled up): their items stop being read, and the
   * months go on the stale list to be rolled up again.
   */
  markOutdated(entries: readonly string[]): Promise<void>;
  /** Clears the days of `RollUpProgress.refold` folded since: each whose count is still the one `seen`. */
  refolded(seen: Readonly<Record<string, number>>): Promise<void>;
}
