import { type RateLimiter, windowStart } from '#shared/ports/rate-limiter';

/** Fixed-window counters on a Map, counting as the table's conditional `ADD` does. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, number>();

  async counted(key: string, windowSeconds: number, now: Date): Promise<number> {
    return this.windows.get(`${key}#${windowStart(now, windowSeconds)}`) ?? 0;
  }

  async take(key: string, limit: number, windowSeconds: number, now: Date): Promise<boolean> {
    const window = `${key}#${windowStart(now, windowSeconds)}`;
    const n = this.windows.get(window) ?? 0;
    if (n >= limit) return false;
    this.windows.set(window, n + 1);
    return true;
  }

  async giveBack(key: string, windowSeconds: number, now: Date): Promise<void> {
    const window = `${key}#${windowStart(now, windowSeconds)}`;
    const n = this.windows.get(window) ?? 0;
    if (n > 0) this.windows.set(window, n - 1);
  }
}
