/**
 * What a status change does to the wish wall and to claim slots, as items of its own transaction:
 * the wall entries put when a wish enters PUBLISHED and deleted when it leaves (so the wall never
 * disagrees with the request), and a volunteer's or unit's slot taken (conditional on their
 * limit) when they claim and given back by whatever change ends the claim. And one page of a wall.
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ServiceRequest } from '#shared/domain/service-request';
import type { ClaimSlotHolder, StatusChange, WallEntry, WallPage } from '#shared/ports/request-repository';
import { keys } from './keys';
import { stripKeys } from './query';
import { heldClaimSlot, wallItems } from './request-items';
import type { TransactItem } from './transaction-errors';

export function wallChanges(tableName: string, before: ServiceRequest, after: ServiceRequest): TransactItem[] {
  const [old, next] = [wallItems(before), wallItems(after)];
  if (old[0]?.sk === next[0]?.sk) return [];
  return [
    ...old.map((item) => ({ Delete: { TableName: tableName, Key: { pk: item.pk, sk: item.sk } } })),
    ...next.map((item) => ({ Put: { TableName: tableName, Item: item } })),
  ];
}

/** Last in the change's items when it takes a slot: `changeStatus` reads a failure there as the claimer's limit. */
export function claimSlotChanges(
  tableName: string,
  before: ServiceRequest,
  after: ServiceRequest,
  take: StatusChange['claimSlot'],
): TransactItem[] {
  const [held, holds] = [heldClaimSlot(before), heldClaimSlot(after)];
  if (held?.kind === holds?.kind && held?.id === holds?.id) return [];
  const slot = (holder: ClaimSlotHolder, delta: 1 | -1) => ({
    Update: {
      TableName: tableName,
      Key: keys.claimSlots(holder),
      UpdateExpression: 'SET #open = if_not_exists(#open, :zero) + :delta',
      ConditionExpression: delta > 0 ? 'attribute_not_exists(#open) OR #open < :limit' : '#open > :zero',
      ExpressionAttributeNames: { '#open': 'open' },
      ExpressionAttributeValues: { ':zero': 0, ':delta': delta, ...(delta > 0 ? { ':limit': take?.limit ?? 0 } : {}) },
    },
  });
  return [...(held ? [slot(held, -1)] : []), ...(holds ? [slot(holds, 1)] : [])];
}

/** One page of an area's wall, newest listed first; the cursor is the last sort key, opaque. */
export async function wallPage(
  db: DynamoDBDocumentClient,
  tableName: string,
  areaId: string,
  limit: number,
  cursor?: string,
): Promise<WallPage> {
  // A cursor that is not one of ours (no `<listedAt>#<id>` inside) starts from the top, as a missing one does.
  const after = cursor ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const start = after.includes('#') ? { pk: keys.wallPartition(areaId), sk: after } : undefined;
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.wallPartition(areaId) },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: start,
    }),
  );
  const last = out.LastEvaluatedKey?.sk;
  return {
    entries: (out.Items ?? []).map((item) => stripKeys(item) as unknown as WallEntry),
    ...(typeof last === 'string' ? { next: Buffer.from(last, 'utf8').toString('base64url') } : {}),
  };
}
