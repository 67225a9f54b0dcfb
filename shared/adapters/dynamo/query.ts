import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

/** Every page of a query. Only for listings that are bounded by nature (the menu, the area tree). */
export async function queryAll(db: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/**
 * Pages of a query until `limit` items, the end of the listing, or `maxPages` pages read. With a
 * filter, a page is DynamoDB's 1 MB read and may keep few of its items; without, it asks for just
 * the items still missing.
 */
export async function queryUpTo(
  db: DynamoDBDocumentClient,
  input: QueryCommandInput,
  limit: number,
  maxPages: number,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  for (let pages = 0; pages < maxPages && items.length < limit; pages++) {
    const Limit = input.FilterExpression ? undefined : limit - items.length;
    const page = await db.send(new QueryCommand({ ...input, Limit, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
    if (!startKey) break;
  }
  return items.slice(0, limit);
}

const keyAttributes = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'entity', 'ttl']);

/** The domain object inside an item: the table's own attributes removed. */
export function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !keyAttributes.has(k)));
}
