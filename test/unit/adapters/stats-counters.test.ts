import { readFileSync } from 'node:fs';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoStatsCounters } from '#shared/adapters/dynamo/stats-counters';
import type { FactTally } from '#shared/ports/stats-counters';

const db = mockClient(DynamoDBDocumentClient);
const NOW = '2026-11-30T01:00:00.000Z';
const counters = new DynamoStatsCounters(db as unknown as DynamoDBDocumentClient, 'table', { now: () => new Date(NOW) });
const DAY = '2026-11-29';
const KEDA = ['370902003009', '370902003', '370902'];
const OTHER = ['370902001001', '370902001', '370902'];

const tally = (requestId: string, version: number, overrides: Partial<FactTally> = {}): FactTally => ({
  requestId,
  version,
  day: DAY,
  areaIds: KEDA,
  serviceCode: 'appliance-repair',
  counts: { requests: 1 },
  ...overrides,
});

type Item = Record<string, unknown>;
const id = (item: Item) => `${item.pk}|${item.sk}`;
/** Every item the fold put, by `pk|sk`, after checking that it wrote puts only. */
const puts = (): Map<string, Item> => {
  const requests = db.commandCalls(BatchWriteCommand).flatMap((c) => c.args[0].input.RequestItems!.table!);
  expect(requests.every((r) => r.PutRequest && !r.DeleteRequest)).toBe(true);
  return new Map(requests.map((r) => [id(r.PutRequest!.Item!), r.PutRequest!.Item!]));
};
const readKeys = () => db.commandCalls(BatchGetCommand).flatMap((c) => c.args[0].input.RequestItems!.table!.Keys!);
/** The BatchGet finds these items (and no others). */
const existing = (...items: Item[]) =>
  db.on(BatchGetCommand).callsFake((input) => {
    const wanted = new Set(input.RequestItems.table.Keys.map(id));
    return { Responses: { table: items.filter((i) => wanted.has(id(i))) } };
  });
const serviceDay = (areaId: string, counts: Item, extra: Item = {}) => ({
  pk: `STATS#${areaId}`,
  sk: `${DAY}#appliance-repair`,
  entity: 'StatsServiceDay',
  day: DAY,
  areaId,
  serviceCode: 'appliance-repair',
  ...counts,
  ...extra,
});
const throttled = () => Object.assign(new Error('throttled'), { name: 'ThrottlingException' });

beforeEach(() => {
  db.reset();
  db.on(BatchWriteCommand).resolves({});
});

