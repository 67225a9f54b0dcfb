/**
 * The StatsCounters port on the single table. Facts are added in transactions of one update per
 * fact, which turns its outbox message into its count marker (`attribute_not_exists(countedAt)`,
 * out of the relay's index), and one `ADD` update per counter item with the sums of every fact
 * of the transaction that touches it: a batch of ten facts mostly shares its district items,
 * so it writes them once. A fact counted before fails its marker's condition; it is
 * dropped and the rest written again.
 * Reading days is one Query per area partition, with a sort-key range on the day; reading a
 * period reads whole months from their roll-ups where current (`stats-months.ts`), and a fact
 * counted after its month is over marks that month's roll-ups out of date in the same transaction.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Counts } from '#shared/domain/stats';
import { statsDay } from '#shared/domain/stats-calendar';
import { systemClock, type Clock } from '#shared/ports/clock';
import type { AddOutcome, FactTally, ServiceDay, ServiceSpan, StatsCounters, TeamDay, TeamSpan } from '#shared/ports/stats-counters';
import { keys, type ItemKey } from './keys';
import { COUNTED_AT } from './outbox';
import { counterKinds, countsOf, lateMarkActions, lateMarks, queryDays, readPeriod } from './stats-months';
import { cancellationReasons, transactWrite, type TransactItem } from './transaction-errors';

/** DynamoDB's limit of actions in one transaction. */
const MAX_TRANSACTION_ITEMS = 100;
/**
 * How long a counted fact's marker (its outbox item, emptied) is kept: well past the queue's and
 * the DLQ's 14 days of retention, the only ways a copy of a counted fact can still arrive (the
 * relay no longer sends it: the marker is out of its index).
 */
const MARKER_DAYS = 35;

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

  async add(tallies: readonly FactTally[]): Promise<AddOutcome> {
    const unique = new Map<string, FactTally>();
    for (const tally of tallies) unique.set(`${tally.requestId}#${tally.version}`, tally);
    let duplicates = tallies.length - unique.size;
    let added = 0;
    const month = statsDay(this.clock.now()).slice(0, 7);
    for (const chunk of chunked([...unique.values()], month)) {
      const outcome = await this.write(chunk, month);
      added += outcome.added;
      duplicates += outcome.duplicates;
    }
    return { added, duplicates };
  }

  async serviceDays(areaId: string, from: string, to: string): Promise<ServiceDay[]> {
    const { service } = counterKinds;
    const items = await queryDays(this.db, this.tableName, service.dayPartition(areaId), { from, to });
    return items.map((item) => ({ day: String(item.day), serviceCode: String(item.serviceCode), counts: countsOf(item, service.names) }));
  }

  async teamDays(areaId: string, from: string, to: string): Promise<TeamDay[]> {
    const { team } = counterKinds;
    const items = await queryDays(this.db, this.tableName, team.dayPartition(areaId), { from, to });
    return items.map((item) => ({ day: String(item.day), teamId: String(item.teamId), counts: countsOf(item, team.names) }));
  }

  async servicePeriod(areaId: string, from: string, to: string): Promise<ServiceSpan[]> {
    const rows = await readPeriod(this.db, this.tableName, counterKinds.service, areaId, from, to);
    return rows.map((row) => ({ span: row.span, serviceCode: row.what, counts: row.counts }));
  }

  async teamPeriod(areaId: string, from: string, to: string): Promise<TeamSpan[]> {
    const rows = await readPeriod(this.db, this.tableName, counterKinds.team, areaId, from, to);
    return rows.map((row) => ({ span: row.span, teamId: row.what, counts: row.counts }));
  }

  /** One transaction for the chunk; facts counted before are dropped and the rest written again. */
  private async write(chunk: FactTally[], month: string): Promise<AddOutcome> {
    let pending = chunk;
    let duplicates = 0;
    while (pending.length > 0) {
      try {
        await transactWrite(this.db, this.transactionOf(pending, month));
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

  private transactionOf(tallies: readonly FactTally[], month: string): TransactItem[] {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    // Each fact's outbox message becomes its count marker: out of the relay's index, its body
    // dropped, kept for MARKER_DAYS; a copy of the fact then fails the condition.
    const markers: TransactItem[] = tallies.map((t) => ({
      Update: {
        TableName: this.tableName,
        Key: keys.outbox(t.requestId, t.settles),
        UpdateExpression: 'SET #entity = :entity, #countedAt = :now, #ttl = :ttl REMOVE #gsi2pk, #gsi2sk, #body, #dueAt',
        ConditionExpression: 'attribute_not_exists(#countedAt)',
        ExpressionAttributeNames: {
          '#entity': 'entity',
          '#countedAt': COUNTED_AT,
          '#ttl': 'ttl',
          '#gsi2pk': 'gsi2pk',
          '#gsi2sk': 'gsi2sk',
          '#body': 'body',
          '#dueAt': 'dueAt',
        },
        ExpressionAttributeValues: { ':entity': 'StatsFactCounted', ':now': now, ':ttl': now + MARKER_DAYS * 86_400 },
      },
    }));
    const counters: TransactItem[] = [...counterItems(tallies).values()].map((item) => this.update(item));
    const late = lateMarkActions(this.tableName, lateMarks(tallies, month));
    return [...markers, ...counters, ...late];
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
function chunked(tallies: readonly FactTally[], month: string): FactTally[][] {
  const chunks: FactTally[][] = [];
  let current: FactTally[] = [];
  for (const tally of tallies) {
    const next = [...current, tally];
    const late = lateMarks(next, month);
    const lateActions = late.monthKeys.length + (late.stale.length > 0 ? 1 : 0);
    if (current.length > 0 && next.length + counterItems(next).size + lateActions > MAX_TRANSACTION_ITEMS) {
      chunks.push(current);
      current = [tally];
    } else current = next;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
