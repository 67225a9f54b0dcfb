/**
 * The StatsCounters port on the single table. Facts are added in transactions of a marker per
 * fact (`attribute_not_exists`), the removal of each fact's outbox message, and one `ADD`
 * update per counter item with the sums of every fact of the transaction that touches it: a
 * batch of ten facts mostly shares its city and district items, so it writes them once. A
 * fact counted before fails its marker's condition; it is dropped and the rest written again.
 * Reading a period is one Query per area partition, with a sort-key range on the day.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { serviceCounterNames, teamCounterNames, type Counts } from '#shared/domain/stats';
import type { AddOutcome, FactTally, ServiceDay, StatsCounters, TeamDay } from '#shared/ports/stats-counters';
import { keys, type ItemKey } from './keys';
import { queryAll } from './query';
import { cancellationReasons, transactWrite, type TransactItem } from './transaction-errors';

/** DynamoDB's limit of actions in one transaction. */
const MAX_TRANSACTION_ITEMS = 100;
/**
 * How long a fact's marker is kept: well past the queue's and the DLQ's 14 days of retention,
 * the only ways a copy of a counted fact can still arrive (its outbox item went with the count).
 */
const MARKER_DAYS = 35;

/** One counter item and what to add to it: its key, entity, descriptive attributes and counts. */
export interface CounterItem {
  readonly key: ItemKey;
  readonly entity: 'StatsServiceDay' | 'StatsTeamDay';
  readonly attributes: Readonly<Record<string, string>>;
  readonly counts: Record<string, number>;
}

const serviceNames = new Set<string>(serviceCounterNames);
const teamNames = new Set<string>(teamCounterNames);

export class DynamoStatsCounters implements StatsCounters {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async add(tallies: readonly FactTally[]): Promise<AddOutcome> {
    const unique = new Map<string, FactTally>();
    for (const tally of tallies) unique.set(`${tally.requestId}#${tally.version}`, tally);
    let duplicates = tallies.length - unique.size;
    let added = 0;
    for (const chunk of chunked([...unique.values()])) {
      const outcome = await this.write(chunk);
      added += outcome.added;
      duplicates += outcome.duplicates;
    }
    return { added, duplicates };
  }

  async serviceDays(areaId: string, from: string, to: string): Promise<ServiceDay[]> {
    const items = await this.days(keys.statsServicePartition(areaId), from, to);
    return items.map((item) => ({ day: String(item.day), serviceCode: String(item.serviceCode), counts: countsOf(item, serviceNames) }));
  }

  async teamDays(areaId: string, from: string, to: string): Promise<TeamDay[]> {
    const items = await this.days(keys.statsTeamPartition(areaId), from, to);
    return items.map((item) => ({ day: String(item.day), teamId: String(item.teamId), counts: countsOf(item, teamNames) }));
  }

  private days(partition: string, from: string, to: string) {
    const range = keys.statsDayRange(from, to);
    return queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :start AND :end',
      ExpressionAttributeValues: { ':pk': partition, ':start': range.start, ':end': range.end },
    });
  }

  /** One transaction for the chunk; facts counted before are dropped and the rest written again. */
  private async write(chunk: FactTally[]): Promise<AddOutcome> {
    let pending = chunk;
    let duplicates = 0;
    while (pending.length > 0) {
      try {
        await transactWrite(this.db, this.transactionOf(pending));
        return { added: pending.length, duplicates };
      } catch (error) {
        const reasons = cancellationReasons(error);
        // Markers come first, one per fact in order: a failed condition there is a fact counted before.
        const counted = new Set((reasons ?? []).flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' && i < pending.length ? [i] : [])));
        if (counted.size === 0) throw error;
        duplicates += counted.size;
        pending = pending.filter((_, i) => !counted.has(i));
      }
    }
    return { added: 0, duplicates };
  }

  private transactionOf(tallies: readonly FactTally[]): TransactItem[] {
    const markers: TransactItem[] = tallies.map((t) => ({
      Put: {
        TableName: this.tableName,
        Item: {
          ...keys.statsFactMarker(t.requestId, t.version),
          entity: 'StatsFact',
          ttl: Math.floor(Date.now() / 1000) + MARKER_DAYS * 86_400,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    }));
    const settles: TransactItem[] = tallies.map((t) => ({
      Delete: { TableName: this.tableName, Key: keys.outbox(t.requestId, t.settles) },
    }));
    const counters: TransactItem[] = [...counterItems(tallies).values()].map((item) => this.update(item));
    return [...markers, ...settles, ...counters];
  }

  private update(item: CounterItem): TransactItem {
    const names: Record<string, string> = { '#entity': 'entity' };
    const values: Record<string, unknown> = { ':entity': item.entity };
    const sets = ['#entity = :entity'];
    Object.entries(item.attributes).forEach(([name, value], i) => {
      names[`#a${i}`] = name;
      values[`:a${i}`] = value;
      sets.push(`#a${i} = :a${i}`);
    });
    const adds = Object.entries(item.counts).map(([name, n], i) => {
      names[`#c${i}`] = name;
      values[`:c${i}`] = n;
      return `#c${i} :c${i}`;
    });
    return {
      Update: {
        TableName: this.tableName,
        Key: item.key,
        UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  }
}

/**
 * The counter items a set of tallies touches, each with the sum of what they add to it: what
 * `add` writes (one `ADD` update per item). Exported for the benchmark, which loads a year of
 * counters as the items these updates leave (`counterItemRecord`) without a transaction per batch.
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

/**
 * The stored item an `add` of `item` leaves where there was none: its key, `entity`, attributes
 * and counts (the same attributes the update's SET and ADD write).
 */
export function counterItemRecord(item: CounterItem): Record<string, unknown> {
  return { ...item.key, entity: item.entity, ...item.attributes, ...item.counts };
}

/** Facts grouped so that each group's transaction stays within DynamoDB's 100 actions. */
function chunked(tallies: readonly FactTally[]): FactTally[][] {
  const chunks: FactTally[][] = [];
  let current: FactTally[] = [];
  for (const tally of tallies) {
    const next = [...current, tally];
    if (current.length > 0 && 2 * next.length + counterItems(next).size > MAX_TRANSACTION_ITEMS) {
      chunks.push(current);
      current = [tally];
    } else current = next;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function countsOf(item: Record<string, unknown>, known: ReadonlySet<string>): Counts {
  return Object.fromEntries(Object.entries(item).filter(([name, v]) => known.has(name) && typeof v === 'number' && v !== 0)) as Counts;
}