describe('DynamoStatsCounters.fold', () => {
  it('reads the items it will write (consistently), then puts each whole with the sums of the tallies touching it', async () => {
    existing();
    const outcome = await counters.fold(DAY, [
      tally('r1', 1),
      tally('r2', 3, { counts: { offers: 1, dispatched: 1 }, team: { teamId: 'ruidi', counts: { offers: 1 } } }),
      tally('r3', 1, { areaIds: OTHER }),
    ]);
    // Keda's three levels, the other community's two own levels (its district shared), the team's three.
    expect(outcome).toEqual({ items: 3 + 2 + 3 });
    expect(db.calls().map((c) => c.args[0].constructor.name)).toEqual(['BatchGetCommand', 'BatchWriteCommand']);
    expect(db.commandCalls(BatchGetCommand)[0]!.args[0].input.RequestItems!.table!.ConsistentRead).toBe(true);
    const written = puts();
    expect(readKeys().map(id).sort()).toEqual([...written.keys()].sort());
    expect(readKeys().every((k) => Object.keys(k).sort().join() === 'pk,sk')).toBe(true);

    expect(written.get(`STATS#370902|${DAY}#appliance-repair`)).toEqual({
      ...serviceDay('370902', { requests: 2, offers: 1, dispatched: 1 }),
      foldedAt: NOW,
    });
    expect(written.get(`STATS#370902003009|${DAY}#appliance-repair`)).toEqual({
      ...serviceDay('370902003009', { requests: 1, offers: 1, dispatched: 1 }),
      foldedAt: NOW,
    });
    expect(written.get(`STATS#370902001|${DAY}#appliance-repair`)).toEqual({ ...serviceDay('370902001', { requests: 1 }), foldedAt: NOW });
    expect(written.get(`TEAMLOAD#370902003|${DAY}#ruidi`)).toEqual({
      pk: 'TEAMLOAD#370902003',
      sk: `${DAY}#ruidi`,
      entity: 'StatsTeamDay',
      day: DAY,
      areaId: '370902003',
      teamId: 'ruidi',
      offers: 1,
      foldedAt: NOW,
    });
    expect([...written.keys()].filter((k) => k.startsWith('TEAMLOAD#')).sort()).toEqual(
      KEDA.map((a) => `TEAMLOAD#${a}|${DAY}#ruidi`).sort(),
    );
  });

  it('keeps what an item counted before stored facts, adds to it, and records it as legacy', async () => {
    existing(serviceDay('370902', { requests: 4, accepted: 2 }), { ...serviceDay('370902003', { requests: 1 }), requests: 0 });
    await counters.fold(DAY, [tally('r1', 1), tally('r2', 1, { counts: { requests: 1, accepted: 1 } })]);
    const written = puts();
    expect(written.get(`STATS#370902|${DAY}#appliance-repair`)).toEqual({
      ...serviceDay('370902', { requests: 6, accepted: 3 }),
      foldedAt: NOW,
      legacy: { requests: 4, accepted: 2 },
    });
    // An item that held nothing keeps no legacy part; an item not there before has none either.
    expect(written.get(`STATS#370902003|${DAY}#appliance-repair`)).toEqual({
      ...serviceDay('370902003', { requests: 2, accepted: 1 }),
      foldedAt: NOW,
    });
    expect(written.get(`STATS#370902003009|${DAY}#appliance-repair`)).not.toHaveProperty('legacy');
  });

  it('takes only the legacy part of an item folded before, so folding again over its own output writes the same', async () => {
    existing(
      serviceDay('370902', { requests: 9, accepted: 5 }, { foldedAt: '2026-11-30T00:00:00.000Z', legacy: { requests: 4, accepted: 2 } }),
      serviceDay('370902003', { requests: 7 }, { foldedAt: '2026-11-30T00:00:00.000Z' }),
    );
    const tallies = [tally('r1', 1), tally('r2', 1, { team: { teamId: 'ruidi', counts: { accepted: 1 } } })];
    await counters.fold(DAY, tallies);
    const first = puts();
    expect(first.get(`STATS#370902|${DAY}#appliance-repair`)).toEqual({
      ...serviceDay('370902', { requests: 6, accepted: 2 }),
      foldedAt: NOW,
      legacy: { requests: 4, accepted: 2 },
    });
    expect(first.get(`STATS#370902003|${DAY}#appliance-repair`)).toEqual({ ...serviceDay('370902003', { requests: 2 }), foldedAt: NOW });

    db.reset();
    db.on(BatchWriteCommand).resolves({});
    existing(...first.values());
    await counters.fold(DAY, tallies);
    expect(puts()).toEqual(first);
  });

  it('ignores the tallies of another day', async () => {
    existing();
    const outcome = await counters.fold(DAY, [
      tally('r1', 1),
      tally('r2', 1, { day: '2026-11-28', team: { teamId: 'ruidi', counts: { offers: 1 } } }),
    ]);
    expect(outcome).toEqual({ items: 3 });
    expect([...puts().keys()].sort()).toEqual(KEDA.map((a) => `STATS#${a}|${DAY}#appliance-repair`).sort());
    expect(readKeys().every((k) => String(k.sk).startsWith(DAY))).toBe(true);
    expect(puts().get(`STATS#370902|${DAY}#appliance-repair`)).toMatchObject({ requests: 1 });

    db.reset();
    expect(await counters.fold(DAY, [tally('r3', 1, { day: '2026-11-30' })])).toEqual({ items: 0 });
    expect(db.calls()).toHaveLength(0);
  });

  it('writes more than 25 items in several BatchWrite calls, every item once', async () => {
    existing();
    // Each tally: two service items of its own and three team items; the district's service item shared.
    const spread = Array.from({ length: 18 }, (_, i) =>
      tally(`r${i}`, 1, {
        areaIds: [`370902${String(i + 1).padStart(3, '0')}001`, `370902${String(i + 1).padStart(3, '0')}`, '370902'],
        team: { teamId: `t${i}`, counts: { offers: 1 } },
      }),
    );
    expect(await counters.fold(DAY, spread)).toEqual({ items: 18 * 5 + 1 });
    const calls = db.commandCalls(BatchWriteCommand);
    expect(calls.length).toBe(4);
    for (const call of calls) expect(call.args[0].input.RequestItems!.table!.length).toBeLessThanOrEqual(25);
    expect(calls.reduce((n, c) => n + c.args[0].input.RequestItems!.table!.length, 0)).toBe(18 * 5 + 1);
    expect(puts().size).toBe(18 * 5 + 1);
    expect(puts().get(`STATS#370902|${DAY}#appliance-repair`)).toMatchObject({ requests: 18 });
  });

  it('lets a failure of its read or its write through, and writes nothing on a failed read', async () => {
    db.on(BatchGetCommand).rejects(throttled());
    await expect(counters.fold(DAY, [tally('r1', 1)])).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(db.commandCalls(BatchWriteCommand)).toHaveLength(0);

    db.reset();
    existing();
    db.on(BatchWriteCommand).rejects(throttled());
    await expect(counters.fold(DAY, [tally('r1', 1)])).rejects.toMatchObject({ name: 'ThrottlingException' });
  });
});

