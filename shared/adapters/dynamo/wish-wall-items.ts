/**
 * What a status change does to the wish wall and to claim slots, as items of its own transaction:
 * the wall entries put when a wish enters PUBLISHED and deleted when it leaves (so the wall never
 * disagrees with the request), and a volunteer's or unit's slot taken (conditional on their
 * limit) when they claim and given back by whatever change ends the claim. And the listings: one
 * page of a wall, the review queue of a district, a claimer's open claims.
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ServiceRequest } from '#shared/domain/service-request';
import { wallCursor, wallPlace } from '#shared/domain/wall-cursor';
import { isClaimedBy } from '#shared/domain/wish';
import type { ClaimSlotHolder, StatusChange, WallEntry, WallPage } from '#shared/ports/request-repository';
import { keys } from './keys';
import { batchGetAll } from './batch';
import { queryUpTo, stripKeys } from './query';
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

/**
 * One page of an area's wall, newest listed first; the cursor is the last sort key, opaque. It
 * reads one entry more than the page, so `next` is there only when an older entry is: a wall of
 * exactly one page offers no link to an empty one (DynamoDB sets `LastEvaluatedKey` at a Limit).
 */
export async function wallPage(
  db: DynamoDBDocumentClient,
  tableName: string,
  areaId: string,
  limit: number,
  cursor?: string,
): Promise<WallPage> {
  // A guard (the view refuses a cursor not of ours first): one that is no place starts from the top.
  const place = cursor ? wallPlace(cursor) : undefined;
  const start = place ? keys.wallEntry(areaId, place.listedAt, place.requestId) : undefined;
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.wallPartition(areaId) },
      ScanIndexForward: false,
      Limit: limit + 1,
      ExclusiveStartKey: start,
    }),
  );
  const items = out.Items ?? [];
  const page = items.slice(0, limit);
  const entries = page.map((item) => stripKeys(item) as unknown as WallEntry);
  const last = entries.at(-1);
  return { entries, ...(items.length > limit && last ? { next: wallCursor(last) } : {}) };
}

/** Pages of a district's review queue read at most, 1 MB each (a thousand wishes or so): 7 days of a district's wishes fit many times. */
const REVIEW_PAGES = 10;

/**
 * The gsi1 entries of a district's wishes in review, oldest first, whose area lies `within` the
 * given one: pages of the district's listing until `limit` are found, so a station's wishes are
 * found however many older ones wait elsewhere in the district.
 */
export function reviewQueueItems(db: DynamoDBDocumentClient, tableName: string, districtId: string, limit: number, within = districtId) {
  return queryUpTo(
    db,
    {
      TableName: tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      FilterExpression: 'begins_with(#area, :within)',
      ExpressionAttributeNames: { '#area': 'areaId' },
      ExpressionAttributeValues: { ':pk': keys.reviewPartition(districtId), ':within': within },
    },
    limit,
    REVIEW_PAGES,
  );
}

/**
 * The items of a claimer's open claims, nearest deadline first: every page of gsi1 up to `limit`,
 * each read again from the table, consistently, and kept only while it is still their claim. The
 * index lags its table: a claim given up a moment ago may still be listed there, and the list
 * shows the wisher's contact.
 */
export async function claimItems(db: DynamoDBDocumentClient, tableName: string, holder: ClaimSlotHolder, limit: number) {
  const input = {
    TableName: tableName,
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.claimsPartition(holder) },
  };
  const listed = await queryUpTo(db, input, limit, limit);
  if (listed.length === 0) return [];
  const current = await batchGetAll(
    db,
    tableName,
    listed.map((item) => ({ ...keys.request(String(item.id)) })),
    { consistentRead: true },
  );
  const byPartition = new Map(current.map((item) => [String(item.pk), item]));
  return listed.flatMap((item) => {
    const now = byPartition.get(String(item.pk));
    return now && isClaimedBy(stripKeys(now) as unknown as ServiceRequest, holder) ? [now] : [];
  });
}
