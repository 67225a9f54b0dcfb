import { describe, expect, it } from 'vitest';
import { memoryDeps } from '#shared/adapters/memory/deps';
import { KEDA } from '../../support/fixtures';
import { submittedFact } from '../../support/submitted-fact';
import type { RollUpProgress, ServiceDay } from '#shared/ports/stats-counters';
import { currentStats, FOLD_SETTLE_MS, READ_AGAIN_MS } from '#shared/use-cases/current-stats';

const fact = submittedFact;

function harness(foldedThrough: string, stored: ServiceDay[], foldedMoved?: RollUpProgress['foldedMoved']) {
  let now = new Date('2026-12-06T04:00:00Z');
  const mem = memoryDeps({ clock: { now: () => now } });
  const reads = { progress: 0, facts: 0, asked: [] as Array<string | undefined> };
  const reader = currentStats({
    counters: {
      serviceDays: async (_area, from, to, f) => {
        reads.asked.push(f);
        return stored.filter((r) => r.day >= from && r.day <= to);
      },
      teamDays: async () => [],
      servicePeriod: async () => [],
      teamPeriod: async () => [],
    },
    facts: {
      ofDay: async (day, areaId) => {
        reads.facts++;
        return mem.requests.facts.ofDay(day, areaId);
      },
    },
    rollUps: {
      progress: async () => {
        reads.progress++;
        return { foldedThrough, stale: [], ...(foldedMoved ? { foldedMoved } : {}) };
      },
    },
    catalog: mem.catalog,
    credits: mem.credits,
    clock: mem.clock,
  });
  return { reader, mem, reads, later: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

describe('currentStats', () => {
  it('takes folded days from the counters, and the days after from their facts beside what the counters held before', async () => {
    const { reader, mem, reads } = harness('2026-12-04', [
      { day: '2026-12-04', serviceCode: 'appliance-repair', counts: { requests: 3 } },
      // A day not folded: the counters answer only the part counted before stored facts.
      { day: '2026-12-05', serviceCode: 'appliance-repair', counts: { requests: 2 } },
    ]);
    mem.requests.facts.add(
      fact('a', '2026-12-04'),
      fact('b', '2026-12-05'),
      fact('c', '2026-12-06'),
      fact('d', '2026-12-06', '370911001005'),
    );
    const rows = await reader.serviceDays('370902', '2026-12-01', '2026-12-06');
    expect(rows.map((r) => [r.day, r.serviceCode, r.counts.requests]).sort()).toEqual([
      ['2026-12-04', 'appliance-repair', 3],
      ['2026-12-05', 'appliance-repair', 3],
      ['2026-12-06', 'appliance-repair', 1],
    ]);
    expect(reads.asked).toEqual(['2026-12-04']);
  });

  it('takes a day folded seconds ago from its facts, while a query may not show its new counters yet; then from the counters', async () => {
    // Folded a moment ago, from 2026-12-03 on; the query still answers the day's counters as they were: none.
    const foldedAt = new Date('2026-12-06T03:59:58Z').toISOString();
    const { reader, mem, reads, later } = harness('2026-12-04', [], { at: foldedAt, from: '2026-12-03' });
    mem.requests.facts.add(fact('a', '2026-12-04'), fact('b', '2026-12-04'));
    const soon = await reader.serviceDays(KEDA, '2026-12-04', '2026-12-04');
    expect(soon.map((r) => [r.day, r.counts.requests])).toEqual([['2026-12-04', 2]]);
    expect(reads.asked).toEqual(['2026-12-03']);
    later(FOLD_SETTLE_MS);
    await reader.serviceDays(KEDA, '2026-12-04', '2026-12-04');
    expect(reads.asked).toEqual(['2026-12-03', '2026-12-04']);
  });

  it('reads the same area again within seconds from what it read, then afresh', async () => {
    const { reader, mem, reads, later } = harness('2026-12-05', []);
    mem.requests.facts.add(fact('a', '2026-12-06'));
    await reader.serviceDays(KEDA, '2026-12-06', '2026-12-06');
    mem.requests.facts.add(fact('b', '2026-12-06'));
    const again = await reader.serviceDays(KEDA, '2026-12-06', '2026-12-06');
    expect(again[0]!.counts.requests).toBe(1);
    expect(reads).toMatchObject({ progress: 1, facts: 1 });
    later(READ_AGAIN_MS);
    const fresh = await reader.serviceDays(KEDA, '2026-12-06', '2026-12-06');
    expect(fresh[0]!.counts.requests).toBe(2);
    expect(reads).toMatchObject({ progress: 2, facts: 2 });
  });
});
