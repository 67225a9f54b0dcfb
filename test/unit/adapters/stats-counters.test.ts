import { readFileSync } from 'node:fs';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoStatsCounters } from '#shared/adapters/dynamo/stats-counters';
import type { FactTally } from '#shared/ports/stats-counters';

const db = mockClient(DynamoDBDocumentClient);
/** The facts' month (November) is going on: no month item is touched. */
const counters = new DynamoStatsCounters(db as unknown as DynamoDBDocumentClient, 'table', { now: () => new Date('2026-11-30T12:00:00Z') });
const KEDA = ['370902003009', '370902003', '370902'];

const tally = (requestId: string, version: number, overrides: Partial<FactTally> = {}): FactTally => ({
  requestId,
  version,
  day: '2026-11-29',
  areaIds: KEDA,
  serviceCode: 'appliance-repair',
  counts: { requests: 1 },
  settles: `fact-v${version}`,
  ...overrides,
});

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

type Item = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
const written = (call = 0): Item[] => db.commandCalls(TransactWriteCommand)[call]!.args[0].input.TransactItems!;
const updates = (items: Item[]) => items.flatMap((i) => (i.Update ? [i.Update] : []));
const added = (update: NonNullable<Item['Update']>) =>
  Object.fromEntries(
    [...update.UpdateExpression!.split(' ADD ')[1]!.matchAll(/(#c\d+) (:c\d+)/g)].map(([, n, v]) => [
      update.ExpressionAttributeNames![n!],
      update.ExpressionAttributeValues![v!],
    ]),
  );

beforeEach(() => db.reset());

describe('DynamoStatsCounters.add', () => {
  it('writes a batch in one transaction: each fact’s outbox message turned into its marker, the counts summed per item', async () => {
    db.on(TransactWriteCommand).resolves({});
    const outcome = await counters.add([
      tally('r1', 1),
      tally('r2', 3, { counts: { offers: 1, dispatched: 1 }, team: { teamId: 'ruidi', counts: { offers: 1 } } }),
      tally('r3', 1, { areaIds: ['370902001001', '370902001', '370902'] }),
    ]);
    expect(outcome).toEqual({ added: 3, duplicates: 0 });
    const items = written();
    const markers = items.slice(0, 3).map((i) => i.Update!);
    expect(markers.map((u) => [u.Key, u.ConditionExpression])).toEqual([
      [{ pk: 'REQ#r1', sk: 'OUTBOX#fact-v1' }, 'attribute_not_exists(#countedAt)'],
      [{ pk: 'REQ#r2', sk: 'OUTBOX#fact-v3' }, 'attribute_not_exists(#countedAt)'],
      [{ pk: 'REQ#r3', sk: 'OUTBOX#fact-v1' }, 'attribute_not_exists(#countedAt)'],
    ]);
    // Out of the relay's index (gsi2), its body dropped, kept past the queues' retention.
    expect(markers[0]!.UpdateExpression).toMatch(/REMOVE #gsi2pk, #gsi2sk, #body/);
    expect(markers[0]!.ExpressionAttributeNames).toMatchObject({ '#countedAt': 'countedAt', '#gsi2pk': 'gsi2pk', '#gsi2sk': 'gsi2sk' });
    expect(markers[0]!.ExpressionAttributeValues![':ttl']).toBeGreaterThan(Date.parse('2026-11-30T12:00:00Z') / 1000 + 30 * 86_400);
    expect(items.filter((i) => i.Put || i.Delete)).toEqual([]);
    const byKey = new Map(updates(items.slice(3)).map((u) => [`${u.Key!.pk}|${u.Key!.sk}`, u]));
    // Keda's three levels, the other community's two own levels (its district shared), the team's three.
    expect(byKey.size).toBe(3 + 2 + 3);
    expect(added(byKey.get('STATS#370902|2026-11-29#appliance-repair')!)).toEqual({ requests: 2, offers: 1, dispatched: 1 });
    expect(added(byKey.get('STATS#370902003009|2026-11-29#appliance-repair')!)).toEqual({
      requests: 1,
      offers: 1,
      dispatched: 1,
    });
    expect(added(byKey.get('TEAMLOAD#370902|2026-11-29#ruidi')!)).toEqual({ offers: 1 });
    expect(byKey.get('STATS#370902|2026-11-29#appliance-repair')!.UpdateExpression).toMatch(/^SET #entity = :entity, .* ADD /);
  });

  it('drops a fact counted before and writes the rest again', async () => {
    db.on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'ConditionalCheckFailed', 'None', 'None', 'None', 'None'))
      .resolves({});
    expect(await counters.add([tally('r1', 1), tally('r2', 1)])).toEqual({ added: 1, duplicates: 1 });
    const retry = written(1);
    expect(retry.filter((i) => i.Update?.ConditionExpression).map((i) => i.Update!.Key!.pk)).toEqual(['REQ#r1']);
    expect(added(updates(retry).find((u) => u.Key!.pk === 'STATS#370902')!)).toEqual({ requests: 1 });
  });

  it('writes nothing more when every fact was counted before, and a copy in the same batch counts once', async () => {
    db.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));
    expect(await counters.add([tally('r1', 1), tally('r1', 1)])).toEqual({ added: 0, duplicates: 2 });
    expect(db.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('retries conflicts, and lets any other cancellation through', async () => {
    db.on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'None', 'TransactionConflict'))
      .resolves({});
    expect(await counters.add([tally('r1', 1)])).toEqual({ added: 1, duplicates: 0 });
    db.reset();
    db.on(TransactWriteCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    await expect(counters.add([tally('r1', 1)])).rejects.toMatchObject({ name: 'ThrottlingException' });
  });

  it('splits a batch whose items would pass the 100 actions of a transaction', async () => {
    db.on(TransactWriteCommand).resolves({});
    // Each fact: its marker, two service items of its own and three team items; the district's service item shared.
    const spread = Array.from({ length: 18 }, (_, i) =>
      tally(`r${i}`, 1, {
        areaIds: [`370902${String(i + 1).padStart(3, '0')}001`, `370902${String(i + 1).padStart(3, '0')}`, '370902'],
        team: { teamId: `t${i}`, counts: { offers: 1 } },
      }),
    );
    expect(await counters.add(spread)).toEqual({ added: 18, duplicates: 0 });
    const calls = db.commandCalls(TransactWriteCommand);
    expect(calls.length).toBeGreaterThan(1);
    for (const call of calls) expect(call.args[0].input.TransactItems!.length).toBeLessThanOrEqual(100);
    const markers = calls.flatMap((c) => c.args[0].input.TransactItems!.filter((i) => i.Update?.ConditionExpression));
    expect(markers.length).toBe(18);
  });

  it('marks the month items of a fact counted after its month is over out of date, in the same transaction', async () => {
    db.on(TransactWriteCommand).resolves({});
    const december = new DynamoStatsCounters(db as unknown as DynamoDBDocumentClient, 'table', {
      now: () => new Date('2026-12-01T00:30:00+08:00'),
    });
    const late = tally('r1', 3, { team: { teamId: 't1', counts: { accepted: 1 } } });
    const current = tally('r2', 1, { day: '2026-12-01', areaIds: ['370902'] });
    expect(await december.add([late, current])).toEqual({ added: 2, duplicates: 0 });
    const items = written();
    const bumps = updates(items).filter((u) => u.UpdateExpression === 'ADD late :one');
    expect(bumps.map((u) => `${u.Key!.pk}|${u.Key!.sk}`).sort()).toEqual(
      KEDA.flatMap((a) => [`STATSM#${a}|2026-11`, `TEAMLOADM#${a}|2026-11`]).sort(),
    );
    const stale = updates(items).find((u) => u.Key!.pk === 'STATSROLLUP')!;
    expect(stale.UpdateExpression).toBe('ADD stale :months');
    expect([...(stale.ExpressionAttributeValues![':months'] as Set<string>)].sort()).toEqual(KEDA.map((a) => `${a}|2026-11`).sort());
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
    expect(await counters.serviceDays('370902', '2026-11-01', '2026-11-30')).toEqual([
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
      Items: [{ pk: 'TEAMLOAD#370902', sk: '2026-11-02#ruidi', day: '2026-11-02', teamId: 'ruidi', offers: 3, accepted: 2 }],
    });
    expect(await counters.teamDays('370902', '2026-11-01', '2026-11-30')).toEqual([
      { day: '2026-11-02', teamId: 'ruidi', counts: { offers: 3, accepted: 2 } },
    ]);
    expect(db.commandCalls(QueryCommand)[0]!.args[0].input.ExpressionAttributeValues).toMatchObject({ ':pk': 'TEAMLOAD#370902' });
  });
});
