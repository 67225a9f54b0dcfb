/** Fixed-window counters that refuse beyond a limit, whatever runs at once. */
export interface RateLimiter {
  /**
   * Counts one attempt for `key` in the window of `windowSeconds` that holds `now`; false when
   * the window already had `limit` attempts (this one is then not counted).
   */
  take(key: string, limit: number, windowSeconds: number, now: Date): Promise<boolean>;
  /** The attempts counted for `key` so far in the window that holds `now` (a consistent read). */
  counted(key: string, windowSeconds: number, now: Date): Promise<number>;
  /**
   * Takes back one attempt `take` counted in the window that holds `now` (an attempt that turned
   * out not to count: a replay, a right answer); never below zero.
   */
  giveBack(key: string, windowSeconds: number, now: Date): Promise<void>;
}

/** The start (epoch seconds) of the fixed window of `windowSeconds` that holds `now`. */
export function windowStart(now: Date, windowSeconds: number): number {
  return Math.floor(now.getTime() / 1000 / windowSeconds) * windowSeconds;
}

export interface LimitRule {
  readonly limit: number;
  readonly windowSeconds: number;
}

/** The deployment's abuse limits; defaults apply while none are stored. */
export interface IntakeLimits {
  readonly perPhone: LimitRule;
  readonly perAddress: LimitRule;
  readonly lookupsPerAddress: LimitRule;
}

export interface LimitsConfig {
  /** The stored limits (cached briefly), or the defaults. */
  intakeLimits(): Promise<IntakeLimits>;
  setIntakeLimits(limits: IntakeLimits): Promise<void>;
}
