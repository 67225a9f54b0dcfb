/**
 * The rate limits count in fixed windows aligned to the epoch (`windowStart` in
 * shared/ports/rate-limiter.ts), so a test that runs across a window's end starts counting afresh
 * and is answered where it expects a refusal. Every one of several windows ends where a window of
 * their greatest common divisor ends: when that one ends before the test could be done, this waits
 * for it to end, and the test then runs inside one window of every limit it counts on, whenever it
 * runs and however slowly.
 */
export async function insideOneWindow(windowSeconds: readonly number[], testMs: number): Promise<void> {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const windowMs = windowSeconds.reduce(gcd, 0) * 1000;
  const left = windowMs - (Date.now() % windowMs);
  if (left <= testMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}
