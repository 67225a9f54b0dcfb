/**
 * The StatsFacts port on the single table. A fact is an item beside its request
 * (`keys.fact`), put in its change's transaction, indexed on gsi2 by Shanghai day and area code
 * (`keys.factOfDay`), and removed by TTL `FACT_DAYS` after its change. The fact is its `body`.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requestFact, type RequestFact } from '#shared/domain/request-fact';
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
    return items.map((item) => parseOrThrow(requestFact, item.body));
  }
}
