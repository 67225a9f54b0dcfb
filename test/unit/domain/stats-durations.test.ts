import { describe, expect, it } from 'vitest';
import { defaultCreditRules } from '#shared/domain/credit';
import type { RequestFact } from '#shared/domain/request-fact';
import { kpisOf, sumCounts, tallyOf } from '#shared/domain/stats';

const start = Date.parse('2026-11-29T10:00:00+08:00');
const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();
const base = {
  requestId: 'r',
  serviceCode: 'appliance-repair',
  areaId: '370902003009',
  urgency: 'normal' as const,
  channel: 'api' as const,
  createdAt: at(0),
  clockStart: at(0),
};

/** The counts of acceptances after each of `waits` minutes, and completions after each of `took`. */
function counted(waits: readonly number[], took: readonly number[] = []) {
  const facts: RequestFact[] = [
    ...waits.map(
      (w, i): RequestFact => ({ ...base, requestId: `a${i}`, version: 3, at: at(w), from: 'OFFERED', to: 'ACCEPTED', teamId: 't' }),
    ),
    ...took.map(
      (m, i): RequestFact => ({ ...base, requestId: `c${i}`, version: 4, at: at(m), from: 'ACCEPTED', to: 'COMPLETED', teamId: 't' }),
    ),
  ];
  return sumCounts(facts.map((f) => tallyOf(f, { creditRules: defaultCreditRules }).counts));
}

describe('percentiles of durations', () => {
  it('answers the one duration in its bucket, not a point inside the bucket', () => {
    expect(kpisOf(counted([1441])).timeToAccept).toEqual({ count: 1, meanMinutes: 1441, p50Minutes: 1441, p90Minutes: 1441 });
    expect(kpisOf(counted([125])).timeToAccept).toMatchObject({ p50Minutes: 125, p90Minutes: 125 });
    // The open bucket (over a week) too: its value, not its floor.
    expect(kpisOf(counted([], [20_000])).timeToComplete).toMatchObject({ p50Minutes: 20_000, p90Minutes: 20_000 });
  });

  it('spreads several durations of a bucket evenly around their mean, as widely as the bucket’s bounds allow', () => {
    // 1441 and 1450 in (1440, 2880]: mean 1445.5, spread 1440 to 1451 (not 1440 to 2880, which put the median at 2160).
    expect(kpisOf(counted([1441, 1450, 3])).timeToAccept).toEqual({ count: 3, meanMinutes: 964.7, p50Minutes: 1442.8, p90Minutes: 1449.4 });
    // 1441 and 2800: mean 2120.5, spread 1440 to 2801.
    expect(kpisOf(counted([1441, 2800])).timeToAccept).toMatchObject({ p50Minutes: 2120.5, p90Minutes: 2664.9 });
  });

  it('sums the buckets’ minutes over days like any counter', () => {
    expect(kpisOf(sumCounts([counted([1441]), counted([1450])])).timeToAccept).toMatchObject({ p50Minutes: 1445.5, p90Minutes: 1449.9 });
  });

  it('reads counters from before the buckets’ minutes across the bucket’s bounds, as before, and a period mixing both alike', () => {
    const old = { accepted: 1, acceptMinutes: 1441, acceptH11: 1 };
    expect(kpisOf(old).timeToAccept).toMatchObject({ p50Minutes: 2160, p90Minutes: 2736 });
    expect(kpisOf({ completed: 1, completeMinutes: 20_000, completeH13: 1 }).timeToComplete).toMatchObject({ p50Minutes: 10080 });
    // One acceptance counted before (no minutes) and one after: the minutes known are not the bucket's whole.
    expect(kpisOf(sumCounts([old, counted([1441])])).timeToAccept).toMatchObject({ p50Minutes: 2160, p90Minutes: 2736 });
  });
});
