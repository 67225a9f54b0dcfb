/**
 * The statistics' monthly roll-ups on DynamoDB Local: months rolled up once over and folded, a
 * period read from them with the same sums as its days, a month not rolled up before its last day
 * is folded, and what the version before stored facts left: a month marked out of date by a late
 * fact, and such a fact landing while its month is being rolled up.
 */
import { PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { MemoryAreas } from '#shared/adapters/memory/reference-data';
import { keys, type ItemKey } from '#shared/adapters/dynamo/keys';
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
const areas = new MemoryAreas(demoAreas.filter((a) => lineage(KEDA).includes(a.id) || QUIET.includes(a.id)));

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
  };
}

/** Folds each day of `tallies` with all of its tallies, as the fold does once a day is over. */
async function foldDays(counters: DynamoStatsCounters, tallies: readonly FactTally[]) {
  for (const day of new Set(tallies.map((t) => t.day))) {
    await counters.fold(
      day,
      tallies.filter((t) => t.day === day),
    );
  }
}

/**
 * What the version before stored facts did for a fact counted after its month was over, in one
 * area: added its counts to the day item (no `foldedAt`: legacy counts), added 1 to `late` on the
 * month items, and put the month on the stale list.
 */
async function oldVersionLateFact(
  db: DynamoDBDocumentClient,
  areaId: string,
  day: string,
  serviceCode: string,
  counts: Record<string, number>,
  team?: { teamId: string; counts: Record<string, number> },
) {
  const tableName = local().stack.tableName;
  const addTo = (key: ItemKey, attributes: Record<string, string>, add: Record<string, number>) => {
    const set = Object.entries(attributes);
    const sums = Object.entries(add);
    return db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: [
          ...(set.length > 0 ? [`SET ${set.map((_, i) => `#a${i} = :a${i}`).join(', ')}`] : []),
          `ADD ${sums.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
        ].join(' '),
        ExpressionAttributeNames: Object.fromEntries([
          ...set.map(([name], i) => [`#a${i}`, name]),
          ...sums.map(([name], i) => [`#c${i}`, name]),
        ]),
        ExpressionAttributeValues: Object.fromEntries([
          ...set.map(([, value], i) => [`:a${i}`, value]),
          ...sums.map(([, n], i) => [`:c${i}`, n]),
        ]),
      }),
    );
  };
  const month = day.slice(0, 7);
  await addTo(keys.statsServiceDay(areaId, day, serviceCode), { entity: 'StatsServiceDay', day, areaId, serviceCode }, counts);
  await addTo(keys.statsServiceMonth(areaId, month), {}, { late: 1 });
  if (team) {
    await addTo(keys.statsTeamDay(areaId, day, team.teamId), { entity: 'StatsTeamDay', day, areaId, teamId: team.teamId }, team.counts);
    await addTo(keys.statsTeamMonth(areaId, month), {}, { late: 1 });
  }
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.statsRollUpProgress,
      UpdateExpression: 'ADD stale :months',
      ExpressionAttributeValues: { ':months': new Set([`${areaId}|${month}`]) },
    }),
  );
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
  it('rolls up every month that is over and folded, once, and a period reads whole months from them with its days’ sums', async () => {
    const { counters, rollUps } = subjects();
    const team = (n: number) => ({ teamId: `team-${n % 3}`, counts: { offers: 1, accepted: n % 2 } });
    const days = ['2026-09-30', '2026-10-01', '2026-10-17', '2026-10-31', '2026-11-01', '2026-11-29', '2026-12-01', '2026-12-04'];
    await foldDays(
      counters,
      days.flatMap((day, i) => [tally(day, { requests: 1, offers: i }, team(i)), tally(day, { requests: 2 }, team(i + 1))]),
    );
    await rollUps.foldedThrough('2026-12-04');

    const visited: string[] = [];
    const spy: StatsRollUps = {
      rollUp: (areaId, month) => (visited.push(`${areaId}|${month}`), rollUps.rollUp(areaId, month)),
      progress: () => rollUps.progress(),
      foldedThrough: (day) => rollUps.foldedThrough(day),
      rolledThrough: (month) => rollUps.rolledThrough(month),
      unmarkStale: (entries) => rollUps.unmarkStale(entries),
      markStale: (entries) => rollUps.markStale(entries),
      markOutdated: (entries) => rollUps.markOutdated(entries),
      refolded: (seen) => rollUps.refolded(seen),
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
    expect(await rollUps.progress()).toEqual({ foldedThrough: '2026-12-04', through: '2026-11', stale: [] });

    for (const areaId of KEDA_AREAS) {
      const period = await counters.servicePeriod(areaId, '2026-09-15', '2026-12-05', '2026-12-04');
      expect(
        period
          .map((r) => r.span)
          .filter((s) => s.length === 7)
          .sort(),
      ).toEqual(['2026-10', '2026-10', '2026-11', '2026-11']);
      const days = await counters.serviceDays(areaId, '2026-09-15', '2026-12-05', '2026-12-04');
      expect(sums(period)).toEqual(sums(days));
      expect(days.reduce((n, r) => n + (r.counts.requests ?? 0), 0)).toBe(3 * 8);
      const teams = await counters.teamPeriod(areaId, '2026-10-01', '2026-11-30', '2026-12-04');
      expect(teams.every((r) => r.span.length === 7)).toBe(true);
      expect(sums(teams)).toEqual(sums(await counters.teamDays(areaId, '2026-10-01', '2026-11-30', '2026-12-04')));
    }

    // The next run has nothing to do.
    const again = await rollUpStats({ rollUps, areas, clock });
    expect(again.months).toEqual([]);
    expect(Object.values(again.outcomes).every((n) => n === 0)).toBe(true);
  });

  it('rolls up a month only once every day of it is folded', async () => {
    const { counters, rollUps } = subjects();
    /** 10:00 on 10 February 2027: December and January are over by the clock. */
    const later: Clock = { now: () => new Date('2027-02-10T02:00:00Z') };
    const street = KEDA_AREAS[1]!;
    await foldDays(counters, [
      tally('2026-12-20', { requests: 3 }, { teamId: 'team-dec', counts: { offers: 1 } }),
      tally('2026-12-31', { requests: 4 }),
      tally('2027-01-15', { requests: 6 }),
    ]);
    // December's last day is not folded yet: neither December nor January is rolled up.
    await rollUps.foldedThrough('2026-12-30');
    const early = await rollUpStats({ rollUps, areas, clock: later });
    expect(early.months).toEqual([]);
    expect(Object.values(early.outcomes).every((n) => n === 0)).toBe(true);
    expect((await rollUps.progress()).through).toBe('2026-11');
    const december = await counters.servicePeriod(street, '2026-12-01', '2026-12-31', '2026-12-30');
    expect(december.length).toBeGreaterThan(0);
    expect(december.every((r) => r.span.length === 10)).toBe(true);

    // The fold passes December's last day: December is rolled up, January still waits.
    await rollUps.foldedThrough('2026-12-31');
    const report = await rollUpStats({ rollUps, areas, clock: later });
    expect(report.months).toEqual(['2026-12']);
    expect(report.outcomes.rolled).toBe(2 * KEDA_AREAS.length);
    expect(await rollUps.progress()).toEqual({ foldedThrough: '2026-12-31', through: '2026-12', stale: [] });
    const rolled = await counters.servicePeriod(street, '2026-12-01', '2026-12-31', '2026-12-31');
    expect(rolled.every((r) => r.span === '2026-12')).toBe(true);
    const days = await counters.serviceDays(street, '2026-12-01', '2026-12-31', '2026-12-31');
    expect(sums(rolled)).toEqual(sums(days));
    expect(days.reduce((n, r) => n + (r.counts.requests ?? 0), 0)).toBe(3 * 2 + 3 + 4);
    expect(sums(await counters.teamPeriod(street, '2026-12-01', '2026-12-31', '2026-12-31'))['team-dec']).toEqual({ offers: 1 });
    const january = await counters.servicePeriod(street, '2027-01-01', '2027-01-31', '2026-12-31');
    expect(january.every((r) => r.span.length === 10)).toBe(true);
  });

  it('reads a month left out of date by the version before stored facts day by day, until the next run rolls it up again', async () => {
    const db = createDocumentClient(local().stack.dynamodb);
    const { counters, rollUps } = subjects(db);
    const street = KEDA_AREAS[1]!;
    const before = sums(await counters.servicePeriod(street, '2026-11-01', '2026-11-30', '2026-12-31'));
    expect(Object.keys(before).length).toBeGreaterThan(0);
    await oldVersionLateFact(db, street, '2026-11-20', 'appliance-repair', { requests: 5 }, { teamId: 'team-late', counts: { offers: 1 } });

    const stale = await counters.servicePeriod(street, '2026-11-01', '2026-11-30', '2026-12-31');
    expect(stale.every((r) => r.span.length === 10)).toBe(true);
    const requests = (rows: Record<string, Record<string, number>>) => Object.values(rows).reduce((n, c) => n + (c.requests ?? 0), 0);
    expect(requests(sums(stale))).toBe(requests(before) + 5);
    expect((await rollUps.progress()).stale).toEqual([`${street}|2026-11`]);

    const report = await rollUpStats({ rollUps, areas, clock });
    expect(report.months).toEqual([]);
    expect(report.stale).toEqual([`${street}|2026-11`]);
    expect(report.outcomes.rolled).toBe(2);
    const rolled = await counters.servicePeriod(street, '2026-11-01', '2026-11-30', '2026-12-31');
    expect(rolled.every((r) => r.span === '2026-11')).toBe(true);
    expect(sums(rolled)).toEqual(sums(stale));
    expect(sums(await counters.teamPeriod(street, '2026-11-01', '2026-11-30', '2026-12-31'))['team-late']).toEqual({ offers: 1 });
    expect((await rollUps.progress()).stale).toEqual([]);
  });

  it('starts a month over when a late fact of the version before stored facts lands between reading its days and writing its sums', async () => {
    const base = createDocumentClient(local().stack.dynamodb);
    const { counters } = subjects(base);
    const community = KEDA;
    // October is rolled up (the first test); a late fact marks it out of date.
    await oldVersionLateFact(base, community, '2026-10-07', 'appliance-repair', { requests: 2 });
    let landed = false;
    let puts = 0;
    const racing = {
      send: async (command: unknown) => {
        if (command instanceof PutCommand && command.input.Item?.pk === `STATSM#${community}`) puts += 1;
        const output = await base.send(command as never);
        // Right after the roll-up's consistent read of the service days: a late fact for the same month lands.
        const serviceDays = command instanceof QueryCommand && command.input.ExpressionAttributeValues?.[':pk'] === `STATS#${community}`;
        if (!landed && serviceDays && command.input.ConsistentRead) {
          landed = true;
          await oldVersionLateFact(base, community, '2026-10-06', 'legal-consultation', { requests: 7 });
        }
        return output;
      },
    } as unknown as DynamoDBDocumentClient;

    const { rollUps } = subjects(racing);
    const outcome = await rollUps.rollUp(community, '2026-10');
    expect(landed).toBe(true);
    expect(outcome.service).toBe('rolled');
    // The first put found `late` moved and the roll-up started over.
    expect(puts).toBe(2);
    const period = await counters.servicePeriod(community, '2026-10-01', '2026-10-31', '2026-12-31');
    expect(period.every((r) => r.span === '2026-10')).toBe(true);
    const days = await counters.serviceDays(community, '2026-10-01', '2026-10-31', '2026-12-31');
    expect(sums(period)).toEqual(sums(days));
    expect(sums(period)['legal-consultation']?.requests).toBeGreaterThanOrEqual(7);
  });
  it('keeps where a fold began and when it moved the mark, for readers; a mark set without a fold leaves that as it was', async () => {
    const { rollUps } = subjects();
    const before = (await rollUps.progress()).foldedThrough;
    await rollUps.foldedThrough('2027-01-05', { from: before });
    expect(await rollUps.progress()).toMatchObject({
      foldedThrough: '2027-01-05',
      foldedMoved: { at: clock.now().toISOString(), ...(before ? { from: before } : {}) },
    });
    await rollUps.foldedThrough('2027-01-06');
    expect(await rollUps.progress()).toMatchObject({ foldedThrough: '2027-01-06', foldedMoved: { at: clock.now().toISOString() } });
    // A mark that would go back is left, with what it says of the move.
    await rollUps.foldedThrough('2027-01-01', { from: '2026-01-01' });
    expect((await rollUps.progress()).foldedMoved?.from).toBe(before);
  });
});
