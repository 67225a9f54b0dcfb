/**
 * The requests' reindex (`npm run reindex-requests`; a new local table's provisioning): gives each
 * stored request without them its creation index keys (gsi4; 2026-12), an update of those alone,
 * from its area and creation, which never change, so a status change meanwhile stays (it writes
 * them too); then, once gsi4 is ACTIVE, marks the table (`keys.requestsIndexed`), from when the
 * admins' list reads through it. Idempotent. A scan of the table: a script's, no function's, grant.
 */
import { ConditionalCheckFailedException, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '#shared/adapters/dynamo/keys';

const WRITES_IN_FLIGHT = 16;

export async function reindexRequests(db: DynamoDBDocumentClient, tableName: string): Promise<{ stored: number; written: number }> {
  let [stored, written] = [0, 0];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: '#sk = :sk AND #entity = :entity',
        ExpressionAttributeNames: {
          '#sk': 'sk',
          '#entity': 'entity',
          '#id': 'id',
          '#area': 'areaId',
          '#at': 'createdAt',
          '#gsi4': 'gsi4sk',
        },
        ExpressionAttributeValues: { ':sk': keys.request('-').sk, ':entity': 'Request' },
        ProjectionExpression: '#id, #area, #at, #gsi4',
        ExclusiveStartKey: startKey,
      }),
    );
    const items = page.Items ?? [];
    stored += items.length;
    const missing = items.filter((item) => item.gsi4sk === undefined);
    let next = 0;
    const worker = async () => {
      while (next < missing.length) {
        const item = missing[next++]!;
        if (await index(db, tableName, String(item.id), String(item.areaId), String(item.createdAt))) written++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(WRITES_IN_FLIGHT, missing.length) }, worker));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  const table = await db.send(new DescribeTableCommand({ TableName: tableName }));
  const gsi4 = table.Table?.GlobalSecondaryIndexes?.find((i) => i.IndexName === 'gsi4');
  if (gsi4?.IndexStatus !== 'ACTIVE')
    throw new Error(`gsi4 is ${gsi4?.IndexStatus ?? 'absent'}: deploy it, and run the reindex again once it is ACTIVE`);
  await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.requestsIndexed, at: new Date().toISOString() } }));
  return { stored, written };
}

/** Gives one request its gsi4 keys unless it has them: whether this call wrote them. */
async function index(db: DynamoDBDocumentClient, tableName: string, id: string, areaId: string, createdAt: string): Promise<boolean> {
  const listing = keys.createdListing(areaId, createdAt, id);
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.request(id),
        UpdateExpression: 'SET gsi4sk = :sk',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(gsi4sk)',
        ExpressionAttributeValues: { ':sk': listing.gsi4sk },
      }),
    );
    return true;
  } catch (error) {
    // Given them meanwhile (a status change puts the whole item, keys and all): nothing to do.
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
