/**
 * Monthly roll-ups of the statistics counters, so that a year is read as twelve items per area
 * partition rather than a day item per service (or team) and day.
 *
 * A month item (`keys.statsServiceMonth` / `statsTeamMonth`) holds the sums of the month's day
 * items, by service code or team id, and `rolledAtLate`: the value its `late` counter had when
 * the sums were taken. A month is rolled up once each of its days is folded (`fold-stats`), so
 * its days no longer change. Before stored facts, a fact counted after its month was over added
 * 1 to `late` and put `<areaId>|<month>` on the progress item's stale list; a month item is
 * current exactly when `late` equals `rolledAtLate`, readers use only current ones and read the
 * other months' days, and the roll-up puts the sums on condition that `late` has not moved. Stored
 * facts write no `late`: what is left of it serves the months counted before them.
 *
 * The progress item also says how far the days are folded (`foldedThrough`), and which days a
 * fact of the version before stored facts was moved to (`refold:<day>`, `noteRefold`).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { serviceCounterNames, teamCounterNames, type Counts } from '#shared/domain/stats';
import { addDays, daysOfMonth, wholeMonthsOf, type DayRange } from '#shared/domain/stats-calendar';
import type { Clock } from '#shared/ports/clock';
import type { RollUpOutcome, RollUpProgress, StatsRollUps } from '#shared/ports/stats-counters';
import { keys, type ItemKey } from './keys';
import { queryAll } from './query';

/** A month item larger than this is not written (DynamoDB's item limit is 400 KB): its days are read. */
const MAX_MONTH_ITEM_BYTES = 300_000;
/** Attempts at one month's put when facts keep arriving for it. */
const ROLL_UP_ATTEMPTS = 5;

export interface CounterKind {
  readonly dayPartition: (areaId: string) => string;
  readonly monthKey: (areaId: string, month: string) => ItemKey;
  readonly monthPartition: (areaId: string) => string;
  /** The attribute naming what a day item counts: the service code or the team id. */
  readonly what: 'serviceCode' | 'teamId';
  readonly entity: string;
  readonly names: ReadonlySet<string>;
}

export const counterKinds = {
  service: {
    dayPartition: keys.statsServicePartition,
    monthKey: keys.statsServiceMonth,
    monthPartition: keys.statsServiceMonthPartition,
    what: 'serviceCode',
    entity: 'StatsServiceMonth',
    names: new Set<string>(serviceCounterNames),
  },
  team: {
    dayPartition: keys.statsTeamPartition,
    monthKey: keys.statsTeamMonth,
    monthPartition: keys.statsTeamMonthPartition,
    what: 'teamId',
    entity: 'StatsTeamMonth',
    names: new Set<string>(teamCounterNames),
  },
} as const satisfies Record<string, CounterKind>;

/** One row read: a day or a whole month, what it counts (service code or team id), the counts. */
export interface SpanRow {
  readonly span: string;
  readonly what: string;
  readonly counts: Counts;
}

/** The counters a day item holds. */
export function countsOf(item: Record<string, unknown>, known: ReadonlySet<string>): Counts {
  return Object.fromEntries(Object.entries(item).filter(([name, v]) => known.has(name) && typeof v === 'number' && v !== 0)) as Counts;
}

/**
 * The counters a day item holds for a reader who knows the days are folded through
 * `foldedThrough`: all of them on a folded day; on a day not folded yet, only what was counted
 * before stored facts (an item never folded, or its `legacy` part), the facts giving the rest.
 */
export function countsAt(item: Record<string, unknown>, known: ReadonlySet<string>, foldedThrough: string | undefined): Counts {
  if (foldedThrough !== undefined && String(item.day) <= foldedThrough) return countsOf(item, known);
  if (item.foldedAt === undefined) return countsOf(item, known);
  return countsOf((item.legacy ?? {}) as Record<string, unknown>, known);
}

/** An area partition's day items from `from` to `to`. */
export function queryDays(db: DynamoDBDocumentClient, tableName: string, partition: string, range: DayRange, consistent = false) {
  const between = keys.statsDayRange(range.from, range.to);
  return queryAll(db, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :start AND :end',
    ExpressionAttributeValues: { ':pk': partition, ':start': between.start, ':end': between.end },
    ...(consistent ? { ConsistentRead: true } : {}),
  });
}

