/**
 * The table's adapters on a DynamoDB client of their own that counts what reads bring back: the
 * calls made and the items they return (Query, Get, BatchGet). What a page costs, in items.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { tableAdapters } from '#shared/wiring/composition';

export function countedReads(tableName: string) {
  /** `units`: the read units DynamoDB Local reports consumed (each call asks for them). */
  const counter = { calls: 0, items: 0, units: 0 };
  const dynamodb = new DynamoDBClient({ endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB });
  dynamodb.middlewareStack.add(
    (next) => async (args) => {
      Object.assign(args.input as object, { ReturnConsumedCapacity: 'TOTAL' });
      const result = await next(args);
      const output = result.output as {
        Items?: unknown[];
        Item?: unknown;
        Responses?: Record<string, unknown[]>;
        ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[];
      };
      counter.calls += 1;
      counter.items += (output.Items?.length ?? 0) + (output.Item ? 1 : 0);
      for (const found of Object.values(output.Responses ?? {})) counter.items += Array.isArray(found) ? found.length : 0;
      for (const consumed of [output.ConsumedCapacity ?? []].flat()) counter.units += consumed.CapacityUnits ?? 0;
      return result;
    },
    { step: 'initialize', name: 'countReads' },
  );
  const reset = () => Object.assign(counter, { calls: 0, items: 0, units: 0 });
  return Object.assign(counter, { tables: tableAdapters(tableName, createDocumentClient(dynamodb)), reset });
}