describe('DynamoStatsCounters reads', () => {
  it('reads a period of an area in one query on the day range, every page, never a scan', async () => {
    db.on(QueryCommand)
      .resolvesOnce({
        Items: [
          {
            pk: 'STATS#370902',
            sk: '2026-11-01#a',
            day: '2026-11-01',
            serviceCode: 'a',
            entity: 'StatsServiceDay',
            requests: 2,
            other: 'x',
          },
        ],
        LastEvaluatedKey: { pk: 'x' },
      })
      .resolvesOnce({
        Items: [{ pk: 'STATS#370902', sk: '2026-11-02#b', day: '2026-11-02', serviceCode: 'b', accepted: 1, acceptH03: 1 }],
      });
    expect(await counters.serviceDays('370902', '2026-11-01', '2026-11-30', '2026-11-29')).toEqual([
      { day: '2026-11-01', serviceCode: 'a', counts: { requests: 2 } },
      { day: '2026-11-02', serviceCode: 'b', counts: { accepted: 1, acceptH03: 1 } },
    ]);
    expect(db.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :start AND :end',
      ExpressionAttributeValues: { ':pk': 'STATS#370902', ':start': '2026-11-01#', ':end': '2026-11-30#~' },
    });
    expect(readFileSync('shared/adapters/dynamo/stats-counters.ts', 'utf8')).not.toMatch(/Scan/);
  });

  it('reads the team counters of an area', async () => {
    db.on(QueryCommand).resolves({
      Items: [{ pk: 'TEAMLOAD#370902', sk: '2026-11-02#ruidi', day: '2026-11-02', teamId: 'ruidi', offers: 3, accepted: 2, foldedAt: NOW }],
    });
    expect(await counters.teamDays('370902', '2026-11-01', '2026-11-30', '2026-11-29')).toEqual([
      { day: '2026-11-02', teamId: 'ruidi', counts: { offers: 3, accepted: 2 } },
    ]);
    expect(db.commandCalls(QueryCommand)[0]!.args[0].input.ExpressionAttributeValues).toMatchObject({ ':pk': 'TEAMLOAD#370902' });
  });

  it('reads on a day after foldedThrough only what items counted before stored facts', async () => {
    const folded = { foldedAt: NOW };
    db.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'STATS#370902' } }).resolves({
      Items: [
        { pk: 'STATS#370902', sk: '2026-11-01#a', day: '2026-11-01', serviceCode: 'a', requests: 5, ...folded, legacy: { requests: 2 } },
        { pk: 'STATS#370902', sk: '2026-11-02#a', day: '2026-11-02', serviceCode: 'a', requests: 3, ...folded, legacy: { requests: 1 } },
        { pk: 'STATS#370902', sk: '2026-11-02#b', day: '2026-11-02', serviceCode: 'b', requests: 6, ...folded },
        // Counted by the version before stored facts, never folded: all of it is legacy.
        { pk: 'STATS#370902', sk: '2026-11-03#a', day: '2026-11-03', serviceCode: 'a', requests: 4 },
      ],
    });
    db.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'TEAMLOAD#370902' } }).resolves({
      Items: [
        { pk: 'TEAMLOAD#370902', sk: '2026-11-01#t', day: '2026-11-01', teamId: 't', offers: 3, ...folded },
        { pk: 'TEAMLOAD#370902', sk: '2026-11-02#t', day: '2026-11-02', teamId: 't', offers: 3, ...folded, legacy: { offers: 1 } },
      ],
    });
    const expected = [
      { day: '2026-11-01', serviceCode: 'a', counts: { requests: 5 } },
      { day: '2026-11-02', serviceCode: 'a', counts: { requests: 1 } },
      { day: '2026-11-02', serviceCode: 'b', counts: {} },
      { day: '2026-11-03', serviceCode: 'a', counts: { requests: 4 } },
    ];
    expect(await counters.serviceDays('370902', '2026-11-01', '2026-11-03', '2026-11-01')).toEqual(expected);
    expect(await counters.servicePeriod('370902', '2026-11-01', '2026-11-03', '2026-11-01')).toEqual(
      expected.map(({ day, serviceCode, counts }) => ({ span: day, serviceCode, counts })),
    );
    expect(await counters.teamDays('370902', '2026-11-01', '2026-11-03', '2026-11-01')).toEqual([
      { day: '2026-11-01', teamId: 't', counts: { offers: 3 } },
      { day: '2026-11-02', teamId: 't', counts: { offers: 1 } },
    ]);
    // Nothing folded yet: every day gives its legacy part only.
    expect((await counters.serviceDays('370902', '2026-11-01', '2026-11-03', undefined)).map((r) => r.counts)).toEqual([
      { requests: 2 },
      { requests: 1 },
      {},
      { requests: 4 },
    ]);
    // Folded through the last day: each item whole.
    expect((await counters.teamPeriod('370902', '2026-11-01', '2026-11-03', '2026-11-03')).map((r) => r.counts)).toEqual([
      { offers: 3 },
      { offers: 3 },
    ]);
  });
});
