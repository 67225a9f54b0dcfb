/**
 * Stored facts and the fold on DynamoDB Local: a change's fact is written with it or not at all,
 * the statistics read the same before and after a day is folded (and after folding it again),
 * and what the version before stored facts counted (legacy counter items, a fact it left in the
 * outbox) is kept.
 */
import { randomInt } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { DynamoRequestRepository } from '#shared/adapters/dynamo/request-repository';
import { counterItemRecord, counterItems } from '#shared/adapters/dynamo/stats-counters';
import { factItem } from '#shared/adapters/dynamo/stats-facts';
import { IllegalTransitionError } from '#shared/domain/errors';
import { factOf, type RequestFact } from '#shared/domain/request-fact';
import { statusEvent } from '#shared/domain/service-request';
import { addDays, statsDay } from '#shared/domain/stats-calendar';
import { systemClock } from '#shared/ports/clock';
import { FACT_DAYS } from '#shared/ports/stats-facts';
import type { FactTally } from '#shared/ports/stats-counters';
import { currentStats } from '#shared/use-cases/current-stats';
import { foldDay, foldStats } from '#shared/use-cases/fold-stats';
import { statsCounters, statsFacts, statsRollUps } from '#shared/wiring/composition';
import { requestFixture } from '../support/fixtures';
import { legacyOutboxItem } from '../support/legacy-outbox';
import { useLocalStack } from '../support/local-stack';

const local = useLocalStack({ seed: false });
const db = () => createDocumentClient(local().stack.dynamodb);
const tableName = () => local().stack.tableName;
const parts = () => {
  const facts = statsFacts(tableName(), db());
  const counters = statsCounters(tableName(), db());
  const rollUps = statsRollUps(tableName(), db());
  const { catalog, credits } = local().adapters;
  return {
    facts,
    counters,
    rollUps,
    catalog,
    credits,
    reads: currentStats({ facts, counters, rollUps, catalog, credits, clock: systemClock }),
  };
};
/** A community of a district of its own, so each test counts apart (area codes are digits): never the same twice in a run. */
let nextDistrict = randomInt(1000, 9900);
const community = () => `41${String(nextDistrict++)}001001`;
const daysAgo = (n: number) => addDays(statsDay(new Date()), -n);
const atNoon = (day: string) => new Date(`${day}T12:00:00+08:00`).toISOString();

function fact(areaId: string, day: string, to: RequestFact['to'], version = 1): RequestFact {
  const at = atNoon(day);
  const request = requestFixture({ areaId, createdAt: at, updatedAt: at, status: to, version });
  return { ...factOf(undefined, request), at };
}

describe('stored facts', () => {
  it('stores a change’s fact in its own write, found by its day and by any area it lies in', async () => {
    const { requests } = local().adapters;
    const { facts } = parts();
    const request = requestFixture({ areaId: community() });
    await requests.create({ request, events: [], outbox: [] });
    const day = statsDay(request.createdAt);
    const district = request.areaId.slice(0, 6);
    for (const area of [request.areaId, request.areaId.slice(0, 9), district, undefined])
      expect((await facts.ofDay(day, area)).filter((f) => f.requestId === request.id).map((f) => [f.version, f.to])).toEqual([
        [1, 'SUBMITTED'],
      ]);
    // Another district of the same city, never this one (a random community may end in 99).
    const other = `${district.slice(0, 4)}${district.endsWith('99') ? '98' : '99'}`;
    const ours = (found: readonly RequestFact[]) => found.filter((f) => f.requestId === request.id);
    expect(ours(await facts.ofDay(day, other))).toEqual([]);
    expect(ours(await facts.ofDay(addDays(day, -1), district))).toEqual([]);
  });

  it('stores no fact for a change that did not happen', async () => {
    const { requests } = local().adapters;
    const { facts } = parts();
    const request = requestFixture({ areaId: community() });
    await requests.create({ request, events: [], outbox: [] });
    const stale = { ...request, version: 7 };
    const after = { ...request, status: 'CANCELLED' as const, version: 8 };
    await expect(
      requests.changeStatus({
        before: stale,
        after,
        event: statusEvent(after, { zh: '已取消', en: 'Cancelled' }, 'system'),
      }),
    ).rejects.toThrow(IllegalTransitionError);
    expect((await facts.ofDay(statsDay(request.createdAt), request.areaId)).map((f) => f.version)).toEqual([1]);
  });
  it('stores a fact in its day’s partition, with no index entry', async () => {
    const { requests } = local().adapters;
    const request = requestFixture({ areaId: community() });
    await requests.create({ request, events: [], outbox: [] });
    const day = statsDay(request.createdAt);
    const item = (
      await db().send(new GetCommand({ TableName: tableName(), Key: { pk: `FACTS#${day}`, sk: `${request.areaId}#${request.id}#v0001` } }))
    ).Item;
    expect(item?.body).toMatchObject({ requestId: request.id, version: 1, to: 'SUBMITTED' });
    expect(item?.ttl).toBe(Math.floor(Date.parse(request.createdAt) / 1000) + FACT_DAYS * 86_400);
    expect(Object.keys(item ?? {}).filter((name) => name.startsWith('gsi'))).toEqual([]);
  });

  // Upgrade shim, remove after 2027-01-16: facts written before 2026-12-07 lie beside their request, on gsi2.
  it('finds a fact written beside its request before 2026-12-07 by its day and area, and counts it once', async () => {
    const { facts, counters, catalog, credits, reads } = parts();
    const area = community();
    const day = daysAgo(2);
    const old = fact(area, day, 'SUBMITTED');
    // As the version before wrote it: `REQ#<id>` / `STATFACT#v<version>`, indexed on gsi2 by day and area.
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          pk: `REQ#${old.requestId}`,
          sk: 'STATFACT#v0001',
          gsi2pk: `FACTS#${day}`,
          gsi2sk: `${area}#${old.requestId}#v0001`,
          entity: 'RequestFact',
          body: old,
          ttl: Math.floor(Date.parse(old.at) / 1000) + FACT_DAYS * 86_400,
        },
      }),
    );
    const now = fact(area, day, 'SUBMITTED');
    await db().send(new PutCommand({ TableName: tableName(), Item: factItem(now) }));
    for (const where of [area, area.slice(0, 6), undefined])
      expect(
        (await facts.ofDay(day, where))
          .filter((f) => [old.requestId, now.requestId].includes(f.requestId))
          .map((f) => f.requestId)
          .sort(),
      ).toEqual([old.requestId, now.requestId].sort());
    expect((await reads.serviceDays(area, day, day)).map((r) => r.counts.requests)).toEqual([2]);
    await foldDay({ facts, counters, catalog, credits }, day);
    const counted = await counters.servicePeriod(area, day, day, day);
    expect(counted.map((r) => r.counts.requests)).toEqual([2]);
  });
});

