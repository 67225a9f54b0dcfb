/**
 * The statistics' monthly roll-ups on DynamoDB Local: months rolled up once over, a period read
 * from them with the same sums as its days, a fact that comes late for a rolled-up month, and a
 * fact that lands while its month is being rolled up.
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { DynamoStatsCounters } from '#shared/adapters/dynamo/stats-counters';
import { DynamoStatsRollUps } from '#shared/adapters/dynamo/stats-months';
import { lineage } from '#shared/domain/area';
import { countingAreas, sumCounts } from '#shared/domain/stats';
import type { Clock } from '#shared/ports/clock';
import type { FactTally, StatsRollUps } from '#shared/ports/stats-counters';
import { demoAreas, HUAYUAN, KEDA } from '#shared/seed/areas';
import { rollUpStats } from '#shared/use-cases/roll-up-stats';
import { useLocalStack } from '../support/local-stack';

const local = useLocalStack({ seed: false });
/** 10:00 on 5 December 2026 in Shanghai. */
const clock: Clock = { now: () => new Date('2026-12-05T02:00:00Z') };
/** Where a fact in Keda counts: Keda and each area above it up to the district (a city and a province keep none). */
const KEDA_AREAS = countingAreas(KEDA);
/** Keda's lineage with the province, and a street beside Keda's with one of its communities, which never have counters. */
const QUIET = [HUAYUAN, HUAYUAN.slice(0, 9)];
const areas = { subtree: async () => demoAreas.filter((a) => lineage(KEDA).includes(a.id) || QUIET.includes(a.id)) };

let sequence = 0;
function tally(day: string, counts: Record<string, number>, team?: FactTally['team']): FactTally {
  sequence += 1;
  return {
    requestId: `rollup-${sequence}`,
    version: 1,
    day,
    areaIds: KEDA_AREAS,
    serviceCode: sequence % 2 ? 'appliance-repair' : 'legal-consultation',
    counts,
    ...(team ? { team } : {}),
    settles: 'fact-v1',
  };
}

const subjects = (db?: DynamoDBDocumentClient) => {
  const client = db ?? createDocumentClient(local().stack.dynamodb);
  return {
    counters: new DynamoStatsCounters(client, local().stack.tableName, clock),
    rollUps: new DynamoStatsRollUps(client, local().stack.tableName, clock),
  };
};

/** The sums of an area's rows by what they count, whatever span each row covers. */
const sums = (rows: ReadonlyArray<{ serviceCode?: string; teamId?: string; counts: Record<string, number> }>) => {
  const out = new Map<string, Record<string, number>[]>();
  for (const row of rows) {
    const what = row.serviceCode ?? row.teamId ?? '';
    out.set(what, [...(out.get(what) ?? []), row.counts]);
  }
  return Object.fromEntries([...out].sort(([a], [b]) => a.localeCompare(b)).map(([what, counts]) => [what, sumCounts(counts)]));
};

