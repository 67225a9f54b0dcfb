/**
 * The roll-up run's bookkeeping, on a recording StatsRollUps whose outcomes a test chooses (the
 * roll-ups themselves run on DynamoDB Local in test/integration/stats-roll-ups.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { MemoryAreas } from '#shared/adapters/memory/reference-data';
import { lineage, type Area } from '#shared/domain/area';
import type { RollUpOutcome, RollUpProgress, StatsRollUps } from '#shared/ports/stats-counters';
import { demoAreas, KEDA } from '#shared/seed/areas';
import { countedAreas } from '../../support/counted-areas';
import { rollUpStats } from '#shared/use-cases/roll-up-stats';

/** 10:00 on 5 December 2026 in Shanghai: November is over. */
const clock = { now: () => new Date('2026-12-05T02:00:00Z') };
const tree: Area[] = demoAreas.filter((a) => KEDA.startsWith(a.id));
const areas = new MemoryAreas(tree);

class RecordingRollUps implements StatsRollUps {
  readonly calls: string[] = [];
  readonly stale = new Set<string>();
  through?: string;
  /** How far the days are folded: by default through the day before the clock's, as the fold leaves them. */
  folded: string | undefined = '2026-12-04';
  readonly foldedCalls: string[] = [];
  constructor(private readonly outcomeOf: (areaId: string, month: string) => RollUpOutcome | Error) {}
  async rollUp(areaId: string, month: string) {
    this.calls.push(`${areaId}|${month}`);
    const outcome = this.outcomeOf(areaId, month);
    if (outcome instanceof Error) throw outcome;
    return { service: outcome, team: outcome === 'contended' ? 'rolled' : outcome };
  }
  async progress(): Promise<RollUpProgress> {
    return {
      ...(this.folded ? { foldedThrough: this.folded } : {}),
      ...(this.through ? { through: this.through } : {}),
      stale: [...this.stale].sort(),
    };
  }
  async foldedThrough(day: string) {
    this.foldedCalls.push(day);
    if (!this.folded || this.folded < day) this.folded = day;
  }
  async rolledThrough(month: string) {
    this.through = month;
  }
  async refolded() {}
  async unmarkStale(entries: readonly string[]) {
    for (const e of entries) this.stale.delete(e);
  }
  async markStale(entries: readonly string[]) {
    for (const e of entries) this.stale.add(e);
  }
  async markOutdated(entries: readonly string[]) {
    await this.markStale(entries);
  }
}

