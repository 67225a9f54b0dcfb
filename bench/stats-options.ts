/** The statistics benchmark's options (`npm run bench -- --stats-*`), shared by its load and its measuring. */
export interface StatsReadOptions {
  /** Days of counters, ending today (Shanghai). */
  readonly days: number;
  /** The most recent days written at every level (within `fullScope`); older days only where a city-wide query reads. */
  readonly fullDays: number;
  /** Where every level is written for the full days: the measured district's subtree, or the whole city. */
  readonly fullScope: 'district' | 'city';
  /** Mean requests a day over the city. */
  readonly perDay: number;
  /** Timed calls per case. */
  readonly runs: number;
  /** A case stops after this many seconds once it has 3 timed calls. */
  readonly maxSecondsPerCase: number;
  readonly seed: number;
}

export const defaultStatsReadOptions: StatsReadOptions = {
  days: 365,
  fullDays: 30,
  fullScope: 'district',
  perDay: 600,
  runs: 20,
  maxSecondsPerCase: 8,
  seed: 1,
};
