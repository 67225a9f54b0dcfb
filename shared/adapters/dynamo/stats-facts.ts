/**
 * The StatsFacts port on the single table. A fact is an item in its Shanghai day's partition, by
 * the request's area code (`keys.fact`), put in its change's transaction and removed by TTL
 * `FACT_DAYS` after its change. The fact is its `body`. It has no index entry: nothing reads a
 * fact by its request.
 */
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type RequestFact, storedRequestFact } from '#shared/domain/request-fact';
import { statsDay } from '#shared/domain/stats-calendar';
import { type DayFacts, FACT_DAYS, type StatsFacts } from '#shared/ports/stats-facts';
import { type DamagedItems, loggedDamage } from './damaged-items';
import { keys } from './keys';
import { queryAll } from './query';
import { noteRefold } from './stats-months';
import { cancellationReasons, failedConditionAt, transactWrite } from './transaction-errors';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/** The item that stores `fact`: its key is a function of the fact alone, so a retried write meets it. */
export function factItem(fact: RequestFact): Record<string, unknown> {
  return {
    ...keys.fact(statsDay(fact.at), fact.areaId, fact.requestId, fact.version),
    entity: 'RequestFact',
    body: fact,
    ttl: Math.floor(Date.parse(fact.at) / 1000) + FACT_DAYS * 86_400,
  };
}

export class DynamoStatsFacts implements StatsFacts {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Told of each stored fact that does not parse, by its key. */
    private readonly damaged: Pick<DamagedItems, 'unreadableFact'> = loggedDamage(),
  ) {}

  async ofDay(day: string, areaId?: string): Promise<RequestFact[]> {
    return (await this.read(day, areaId)).facts;
  }

  /**
   * Read consistently: a fact moved to the day just before (the relay's or the fold's adoption of
   * a legacy fact, noted for a fold again) must be in what the fold counts before it clears the note.
   */
  ofDayToFold(day: string): Promise<DayFacts> {
    return this.read(day, undefined, true);
  }

  /** One damaged fact must not fail its day for every dashboard: it is left out, and told by its key. */
  private async read(day: string, areaId?: string, consistent = false): Promise<DayFacts> {
    const area = areaId ? { ':area': areaId } : {};
    const [legacy, stored] = await Promise.all([
      // Upgrade shim, remove after 2027-01-16 (with `keys.legacyFactDayIndexPartition`): the facts
      // written before 2026-12-07, beside their request and indexed on gsi2, until their `ttl`.
      // A fact is in one place only (this version never writes that shape, and moving one out of
      // the outbox writes the new), so the two never hold the same fact.
      queryAll(this.db, {
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: areaId ? 'gsi2pk = :pk AND begins_with(gsi2sk, :area)' : 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.legacyFactDayIndexPartition(day), ...area },
        ProjectionExpression: '#body, pk, sk',
        ExpressionAttributeNames: { '#body': 'body' },
      }),
      queryAll(this.db, {
        TableName: this.tableName,
        ConsistentRead: consistent,
        KeyConditionExpression: areaId ? 'pk = :pk AND begins_with(sk, :area)' : 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.factDayPartition(day), ...area },
        ProjectionExpression: '#body, pk, sk',
        ExpressionAttributeNames: { '#body': 'body' },
      }),
    ]);
    const facts: RequestFact[] = [];
    const unreadable: string[] = [];
    for (const item of [...legacy, ...stored]) {
      const parsed = storedRequestFact.safeParse(item.body);
      if (parsed.success) facts.push(parsed.data);
      else {
        this.damaged.unreadableFact({ pk: String(item.pk), sk: String(item.sk) });
        unreadable.push(`${String(item.pk)} ${String(item.sk)}`);
      }
    }
    return { facts, unreadable };
  }

  async adoptLegacy(): Promise<string[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      FilterExpression: '#queue = :legacy',
      ExpressionAttributeNames: { '#queue': 'queue' },
      ExpressionAttributeValues: { ':pk': keys.legacyOutboxDuePartition, ':legacy': LEGACY_FACTS_QUEUE },
    });
    const days = await Promise.all(items.map((item) => moveLegacyFact(this.db, this.tableName, item)));
    return [...new Set(days.flatMap((day) => (day ? [day] : [])))].sort();
  }
}

/** The queue the version before stored facts sent request facts to, as outbox messages. */
export const LEGACY_FACTS_QUEUE = 'stats';
/** Set by that version on a fact's outbox item once counted: it was never due again. */
export const COUNTED_AT = 'countedAt';

/**
 * Moves one outbox item of the version before stored facts (a fact for its `stats` queue, not
 * counted) to the facts: one transaction puts the fact (`factItem`) and deletes the item; answers
 * the fact's day, which the progress item notes before and after (`noteRefold`) so that the fold
 * folds it again even when the move was the relay's or the run died after it. One that does not
 * parse is only taken out of the relay's index.
 */
export async function moveLegacyFact(
  db: DynamoDBDocumentClient,
  tableName: string,
  item: Record<string, unknown>,
): Promise<string | undefined> {
  const parsed = storedRequestFact.safeParse(item.body);
  const notCounted = {
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#counted)',
    ExpressionAttributeNames: { '#counted': COUNTED_AT },
  };
  if (!parsed.success) {
    try {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'REMOVE gsi2pk, gsi2sk, dueAt',
          ...notCounted,
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    return undefined;
  }
  const day = statsDay(parsed.data.at);
  await noteRefold(db, tableName, day);
  try {
    await transactWrite(db, [
      { Put: { TableName: tableName, Item: factItem(parsed.data), ConditionExpression: 'attribute_not_exists(pk)' } },
      { Delete: { TableName: tableName, Key: { pk: item.pk, sk: item.sk }, ...notCounted } },
    ]);
  } catch (error) {
    // Counted by that version meanwhile, or moved already (by the relay or another fold): nothing to move.
    const reasons = cancellationReasons(error);
    if (!reasons || failedConditionAt(reasons) < 0) throw error;
    return undefined;
  }
  await noteRefold(db, tableName, day);
  return day;
}
