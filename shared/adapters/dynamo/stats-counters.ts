/**
 * The StatsCounters port on the single table. A day is folded once it is over: its counter
 * items are put whole, each with the sums of the day's facts that touch it (`counterItems`) and
 * `foldedAt`, so folding a day again writes the same. Items counted by the version before stored
 * facts (no `foldedAt`: an upgrade's day) are `legacy`: the fold reads each item first, adds its
 * sums to what such an item held, and keeps that part apart (`legacy`), so that a reader of a day
 * not yet folded counts only that part beside the facts.
 * Reading days is one Query per area partition, with a sort-key range on the day; reading a
 * period reads whole months from their roll-ups where current (`stats-months.ts`).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Counts } from '#shared/domain/stats';
import { systemClock, type Clock } from '#shared/ports/clock';
import type { FactTally, FoldOutcome, ServiceDay, ServiceSpan, StatsCounters, TeamDay, TeamSpan } from '#shared/ports/stats-counters';
import { batchGetAll, batchWriteAll } from './batch';
import { keys, type ItemKey } from './keys';
import { counterKinds, countsAt, queryDays, readPeriod } from './stats-months';

/** One counter item and what to add to it: its key, entity, descriptive attributes and counts. */
export interface CounterItem {
  readonly key: ItemKey;
  readonly entity: 'StatsServiceDay' | 'StatsTeamDay';
  readonly attributes: Readonly<Record<string, string>>;
  readonly counts: Record<string, number>;
}

export class DynamoStatsCounters implements StatsCounters {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock = systemClock,
  ) {}

  async fold(day: string, tallies: readonly FactTally[]): Promise<FoldOutcome> {
    const items = [...counterItems(tallies.filter((t) => t.day === day)).values()];
    const before = await this.legacyCounts(items.map((i) => i.key));
    const foldedAt = this.clock.now().toISOString();
    const puts = items.map((item) => {
      const legacy = before.get(`${item.key.pk}|${item.key.sk}`) ?? {};
      const counts = { ...legacy };
      for (const [name, n] of Object.entries(item.counts)) counts[name] = (counts[name] ?? 0) + n;
      const record = { ...counterItemRecord({ ...item, counts }), foldedAt, ...(Object.keys(legacy).length > 0 ? { legacy } : {}) };
      return { PutRequest: { Item: record } };
    });
    await batchWriteAll(this.db, this.tableName, puts);
    return { items: puts.length };
  }

  async serviceDays(areaId: string, from: string, to: string, foldedThrough: string | undefined): Promise<ServiceDay[]> {
    const { service } = counterKinds;
    const items = await queryDays(this.db, this.tableName, service.dayPartition(areaId), { from, to });
    return items.map((item) => ({
      day: String(item.day),
      serviceCode: String(item.serviceCode),
      counts: countsAt(item, service.names, foldedThrough),
    }));
  }

  async teamDays(areaId: string, from: string, to: string, foldedThrough: string | undefined): Promise<TeamDay[]> {
    const { team } = counterKinds;
    const items = await queryDays(this.db, this.tableName, team.dayPartition(areaId), { from, to });
    return items.map((item) => ({ day: String(item.day), teamId: String(item.teamId), counts: countsAt(item, team.names, foldedThrough) }));
  }

  async servicePeriod(areaId: string, from: string, to: string, foldedThrough: string | undefined): Promise<ServiceSpan[]> {
    const rows = await readPeriod(this.db, this.tableName, counterKinds.service, areaId, from, to, foldedThrough);
    return rows.map((row) => ({ span: row.span, serviceCode: row.what, counts: row.counts }));
  }

  async teamPeriod(areaId: string, from: string, to: string, foldedThrough: string | undefined): Promise<TeamSpan[]> {
    const rows = await readPeriod(this.db, this.tableName, counterKinds.team, areaId, from, to, foldedThrough);
    return rows.map((row) => ({ span: row.span, teamId: row.what, counts: row.counts }));
  }

  /** What each existing item counted before stored facts: all of it if never folded, else its `legacy` part. */
  private async legacyCounts(itemKeys: readonly ItemKey[]): Promise<Map<string, Counts>> {
    const found = await batchGetAll(
      this.db,
      this.tableName,
      itemKeys.map((key) => ({ ...key })),
      { consistentRead: true },
    );
    const names = new Set([...counterKinds.service.names, ...counterKinds.team.names]);
    return new Map(found.map((item) => [`${item.pk}|${item.sk}`, countsAt(item, names, undefined)]));
  }
}

/**
 * The counter items a set of tallies touches, each with the sum of what they add to it: what
 * `fold` writes.
 */
export function counterItems(tallies: readonly FactTally[]): Map<string, CounterItem> {
  const items = new Map<string, CounterItem>();
  const addTo = (key: ItemKey, entity: CounterItem['entity'], attributes: Record<string, string>, counts: Counts) => {
    const id = `${key.pk}|${key.sk}`;
    const item = items.get(id) ?? { key, entity, attributes, counts: {} };
    for (const [name, n] of Object.entries(counts)) if (n !== 0) item.counts[name] = (item.counts[name] ?? 0) + n;
    items.set(id, item);
  };
  for (const t of tallies) {
    for (const areaId of t.areaIds) {
      if (Object.keys(t.counts).length > 0) {
        addTo(
          keys.statsServiceDay(areaId, t.day, t.serviceCode),
          'StatsServiceDay',
          { day: t.day, areaId, serviceCode: t.serviceCode },
          t.counts,
        );
      }
      if (t.team)
        addTo(
          keys.statsTeamDay(areaId, t.day, t.team.teamId),
          'StatsTeamDay',
          { day: t.day, areaId, teamId: t.team.teamId },
          t.team.counts,
        );
    }
  }
  for (const [id, item] of items) if (Object.keys(item.counts).length === 0) items.delete(id);
  return items;
}

/** The stored item of `item`: its key, `entity`, attributes and counts. */
export function counterItemRecord(item: CounterItem): Record<string, unknown> {
  return { ...item.key, entity: item.entity, ...item.attributes, ...item.counts };
}
