/**
 * The StatsFacts port on the single table. A fact is an item beside its request
 * (`keys.fact`), put in its change's transaction, indexed on gsi2 by Shanghai day and area code
 * (`keys.factOfDay`), and removed by TTL `FACT_DAYS` after its change. The fact is its `body`.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { storedRequestFact, type RequestFact } from '#shared/domain/request-fact';
import { statsDay } from '#shared/domain/stats-calendar';
import { parseOrThrow } from '#shared/domain/validation';
import { FACT_DAYS, type StatsFacts } from '#shared/ports/stats-facts';
import { keys } from './keys';
import { queryAll } from './query';

/** The item that stores `fact`. */
export function factItem(fact: RequestFact): Record<string, unknown> {
  return {
    ...keys.fact(fact.requestId, fact.version),
    ...factIndexOf(fact),
    entity: 'RequestFact',
    body: fact,
    ttl: Math.floor(Date.parse(fact.at) / 1000) + FACT_DAYS * 86_400,
  };
}

/** Where gsi2 finds `fact`. */
export function factIndexOf(fact: RequestFact): { gsi2pk: string; gsi2sk: string } {
  return keys.factOfDay(statsDay(fact.at), fact.areaId, fact.requestId, fact.version);
}

export class DynamoStatsFacts implements StatsFacts {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async ofDay(day: string, areaId?: string): Promise<RequestFact[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: areaId ? 'gsi2pk = :pk AND begins_with(gsi2sk, :area)' : 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.factDayPartition(day), ...(areaId ? { ':area': areaId } : {}) },
      ProjectionExpression: '#body',
      ExpressionAttributeNames: { '#body': 'body' },
    });
    return items.map((item) => parseOrThrow(storedRequestFact, item.body));
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
 * counted) out of the relay's index into the facts' (it stays where it is, its `body` the fact);
 * answers its day. One that does not parse is only taken out of the relay's index.
 */
export async function moveLegacyFact(
  db: DynamoDBDocumentClient,
  tableName: string,
  item: Record<string, unknown>,
): Promise<string | undefined> {
  const parsed = storedRequestFact.safeParse(item.body);
  const index = parsed.success ? factIndexOf(parsed.data) : undefined;
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: index
          ? 'SET gsi2pk = :pk, gsi2sk = :sk, entity = :entity, #ttl = :ttl REMOVE dueAt, #queue, relays'
          : 'REMOVE gsi2pk, gsi2sk, dueAt',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#counted)',
        ExpressionAttributeNames: { '#counted': COUNTED_AT, ...(index ? { '#ttl': 'ttl', '#queue': 'queue' } : {}) },
        ...(index && parsed.success
          ? {
              ExpressionAttributeValues: {
                ':pk': index.gsi2pk,
                ':sk': index.gsi2sk,
                ':entity': 'RequestFact',
                ':ttl': factItem(parsed.data).ttl,
              },
            }
          : {}),
      }),
    );
  } catch (error) {
    // Counted by that version meanwhile, or gone: nothing to move.
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return undefined;
  }
  return parsed.success ? statsDay(parsed.data.at) : undefined;
}
