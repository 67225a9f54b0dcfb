import { describe, expect, it } from 'vitest';
import { MemoryStatsCounters } from '#shared/adapters/memory/stats-counters';
import type { FactTally } from '#shared/ports/stats-counters';

const tally = (requestId: string, version: number, day: string, areaIds: readonly string[], rest: Partial<FactTally> = {}): FactTally => ({
  requestId,
  version,
  day,
  areaIds,
  serviceCode: 'appliance-repair',
  counts: { requests: 1 },
  ...rest,
});

describe('MemoryStatsCounters, the statistics in memory', () => {
  it('adds each fact once, however often it comes, and sums the counts of an area, service and day', async () => {
    const counters = new MemoryStatsCounters();
    const areas = ['370902', '370902003'];
    const first = [
      tally('r1', 1, '2026-11-29', areas),
      tally('r1', 2, '2026-11-29', areas, { counts: { offers: 1 }, team: { teamId: 't1', counts: { offers: 1 } } }),
    ];
    expect(counters.add(first)).toEqual({ added: 2, duplicates: 0 });
    const second = tally('r2', 1, '2026-11-29', areas, {
      counts: { requests: 1, offers: 2 },
      team: { teamId: 't1', counts: { accepted: 1 } },
    });
    expect(counters.add([...first, second, { ...second }])).toEqual({ added: 1, duplicates: 3 });
    for (const areaId of areas) {
      expect(await counters.serviceDays(areaId, '2026-11-29', '2026-11-29')).toEqual([
        { day: '2026-11-29', serviceCode: 'appliance-repair', counts: { requests: 2, offers: 3 } },
      ]);
      expect(await counters.teamDays(areaId, '2026-11-29', '2026-11-29')).toEqual([
        { day: '2026-11-29', teamId: 't1', counts: { offers: 1, accepted: 1 } },
      ]);
    }
  });

  it('reads the days from … to, both included, and nothing of other areas', async () => {
    const counters = new MemoryStatsCounters();
    const days = ['2026-10-31', '2026-11-01', '2026-11-15', '2026-11-30', '2026-12-01'];
    counters.add(days.map((day, i) => tally(`r${i}`, 1, day, ['370902'])));
    counters.add([tally('other', 1, '2026-11-15', ['370911'], { serviceCode: 'legal-consultation' })]);
    const read = await counters.servicePeriod('370902', '2026-11-01', '2026-11-30');
    expect(read.map((r) => r.span).sort()).toEqual(['2026-11-01', '2026-11-15', '2026-11-30']);
    expect(read.every((r) => r.serviceCode === 'appliance-repair' && r.counts.requests === 1)).toBe(true);
    expect(await counters.teamPeriod('370902', '2026-11-01', '2026-11-30')).toEqual([]);
  });
});