/** Whether a month item holds the sums of its days as they are now. */
const isCurrent = (item: Record<string, unknown> | undefined) =>
  item !== undefined && item.rolledAtLate !== undefined && Number(item.rolledAtLate) === Number(item.late ?? 0);

/**
 * An area's counters of one kind for a period: current month items for its whole months, day
 * items for the rest (its edges, and months not rolled up or out of date).
 */
export async function readPeriod(
  db: DynamoDBDocumentClient,
  tableName: string,
  kind: CounterKind,
  areaId: string,
  from: string,
  to: string,
  foldedThrough: string | undefined,
): Promise<SpanRow[]> {
  const { months, before, after } = wholeMonthsOf(from, to);
  const rolled = new Map<string, Record<string, unknown>>();
  if (months.length > 0) {
    const items = await queryAll(db, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
      ExpressionAttributeValues: { ':pk': kind.monthPartition(areaId), ':first': months[0], ':last': months.at(-1) },
    });
    // A month counts from its item only if the reader also takes its last day as folded: a reader
    // holding an older `foldedThrough` reads that day's facts, and would count them twice.
    const folded = (month: string) => foldedThrough !== undefined && daysOfMonth(month).to <= foldedThrough;
    for (const item of items) if (isCurrent(item) && folded(String(item.sk))) rolled.set(String(item.sk), item);
  }
  const ranges: DayRange[] = [];
  const push = (range: DayRange) => {
    const last = ranges.at(-1);
    if (last && addDays(last.to, 1) === range.from) ranges[ranges.length - 1] = { from: last.from, to: range.to };
    else ranges.push(range);
  };
  if (before) push(before);
  for (const month of months) if (!rolled.has(month)) push(daysOfMonth(month));
  if (after) push(after);

  const monthRows = [...rolled].flatMap(([month, item]) =>
    Object.entries((item.counts ?? {}) as Record<string, Counts>).map(([what, counts]) => ({ span: month, what, counts })),
  );
  const dayItems = await Promise.all(ranges.map((range) => queryDays(db, tableName, kind.dayPartition(areaId), range)));
  const dayRows = dayItems
    .flat()
    .map((item) => ({ span: String(item.day), what: String(item[kind.what]), counts: countsAt(item, kind.names, foldedThrough) }));
  return [...monthRows, ...dayRows];
}

export class DynamoStatsRollUps implements StatsRollUps {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  async rollUp(areaId: string, month: string) {
    const [service, team] = await Promise.all([
      this.rollUpKind(counterKinds.service, areaId, month),
      this.rollUpKind(counterKinds.team, areaId, month),
    ]);
    return { service, team };
  }