describe('the roll-up run', () => {
  it('goes on from where the last run stopped, and waits an hour past a month’s end', async () => {
    const rollUps = new RecordingRollUps(() => 'empty');
    rollUps.through = '2026-10';
    expect((await rollUpStats({ rollUps, areas, clock })).months).toEqual(['2026-11']);
    // Half an hour into December, November is not yet rolled up.
    const early = new RecordingRollUps(() => 'empty');
    early.through = '2026-10';
    early.folded = '2026-11-30';
    expect((await rollUpStats({ rollUps: early, areas, clock: { now: () => new Date('2026-11-30T16:30:00Z') } })).months).toEqual([]);
  });

  it('puts a month whose facts kept arriving on the stale list, for the next run', async () => {
    const rollUps = new RecordingRollUps((areaId, month) => (areaId === KEDA && month === '2026-11' ? 'contended' : 'rolled'));
    rollUps.through = '2026-10';
    const report = await rollUpStats({ rollUps, areas, clock });
    expect(report.leftOver).toEqual([`${KEDA}|2026-11`]);
    expect(rollUps.through).toBe('2026-11');
    expect([...rollUps.stale]).toEqual([`${KEDA}|2026-11`]);
  });

  it('rolls up a district the area table leaves out (a city without counties, as 东莞), whose streets count in it', async () => {
    const district = KEDA.slice(0, 6);
    const withoutDistrict = new MemoryAreas(tree.filter((a) => a.id !== district));
    const rollUps = new RecordingRollUps(() => 'rolled');
    rollUps.through = '2026-10';
    await rollUpStats({ rollUps, areas: withoutDistrict, clock });
    expect(rollUps.calls.sort()).toEqual([KEDA, district, KEDA.slice(0, 9)].map((id) => `${id}|2026-11`).sort());
  });

  it('keeps a stale month on the list when rolling it up fails, and says so', async () => {
    const rollUps = new RecordingRollUps((areaId) => (areaId === KEDA ? new Error('throttled') : 'rolled'));
    rollUps.through = '2026-11';
    await rollUps.markStale([`${KEDA}|2026-10`, `${KEDA.slice(0, 9)}|2026-10`, `${KEDA}|2026-12`]);
    await expect(rollUpStats({ rollUps, areas, clock })).rejects.toThrow(/1 stale months could not be rolled up/);
    // The street's month was rolled up and left the list; December is not over yet and was not tried.
    expect([...rollUps.stale].sort()).toEqual([`${KEDA}|2026-10`, `${KEDA}|2026-12`]);
    expect(rollUps.calls.sort()).toEqual([`${KEDA}|2026-10`, `${KEDA.slice(0, 9)}|2026-10`]);
  });

  it('rolls up months only through the one before the month of the first day not folded', async () => {
    const rollUps = new RecordingRollUps(() => 'rolled');
    rollUps.through = '2026-08';
    // November's last day is not folded: October is the last month to roll up.
    rollUps.folded = '2026-11-29';
    const first = await rollUpStats({ rollUps, areas, clock });
    expect(first.months).toEqual(['2026-09', '2026-10']);
    expect(rollUps.calls.some((c) => c.endsWith('|2026-11'))).toBe(false);
    expect(rollUps.through).toBe('2026-10');
    // The fold passes November's last day: the next run rolls November up.
    rollUps.folded = '2026-11-30';
    const second = await rollUpStats({ rollUps, areas, clock });
    expect(second.months).toEqual(['2026-11']);
    expect(rollUps.through).toBe('2026-11');
    // The run never moves the fold's progress itself.
    expect(rollUps.foldedCalls).toEqual([]);
  });

  it('counts the thirteen months of a first run back from the last month folded', async () => {
    const rollUps = new RecordingRollUps(() => 'empty');
    rollUps.folded = '2026-10-15';
    const report = await rollUpStats({ rollUps, areas, clock });
    expect(report.months).toHaveLength(13);
    expect([report.months[0], report.months.at(-1)]).toEqual(['2025-09', '2026-09']);
    expect(rollUps.through).toBe('2026-09');
  });

  it('rolls up no month while no day is folded, and still rolls up the stale ones', async () => {
    const rollUps = new RecordingRollUps(() => 'rolled');
    rollUps.folded = undefined;
    rollUps.through = '2026-09';
    await rollUps.markStale([`${KEDA}|2026-08`]);
    const report = await rollUpStats({ rollUps, areas, clock });
    expect(report.months).toEqual([]);
    expect(rollUps.through).toBe('2026-09');
    expect(report.stale).toEqual([`${KEDA}|2026-08`]);
    expect(rollUps.calls).toEqual([`${KEDA}|2026-08`]);
    expect([...rollUps.stale]).toEqual([]);
    // A first run too.
    const fresh = new RecordingRollUps(() => 'rolled');
    fresh.folded = undefined;
    expect((await rollUpStats({ rollUps: fresh, areas, clock })).months).toEqual([]);
    expect(fresh.calls).toEqual([]);
    expect(fresh.through).toBeUndefined();
  });

  it('reads the areas a level at a time under those with activity, once a run: not the whole table', async () => {
    // The whole of 泰安市 (3,878 areas), with activity in Keda's lineage only.
    const active = new Set(lineage(KEDA));
    const within = (id: string, level: Area['level']) => demoAreas.filter((a) => a.level === level && a.id.startsWith(id));
    const read =
      1 + 1 + within('3709', 'district').length + within('370902', 'street').length + within(KEDA.slice(0, 9), 'community').length;
    for (const through of ['2026-10', undefined]) {
      const counted = countedAreas(new MemoryAreas(demoAreas));
      const rollUps = new RecordingRollUps((areaId) => (active.has(areaId) ? 'rolled' : 'empty'));
      if (through) rollUps.through = through;
      const report = await rollUpStats({ rollUps, areas: counted.areas, clock });
      // The province, its city, the city's districts, Keda's district's streets and Keda's street's
      // communities; the same for thirteen months as for one.
      expect(counted.read).toBe(read);
      expect(counted.read).toBeLessThan(100);
      const month = report.months.at(-1)!;
      const calls = rollUps.calls.filter((c) => c.endsWith(`|${month}`)).map((c) => c.split('|')[0]);
      expect(calls.sort()).toEqual(
        [...within('3709', 'district'), ...within('370902', 'street'), ...within(KEDA.slice(0, 9), 'community')].map((a) => a.id).sort(),
      );
    }
  });
});
