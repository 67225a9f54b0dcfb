/**
 * Durations (time to accept, to complete) as the statistics keep them: a histogram of fixed
 * buckets, with the minutes of each bucket, summed like every counter; the percentiles read from it.
 */

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const mean = (sum: number, count: number) => (count > 0 ? round(sum / count, 1) : null);

/** Upper bounds, in minutes, of the duration buckets; one more bucket holds everything longer. */
export const durationBoundsMinutes = [1, 2, 5, 10, 15, 30, 60, 120, 240, 480, 1440, 2880, 10080] as const;
export const DURATION_BUCKETS = durationBoundsMinutes.length + 1;

/** The bucket a duration falls in: the first whose bound it does not exceed, else the open one. */
export function bucketOf(minutes: number): number {
  const i = durationBoundsMinutes.findIndex((bound) => minutes <= bound);
  return i < 0 ? durationBoundsMinutes.length : i;
}

const bucketNames = (prefix: string) => Array.from({ length: DURATION_BUCKETS }, (_, i) => `${prefix}${String(i).padStart(2, '0')}`);
/** How many durations fell in each bucket. */
export const acceptBucketNames = bucketNames('acceptH');
export const completeBucketNames = bucketNames('completeH');
/**
 * The minutes of the durations in each bucket, and how many durations they hold (`…MCount`):
 * counters from before them have none, so only where the count is the buckets' whole do the
 * percentiles use them (`percentileFromHistogram`).
 */
export const acceptMinuteNames = bucketNames('acceptM');
export const completeMinuteNames = bucketNames('completeM');

export interface DurationKpi {
  readonly count: number;
  readonly meanMinutes: number | null;
  readonly p50Minutes: number | null;
  readonly p90Minutes: number | null;
}

/**
 * The p-quantile (0 < p ≤ 1) of the durations counted in `buckets`, interpolated linearly inside
 * the bucket it falls in. With `minutes` (the sum of the durations in each bucket), the answer
 * stays near what was counted: one duration in the bucket answers itself, more are spread
 * evenly around their mean, as widely as the bucket's bounds allow. Without them, across the
 * bucket's bounds; in the open last bucket its lower bound (a floor: "at least a week"). Null
 * when nothing was counted.
 */
export function percentileFromHistogram(buckets: readonly number[], p: number, minutes?: readonly number[]): number | null {
  const n = buckets.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  const target = p * n;
  let below = 0;
  for (let i = 0; i < buckets.length; i++) {
    const inBucket = buckets[i] ?? 0;
    if (inBucket > 0 && below + inBucket >= target) {
      const lower = i === 0 ? 0 : durationBoundsMinutes[i - 1]!;
      const upper = durationBoundsMinutes[i] ?? Infinity;
      const share = (target - below) / inBucket;
      if (minutes) {
        const mean = Math.min(upper, Math.max(lower, (minutes[i] ?? 0) / inBucket));
        if (inBucket === 1) return round(mean, 1);
        const spread = Math.min(mean - lower, upper - mean);
        return round(mean - spread + 2 * spread * share, 1);
      }
      if (upper === Infinity) return lower;
      return round(lower + (upper - lower) * share, 1);
    }
    below += inBucket;
  }
  return durationBoundsMinutes[durationBoundsMinutes.length - 1]!;
}

/** A duration's KPI from summed counters (`Counts` of `stats.ts`). */
export function durationKpi(
  c: Readonly<Record<string, number>>,
  sumName: string,
  countName: string,
  histogram: { readonly buckets: readonly string[]; readonly minutes: readonly string[]; readonly counted: string },
): DurationKpi {
  const buckets = histogram.buckets.map((name) => c[name] ?? 0);
  // Counters from before the buckets' minutes (or a period reaching back to them) lack some: the bounds alone then.
  const minutes =
    (c[histogram.counted] ?? 0) === buckets.reduce((a, b) => a + b, 0) ? histogram.minutes.map((name) => c[name] ?? 0) : undefined;
  return {
    count: c[countName] ?? 0,
    meanMinutes: mean(c[sumName] ?? 0, c[countName] ?? 0),
    p50Minutes: percentileFromHistogram(buckets, 0.5, minutes),
    p90Minutes: percentileFromHistogram(buckets, 0.9, minutes),
  };
}