  async progress(): Promise<RollUpProgress> {
    const item = (await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.statsRollUpProgress, ConsistentRead: true })))
      .Item;
    return {
      ...(item?.foldedThrough ? { foldedThrough: String(item.foldedThrough) } : {}),
      ...(item?.foldedMovedAt
        ? { foldedMoved: { at: String(item.foldedMovedAt), ...(item.foldedFrom ? { from: String(item.foldedFrom) } : {}) } }
        : {}),
      ...(item?.through ? { through: String(item.through) } : {}),
      stale: [...((item?.stale as Set<string> | undefined) ?? [])].sort(),
      ...refoldOf(item),
    };
  }

  async refolded(seen: Readonly<Record<string, number>>): Promise<void> {
    await inParallel(Object.entries(seen), async ([day, count]) => {
      try {
        await this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.statsRollUpProgress,
            UpdateExpression: 'REMOVE #day',
            ConditionExpression: '#day = :seen',
            ExpressionAttributeNames: { '#day': `${REFOLD_PREFIX}${day}` },
            ExpressionAttributeValues: { ':seen': count },
          }),
        );
      } catch (error) {
        // A fact was moved to the day since: the next run folds it again.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    });
  }

  foldedThrough(day: string, moved?: { readonly from: string | undefined }): Promise<void> {
    if (!moved) return this.advance('foldedThrough', day);
    return this.advance('foldedThrough', day, {
      set: ', foldedFrom = :from, foldedMovedAt = :now',
      values: { ':from': moved.from ?? '', ':now': this.clock.now().toISOString() },
    });
  }

  rolledThrough(month: string): Promise<void> {
    return this.advance('through', month);
  }

  /** Moves a progress mark forward; another run that got as far or further leaves it (it never goes back). */
  private async advance(
    mark: 'foldedThrough' | 'through',
    to: string,
    also: { readonly set: string; readonly values: Record<string, string> } = { set: '', values: {} },
  ): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.statsRollUpProgress,
          UpdateExpression: `SET #mark = :to${also.set}`,
          ConditionExpression: 'attribute_not_exists(#mark) OR #mark < :to',
          ExpressionAttributeNames: { '#mark': mark },
          ExpressionAttributeValues: { ':to': to, ...also.values },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  unmarkStale(entries: readonly string[]): Promise<void> {
    return this.changeStale('DELETE', entries);
  }

  markStale(entries: readonly string[]): Promise<void> {
    return this.changeStale('ADD', entries);
  }

  async markOutdated(entries: readonly string[]): Promise<void> {
    if (entries.length === 0) return;
    const monthKeys = entries.flatMap((entry) => {
      const [areaId = '', month = ''] = entry.split('|');
      return [counterKinds.service.monthKey(areaId, month), counterKinds.team.monthKey(areaId, month)];
    });
    // Each month item stops being current (`late` moves past `rolledAtLate`) before it is listed.
    await inParallel(monthKeys, (key) =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'ADD late :one',
          ExpressionAttributeValues: { ':one': 1 },
        }),
      ),
    );
    await this.markStale(entries);
  }

  private async changeStale(action: 'ADD' | 'DELETE', entries: readonly string[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.statsRollUpProgress,
        UpdateExpression: `${action} stale :months`,
        ExpressionAttributeValues: { ':months': new Set(entries) },
      }),
    );
  }

  private async rollUpKind(kind: CounterKind, areaId: string, month: string): Promise<RollUpOutcome> {
    const key = kind.monthKey(areaId, month);
    for (let attempt = 0; attempt < ROLL_UP_ATTEMPTS; attempt++) {
      const current = (await this.db.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }))).Item;
      if (isCurrent(current)) return 'current';
      const late = Number(current?.late ?? 0);
      const days = await queryDays(this.db, this.tableName, kind.dayPartition(areaId), daysOfMonth(month), true);
      if (days.length === 0 && !current) return 'empty';
      const sums: Record<string, Record<string, number>> = {};
      for (const day of days) {
        const sum = (sums[String(day[kind.what])] ??= {});
        for (const [name, n] of Object.entries(countsOf(day, kind.names))) sum[name] = (sum[name] ?? 0) + n;
      }
      const item = {
        ...key,
        entity: kind.entity,
        areaId,
        month,
        counts: sums,
        rolledAtLate: late,
        rolledAt: this.clock.now().toISOString(),
        ...(late > 0 ? { late } : {}),
      };
      if (JSON.stringify(item).length > MAX_MONTH_ITEM_BYTES) return 'too-large';
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: item,
            ConditionExpression: late > 0 ? 'late = :late' : 'attribute_not_exists(late)',
            ...(late > 0 ? { ExpressionAttributeValues: { ':late': late } } : {}),
          }),
        );
        return 'rolled';
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    return 'contended';
  }
}

/** Runs `act` on each item, 16 at a time. */
async function inParallel<T>(items: readonly T[], act: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += 16) await Promise.all(items.slice(i, i + 16).map(act));
}

/** The progress item's attributes naming a day to fold again: `refold:<day>`, a count. */
const REFOLD_PREFIX = 'refold:';

function refoldOf(item: Record<string, unknown> | undefined): Pick<RollUpProgress, 'refold'> {
  const days = Object.entries(item ?? {}).filter(([name]) => name.startsWith(REFOLD_PREFIX));
  return days.length > 0 ? { refold: Object.fromEntries(days.map(([name, n]) => [name.slice(REFOLD_PREFIX.length), Number(n)])) } : {};
}

/**
 * Notes on the progress item that a fact of the version before stored facts is being moved to
 * `day`: before the move (should the run die after it, the day is still folded again) and after
 * it (a fold that read the note before the fact landed leaves it for the next run).
 */
export async function noteRefold(db: DynamoDBDocumentClient, tableName: string, day: string): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.statsRollUpProgress,
      UpdateExpression: 'ADD #day :one',
      ExpressionAttributeNames: { '#day': `${REFOLD_PREFIX}${day}` },
      ExpressionAttributeValues: { ':one': 1 },
    }),
  );
}
