/**
 * The requests' creation index (gsi4, keys only; 2026-12) the admins' list reads: its chunks of
 * keys, the requests they name, a community's requests in time order (gsi3), and whether every
 * stored request is on gsi4. One item (`keys.requestsIndexed`) says so, written by the requests'
 * reindex (scripts/requests-reindex.ts); until it exists the list reads gsi3 whole, as before.
 */
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CreatedEntry, CreatedRange, ListedRequest } from '#shared/ports/request-repository';
import { batchGetAll } from './batch';
import { keys } from './keys';
import { stripKeys } from './query';
import { requestOfItem } from './request-items';

/** How long a table found not yet reindexed is taken as such before it is read again. */
export const UNINDEXED_RECHECK_MS = 60_000;

export class CreatedIndex {
  private indexed = false;
  private checkedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly recheckMs = UNINDEXED_RECHECK_MS,
  ) {}

  /** Whether the list may read gsi4: read once, kept once true; false is read again after `recheckMs`. */
  async ready(): Promise<boolean> {
    if (this.indexed || Date.now() - this.checkedAt < this.recheckMs) return this.indexed;
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.requestsIndexed, ConsistentRead: true }));
    this.indexed = Boolean(out.Item);
    this.checkedAt = Date.now();
    return this.indexed;
  }

  async entries(
    districtId: string,
    month: string,
    range: CreatedRange,
    limit: number,
  ): Promise<{ entries: CreatedEntry[]; more: boolean }> {
    let [low, high] = [range.from, range.to];
    if (range.after) {
      const place = keys.createdPlace(range.after.createdAt, range.after.id);
      if (range.order === 'newest') high = high < place ? high : place;
      else low = low > `${place}~` ? low : `${place}~`;
    }
    // Neither bound is a stored key (each lacks the area), so BETWEEN's inclusive ends take none wrongly.
    if (low > high) return { entries: [], more: false };
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi4',
        KeyConditionExpression: 'gsi3pk = :pk AND gsi4sk BETWEEN :low AND :high',
        ExpressionAttributeValues: { ':pk': keys.adminListingPartition(districtId, month), ':low': low, ':high': high },
        ScanIndexForward: range.order === 'oldest',
        Limit: limit,
      }),
    );
    const entries = (out.Items ?? []).map((item) => keys.createdEntryOf(String(item.gsi4sk)));
    return { entries, more: out.LastEvaluatedKey !== undefined };
  }

  async inCommunity(
    districtId: string,
    month: string,
    communityId: string,
    range: CreatedRange,
    limit: number,
  ): Promise<{ requests: ListedRequest[]; more: boolean }> {
    let [low, high] = [keys.adminListingPlace(communityId, range.from), keys.adminListingPlace(communityId, range.to)];
    const after = range.after && keys.adminListingPlace(communityId, range.after.createdAt, range.after.id);
    // The cursor's own key is a bound here (BETWEEN takes it): its request is dropped below.
    if (after && range.order === 'newest') high = high < after ? high : after;
    if (after && range.order === 'oldest') low = low > after ? low : after;
    if (low > high) return { requests: [], more: false };
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk BETWEEN :low AND :high',
        ExpressionAttributeValues: { ':pk': keys.adminListingPartition(districtId, month), ':low': low, ':high': high },
        ScanIndexForward: range.order === 'oldest',
        // One more for the cursor's own request, found first when it is still stored.
        Limit: after ? limit + 1 : limit,
      }),
    );
    const requests = (out.Items ?? []).map((item) => requestOfItem(stripKeys(item))).filter((r) => r.id !== range.after?.id);
    return { requests: requests.slice(0, limit), more: out.LastEvaluatedKey !== undefined || requests.length > limit };
  }

  /** The requests' items by id (eventually consistent, as the index they were found on). */
  async requests(ids: readonly string[]): Promise<ListedRequest[]> {
    if (ids.length === 0) return [];
    const found = await batchGetAll(
      this.db,
      this.tableName,
      ids.map((id) => ({ ...keys.request(id) })),
    );
    return found.map((item) => requestOfItem(stripKeys(item)));
  }
}
