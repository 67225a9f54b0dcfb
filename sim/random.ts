/**
 * Seeded pseudo-random numbers for the simulation: one seed gives the same run every time.
 * The generator is sfc32; `fork` derives an independent stream from the seed and a key, so a
 * draw (a team's answer to one offer, one request's service time) does not depend on how many
 * other draws came before it. Reruns with more teams then see the same residents and the same
 * answers wherever nothing changed (common random numbers).
 */

/** A 32-bit hash of the parts (FNV-1a over their text, then a murmur finaliser). */
export function hashKey(...parts: ReadonlyArray<string | number>): number {
  let h = 0x811c9dc5;
  const text = parts.join('\u0001');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | undefined;

  constructor(readonly seed: number | string) {
    this.a = hashKey('a', seed);
    this.b = hashKey('b', seed);
    this.c = hashKey('c', seed);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** An independent stream for `keys` under this generator's seed. */
  fork(...keys: ReadonlyArray<string | number>): Random {
    return new Random(hashKey(this.seed, ...keys));
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Standard normal (Box-Muller, the second value kept for the next call). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const spare = this.spareNormal;
      this.spareNormal = undefined;
      return spare;
    }
    const u = 1 - this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given median; `sigma` is the spread of its logarithm. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /**
   * Poisson with mean `lambda`: Knuth's multiplication method, on chunks of at most 30 (a sum
   * of independent Poisson draws is Poisson with the summed mean), so it is exact for any mean.
   */
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0;
    let k = 0;
    let rest = lambda;
    while (rest > 30) {
      k += this.knuth(30);
      rest -= 30;
    }
    return k + this.knuth(rest);
  }

  private knuth(lambda: number): number {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** One of `items`, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)]!;
  }
}

/** Draws items in proportion to their weights (cumulative sums and a binary search). */
export class Weighted<T> {
  private readonly cumulative: number[] = [];
  readonly total: number;

  constructor(
    readonly items: readonly T[],
    weights: readonly number[],
  ) {
    if (items.length === 0 || items.length !== weights.length) throw new Error('Weighted needs one weight per item');
    let sum = 0;
    for (const w of weights) {
      if (!(w >= 0)) throw new Error(`Negative or missing weight: ${w}`);
      sum += w;
      this.cumulative.push(sum);
    }
    if (sum <= 0) throw new Error('Weights sum to zero');
    this.total = sum;
  }

  static of<T extends string | number>(table: Readonly<Record<T, number>>): Weighted<T> {
    const entries = Object.entries(table) as Array<[T, number]>;
    return new Weighted(
      entries.map(([k]) => k),
      entries.map(([, w]) => w),
    );
  }

  draw(random: Random): T {
    const target = random.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}