describe('monthly roll-ups of the statistics counters', () => {
  // The tests share the table's one progress item, so they run in order.
  it('rolls up every month that is over, once, and a period reads whole months from them with its days’ sums', async () => {
    const { counters, rollUps } = subjects();
    const team = (n: number) => ({ teamId: `team-${n % 3}`, counts: { offers: 1, accepted: n % 2 } });
    const days = ['2026-09-30', '2026-10-01', '2026-10-17', '2026-10-31', '2026-11-01', '2026-11-29', '2026-12-01', '2026-12-04'];
    await counters.add(
      days.flatMap((day, i) => [tally(day, { requests: 1, offers: i }, team(i)), tally(day, { requests: 2 }, team(i + 1))]),
    );

    const visited: string[] = [];
    const spy: StatsRollUps = {
      rollUp: (areaId, month) => (visited.push(`${areaId}|${month}`), rollUps.rollUp(areaId, month)),
      progress: () => rollUps.progress(),
      rolledThrough: (month) => rollUps.rolledThrough(month),
      unmarkStale: (entries) => rollUps.unmarkStale(entries),
      markStale: (entries) => rollUps.markStale(entries),
    };
    const report = await rollUpStats({ rollUps: spy, areas, clock });
    // Thirteen months up to November (December is going on); September to November had counters.
    expect(report.months).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
    expect(report.outcomes.rolled).toBe(3 * KEDA_AREAS.length * 2);
    expect(report.leftOver).toEqual([]);
    // Below a quiet area nothing is visited: the district alone in a quiet month (the province and
    // the city, which keep no counters, are passed through); the quiet street in the months its
    // district had counters, and its community never.
    expect(visited.filter((v) => v.endsWith('|2026-08'))).toEqual([`${KEDA_AREAS.at(-1)}|2026-08`]);
    expect(visited.filter((v) => v.startsWith(QUIET[1]!)).sort()).toEqual(['2026-09', '2026-10', '2026-11'].map((m) => `${QUIET[1]}|${m}`));
    expect(visited.filter((v) => v.startsWith(HUAYUAN))).toEqual([]);
    expect(await rollUps.progress()).toEqual({ through: '2026-11', stale: [] });

    for (const areaId of KEDA_AREAS) {
      const period = await counters.servicePeriod(areaId, '2026-09-15', '2026-12-05');
      expect(
        period
          .map((r) => r.span)
          .filter((s) => s.length === 7)
          .sort(),
      ).toEqual(['2026-10', '2026-10', '2026-11', '2026-11']);
      expect(sums(period)).toEqual(sums(await counters.serviceDays(areaId, '2026-09-15', '2026-12-05')));
      const teams = await counters.teamPeriod(areaId, '2026-10-01', '2026-11-30');
      expect(teams.every((r) => r.span.length === 7)).toBe(true);
      expect(sums(teams)).toEqual(sums(await counters.teamDays(areaId, '2026-10-01', '2026-11-30')));
    }

    // The next run has nothing to do.
    const again = await rollUpStats({ rollUps, areas, clock });
    expect(again.months).toEqual([]);
    expect(Object.values(again.outcomes).every((n) => n === 0)).toBe(true);
  });

  it('reads a month day by day again when a fact comes late for it, until the next run rolls it up again', async () => {
    const { counters, rollUps } = subjects();
    const street = KEDA_AREAS[1]!;
    const before = sums(await counters.servicePeriod(street, '2026-11-01', '2026-11-30'));
    await counters.add([tally('2026-11-20', { requests: 5 }, { teamId: 'team-late', counts: { offers: 1 } })]);

    const stale = await counters.servicePeriod(street, '2026-11-01', '2026-11-30');
    expect(stale.every((r) => r.span.length === 10)).toBe(true);
    const requests = (rows: Record<string, Record<string, number>>) => Object.values(rows).reduce((n, c) => n + (c.requests ?? 0), 0);
    expect(requests(sums(stale))).toBe(requests(before) + 5);
    expect((await rollUps.progress()).stale).toEqual(KEDA_AREAS.map((a) => `${a}|2026-11`).sort());

    const report = await rollUpStats({ rollUps, areas, clock });
    expect(report.months).toEqual([]);
    expect(report.stale).toHaveLength(KEDA_AREAS.length);
    expect(report.outcomes.rolled).toBe(2 * KEDA_AREAS.length);
    const rolled = await counters.servicePeriod(street, '2026-11-01', '2026-11-30');
    expect(rolled.every((r) => r.span === '2026-11')).toBe(true);
    expect(sums(rolled)).toEqual(sums(stale));
    expect(sums(await counters.teamPeriod(street, '2026-11-01', '2026-11-30'))['team-late']).toEqual({ offers: 1 });
    expect((await rollUps.progress()).stale).toEqual([]);
  });

  it('starts a month over when a fact lands between reading its days and writing its sums', async () => {
    const base = createDocumentClient(local().stack.dynamodb);
    const { counters } = subjects(base);
    const community = KEDA;
    await counters.add([tally('2026-10-05', { requests: 1 })]);
    // Mark October out of date, as a late fact does, and note what the roll-up then reads.
    const { rollUps: plain } = subjects(base);
    await plain.rollUp(community, '2026-10');
    let landed = false;
    const racing = {
      send: async (command: unknown) => {
        const output = await base.send(command as never);
        // Right after the roll-up's consistent read of the days: a late fact for the same month lands.
        if (!landed && command instanceof QueryCommand && command.input.ConsistentRead) {
          landed = true;
          await counters.add([tally('2026-10-06', { requests: 7 })]);
        }
        return output;
      },
    } as unknown as DynamoDBDocumentClient;
    await counters.add([tally('2026-10-07', { requests: 2 })]);

    const { rollUps } = subjects(racing);
    const outcome = await rollUps.rollUp(community, '2026-10');
    expect(landed).toBe(true);
    expect(outcome.service).toBe('rolled');
    const period = await counters.servicePeriod(community, '2026-10-01', '2026-10-31');
    expect(period.every((r) => r.span === '2026-10')).toBe(true);
    expect(sums(period)).toEqual(sums(await counters.serviceDays(community, '2026-10-01', '2026-10-31')));
  });
});
