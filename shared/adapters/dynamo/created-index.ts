/**
 * The requests' creation index (gsi4: `gsi3pk` / `createdAt`, with `areaId`; 2026-12) the admins'
 * list reads: its chunks of places, the requests they name, and a community's requests in time
 * order (gsi3). Requests created in the same millisecond share a sort key in no stored order: a
 * chunk is ordered by (createdAt, id) here and never ends inside such a group, so a cursor at
 * (createdAt, id) leaves none of the group unread.
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CreatedEntry, CreatedRange, ListedRequest } from '#shared/ports/request-repository';
import { batchGetAll } from './batch';
import { keys } from './keys';
import { queryAll, stripKeys } from './query';
import { requestOfItem } from './request-items';

export class CreatedIndex {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Up to about `limit` places after `range.after` in the range's order, and whether more may
   * follow; more than `limit` when the read ends inside a group of requests created at one time
   * (the group is read whole). `to` is excluded.
   */
  async entries(
    districtId: string,
    month: string,
    range: CreatedRange,
    limit: number,
  ): Promise<{ entries: CreatedEntry[]; more: boolean }> {
    const newest = range.order === 'newest';
    const pk = keys.adminListingPartition(districtId, month);
    const after = range.after;
    // The last millisecond before `to`, so that no group created at `to` fills the read.
    let [low, high] = [range.from, new Date(Date.parse(range.to) - 1).toISOString()];
    if (after && newest) high = high < after.createdAt ? high : after.createdAt;
    if (after && !newest) low = low > after.createdAt ? low : after.createdAt;
    if (low > high) return { entries: [], more: false };
    const kept = (e: CreatedEntry) =>
      e.createdAt >= range.from &&
      e.createdAt < range.to &&
      (!after || e.createdAt !== after.createdAt || (newest ? e.id < after.id : e.id > after.id));
    // First from the cursor's own time (its group's later ids are still to come); when that read
    // held nothing past the cursor but more of its group, once more from strictly past that time.
    const conditions = [
      { expression: 'createdAt BETWEEN :low AND :high', values: { ':low': low, ':high': high } },
      ...(after ? [{ expression: `createdAt ${newest ? '<' : '>'} :at`, values: { ':at': after.createdAt } }] : []),
    ];
    const place = (e: CreatedEntry) => `${e.createdAt}_${e.id}`;
    for (const [i, condition] of conditions.entries()) {
      // One more for the cursor's own request, read first when it is still stored.
      const wanted = after && i === 0 ? limit + 1 : limit;
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi4',
          KeyConditionExpression: `gsi3pk = :pk AND ${condition.expression}`,
          ExpressionAttributeValues: { ':pk': pk, ...condition.values },
          ScanIndexForward: !newest,
          // And one more to see whether the last one's time ends with it.
          Limit: wanted + 1,
        }),
      );
      let items = out.Items ?? [];
      const more = out.LastEvaluatedKey !== undefined || items.length > wanted;
      const last = items[Math.min(items.length, wanted) - 1];
      if (items.length > wanted && items[wanted]!.createdAt !== last?.createdAt) items = items.slice(0, wanted);
      else if (more && last) {
        // The read stops inside the group created at its last time: that group whole, so the next cursor skips none of it.
        const group = await queryAll(this.db, {
          TableName: this.tableName,
          IndexName: 'gsi4',
          KeyConditionExpression: 'gsi3pk = :pk AND createdAt = :at',
          ExpressionAttributeValues: { ':pk': pk, ':at': last.createdAt },
        });
        items = [...items.filter((item) => item.createdAt !== last.createdAt), ...group];
      }
      const entries = items
        .map(keys.createdEntryOf)
        .filter(kept)
        .sort((a, b) => (newest ? -1 : 1) * (place(a) < place(b) ? -1 : place(a) > place(b) ? 1 : 0));
      if (entries.length > 0 || !more || last?.createdAt !== after?.createdAt) return { entries, more };
    }
    return { entries: [], more: false };
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
