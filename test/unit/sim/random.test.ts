import { describe, expect, it } from 'vitest';
import { defaultCityOptions, generateCity } from '../../../sim/city';
import { generateArrivals, serviceShares } from '../../../sim/demand';
import { Random, Weighted, hashKey } from '../../../sim/random';

const meanAndVariance = (xs: readonly number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, variance: xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1) };
};

describe('Random', () => {
  it('gives the same numbers for the same seed, and other numbers for another', () => {
    const draw = (seed: number) => {
      const random = new Random(seed);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    for (const u of draw(3)) expect(u >= 0 && u < 1).toBe(true);
  });

  it('forks streams that depend on the seed and the key only', () => {
    const a = new Random(1);
    a.next();
    a.next();
    expect(a.fork('answer', 'r1', 3).next()).toBe(new Random(1).fork('answer', 'r1', 3).next());
    expect(new Random(1).fork('answer', 'r1', 3).next()).not.toBe(new Random(1).fork('answer', 'r1', 4).next());
    expect(hashKey('a', 1)).not.toBe(hashKey('a1'));
  });

  it.each([0.02, 0.7, 4, 75])('draws Poisson counts with mean and variance %s', (lambda) => {
    const random = new Random(11);
    const n = 40_000;
    const { mean, variance } = meanAndVariance(Array.from({ length: n }, () => random.poisson(lambda)));
    // Within five standard errors of the mean; the variance of a Poisson equals its mean.
    expect(Math.abs(mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / n));
    expect(variance / lambda).toBeGreaterThan(0.93);
    expect(variance / lambda).toBeLessThan(1.07);
  });

  it('draws no events for a mean of zero', () => {
    expect(new Random(1).poisson(0)).toBe(0);
  });

  it('draws exponential times with their mean, and log-normal ones around their median', () => {
    const random = new Random(5);
    const exp = Array.from({ length: 40_000 }, () => random.exponential(30));
    expect(meanAndVariance(exp).mean).toBeGreaterThan(29);
    expect(meanAndVariance(exp).mean).toBeLessThan(31);
    const logn = Array.from({ length: 40_000 }, () => random.lognormal(600, 0.7)).sort((a, b) => a - b);
    expect(logn[20_000]! / 600).toBeGreaterThan(0.97);
    expect(logn[20_000]! / 600).toBeLessThan(1.03);
  });

  it('draws weighted items in proportion to their weights', () => {
    const random = new Random(9);
    const w = new Weighted(['a', 'b', 'c'] as const, [1, 3, 0]);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 20_000; i++) counts[w.draw(random)]++;
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.8);
    expect(counts.b / counts.a).toBeLessThan(3.2);
  });
});

describe('demand', () => {
  const city = generateCity({ ...defaultCityOptions, communities: 400, teams: 150 });
  const startMs = Date.parse('2026-03-02T00:00:00+08:00');

  it('arrives per community and service at the city rate, with the campaign on its day', () => {
    const perDay = 600;
    const arrivals = generateArrivals(city, { seed: 1, perDay, days: 7, startMs, urgentShare: 0.1 });
    // A sum of Poisson counts: Poisson with mean perDay × days; within four standard deviations.
    expect(Math.abs(arrivals.length - perDay * 7)).toBeLessThan(4 * Math.sqrt(perDay * 7));
    expect(arrivals.every((a, i) => i === 0 || a.at >= arrivals[i - 1]!.at)).toBe(true);
    expect(arrivals.every((a) => a.at >= startMs && a.at < startMs + 7 * 86_400_000)).toBe(true);

    const share = serviceShares(city.services).get('elderly-visit')!;
    const visits = arrivals.filter((a) => a.serviceCode === 'elderly-visit').length;
    expect(Math.abs(visits - perDay * 7 * share)).toBeLessThan(4 * Math.sqrt(perDay * 7 * share));

    const campaign = generateArrivals(city, {
      seed: 1,
      perDay,
      days: 7,
      startMs,
      urgentShare: 0.1,
      campaign: { day: 3, category: 'elderly-care', factor: 3 },
    });
    const onDay = (list: typeof arrivals, day: number) =>
      list.filter(
        (a) => a.at >= startMs + day * 86_400_000 && a.at < startMs + (day + 1) * 86_400_000 && a.serviceCode.startsWith('elderly-'),
      ).length;
    expect(onDay(campaign, 3) / onDay(arrivals, 3)).toBeGreaterThan(2.5);
    expect(onDay(campaign, 2)).toBe(onDay(arrivals, 2));
  });

  it('is the same for the same seed', () => {
    const a = generateArrivals(city, { seed: 4, perDay: 100, days: 2, startMs, urgentShare: 0.1 });
    const b = generateArrivals(city, { seed: 4, perDay: 100, days: 2, startMs, urgentShare: 0.1 });
    expect(a).toEqual(b);
  });
});