describe('the fold of a day', () => {
  it('reads the same before and after the day is folded, and after folding it again, with what was counted before stored facts', async () => {
    const { facts, counters, rollUps, catalog, credits, reads } = parts();
    const area = community();
    const district = area.slice(0, 6);
    const day = daysAgo(3);
    // Counted by the version before stored facts: an item with no `foldedAt`.
    const legacy: FactTally = {
      requestId: 'old',
      version: 1,
      day,
      areaIds: [area, district],
      serviceCode: 'appliance-repair',
      counts: { requests: 2 },
    };
    for (const item of counterItems([legacy]).values())
      await db().send(new PutCommand({ TableName: tableName(), Item: counterItemRecord(item) }));
    for (const f of [fact(area, day, 'SUBMITTED'), fact(area, day, 'SUBMITTED'), fact(area, daysAgo(2), 'SUBMITTED')])
      await db().send(new PutCommand({ TableName: tableName(), Item: factItem(f) }));

    const read = async () =>
      Object.fromEntries((await reads.serviceDays(district, daysAgo(4), daysAgo(0))).map((r) => [r.day, r.counts.requests]));
    const expected = { [day]: 4, [daysAgo(2)]: 1 };
    expect(await read()).toEqual(expected);
    await foldDay({ facts, counters, catalog, credits }, day);
    // Folded but not yet marked: the item's legacy part and the facts.
    expect(await read()).toEqual(expected);
    const item = (
      await db().send(new GetCommand({ TableName: tableName(), Key: { pk: `STATS#${district}`, sk: `${day}#appliance-repair` } }))
    ).Item;
    expect(item).toMatchObject({ requests: 4, legacy: { requests: 2 } });
    await rollUps.foldedThrough(day);
    expect(await read()).toEqual(expected);
    await foldDay({ facts, counters, catalog, credits }, day);
    expect(await read()).toEqual(expected);
    expect((await reads.servicePeriod(district, daysAgo(4), daysAgo(0))).reduce((n, r) => n + (r.counts.requests ?? 0), 0)).toBe(5);
  });

  it('counts a fact the version before stored facts left in the outbox: the relay moves it to the facts', async () => {
    const { facts, counters, catalog, credits, reads } = parts();
    const area = community();
    const request = requestFixture({ areaId: area });
    const old = fact(area, statsDay(request.createdAt), 'SUBMITTED');
    const legacyMessage = {
      id: 'fact-v1',
      requestId: request.id,
      queue: 'stats',
      body: { ...old, requestId: request.id },
      dueAt: new Date(Date.now() - 60_000).toISOString(),
    };
    // Written as that version wrote it: an outbox message for the `stats` queue, beside its request.
    await new DynamoRequestRepository(db(), tableName()).create({ request, events: [], outbox: [] });
    await db().send(new PutCommand({ TableName: tableName(), Item: legacyOutboxItem(legacyMessage) }));
    const { outbox } = local().adapters;
    expect((await outbox.due(new Date(Date.now() + 86_400_000).toISOString(), 1000)).map((m) => m.id)).not.toContain('fact-v1');
    const day = statsDay(old.at);
    // Moved in one write: the outbox item gone, the fact in its day's partition.
    const get = async (Key: Record<string, string>) => (await db().send(new GetCommand({ TableName: tableName(), Key }))).Item;
    expect(await get({ pk: `REQ#${request.id}`, sk: 'OUTBOX#fact-v1' })).toBeUndefined();
    expect((await get({ pk: `FACTS#${day}`, sk: `${area}#${request.id}#v0001` }))?.body).toEqual({ ...old, requestId: request.id });
    expect((await facts.ofDay(day, area)).map((f) => f.requestId)).toEqual([request.id]);
    expect((await reads.serviceDays(area, day, day)).map((r) => r.counts.requests)).toEqual([1]);
    await foldDay({ facts, counters, catalog, credits }, day);
    expect((await reads.serviceDays(area, day, day)).map((r) => r.counts.requests)).toEqual([1]);
  });

  it('counts a fact the version before stored facts left in the outbox, due after its day is folded: the fold adopts it first', async () => {
    const { facts, counters, rollUps, catalog, credits, reads } = parts();
    const area = community();
    const request = requestFixture({ areaId: area });
    const day = daysAgo(1);
    const old = { ...fact(area, day, 'SUBMITTED'), requestId: request.id };
    // Backed off by the old relay: due in two hours, when the fold of its day has run.
    const legacyMessage = {
      id: 'fact-v1',
      requestId: request.id,
      queue: 'stats',
      body: old,
      dueAt: new Date(Date.now() + 7_200_000).toISOString(),
    };
    await new DynamoRequestRepository(db(), tableName()).create({ request, events: [], outbox: [] });
    await db().send(new PutCommand({ TableName: tableName(), Item: legacyOutboxItem(legacyMessage) }));
    const tomorrow = { now: () => new Date(Date.now() + 86_400_000 + 7_200_000) };
    const report = await foldStats({ facts, counters, rollUps, catalog, credits, clock: tomorrow });
    expect(report.days).toContain(day);
    expect((await rollUps.progress()).foldedThrough! >= day).toBe(true);
    expect(
      (await local().adapters.outbox.due(new Date(Date.now() + 86_400_000).toISOString(), 1000)).map((m) => m.requestId),
    ).not.toContain(request.id);
    expect((await reads.serviceDays(area, day, day)).map((r) => r.counts.requests)).toEqual([1]);
  });

  it('folds again a folded day that the relay moved a fact of the version before stored facts to', async () => {
    const { facts, counters, rollUps, catalog, credits, reads } = parts();
    const area = community();
    const request = requestFixture({ areaId: area });
    const day = daysAgo(2);
    const tomorrow = { now: () => new Date(Date.now() + 86_400_000 + 7_200_000) };
    await new DynamoRequestRepository(db(), tableName()).create({ request, events: [], outbox: [] });
    await foldStats({ facts, counters, rollUps, catalog, credits, clock: tomorrow });
    expect((await rollUps.progress()).foldedThrough! >= day).toBe(true);
    // Left by the old relay after that fold, and met by the new relay, which moves it to its day.
    const old = { ...fact(area, day, 'SUBMITTED'), requestId: request.id };
    const legacyMessage = { id: 'fact-v1', requestId: request.id, queue: 'stats', body: old, dueAt: new Date().toISOString() };
    await db().send(new PutCommand({ TableName: tableName(), Item: legacyOutboxItem(legacyMessage) }));
    await local().adapters.outbox.due(new Date(Date.now() + 60_000).toISOString(), 1000);
    expect((await facts.ofDay(day, area)).map((f) => f.requestId)).toEqual([request.id]);
    expect((await rollUps.progress()).refold?.[day]).toBe(2);
    const report = await foldStats({ facts, counters, rollUps, catalog, credits, clock: tomorrow });
    expect(report.refolded).toContain(day);
    expect((await reads.serviceDays(area, day, day)).map((r) => r.counts.requests)).toEqual([1]);
    expect((await rollUps.progress()).refold?.[day]).toBeUndefined();
  });

  it('reads a month whose days changed after its roll-up day by day once marked out of date, until it is rolled up again', async () => {
    const { counters, rollUps } = parts();
    const district = community().slice(0, 6);
    const day = '2025-06-10';
    const tally = (requestId: string): FactTally => ({
      requestId,
      version: 1,
      day,
      areaIds: [district],
      serviceCode: 'appliance-repair',
      counts: { requests: 1 },
    });
    const period = async () =>
      (await counters.servicePeriod(district, '2025-06-01', '2025-06-30', '2025-12-31')).map((r) => [r.span, r.counts.requests]);
    await counters.fold(day, [tally('a')]);
    expect((await rollUps.rollUp(district, '2025-06')).service).toBe('rolled');
    expect(await period()).toEqual([['2025-06', 1]]);
    // A fact of the version before stored facts adopted and folded into the day after the month was rolled up.
    await counters.fold(day, [tally('a'), tally('b')]);
    await rollUps.markOutdated([`${district}|2025-06`]);
    expect(await period()).toEqual([[day, 2]]);
    expect((await rollUps.progress()).stale).toContain(`${district}|2025-06`);
    expect((await rollUps.rollUp(district, '2025-06')).service).toBe('rolled');
    expect(await period()).toEqual([['2025-06', 2]]);
  });
});
