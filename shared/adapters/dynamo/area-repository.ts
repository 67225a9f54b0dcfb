/**
 * The AreaRepository port: one item per area, listed in id-path order through gsi1 (a subtree),
 * by level through gsi2 (an area's children) and, communities, by name per city through gsi3 (the
 * search). The level and name reads use gsi2 and gsi3 only once the table says every area is
 * listed there (area-listings.ts); until then, the subtree through gsi1, as before them.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { areaLevels, isWithin, levelOf, nextLevelOf, type Area } from '#shared/domain/area';
import { type AreaChanges, type AreaRepository, refuseEmptyArea } from '#shared/ports/area-repository';
import { batchGetAll, batchWriteAll } from './batch';
import { AreaListings } from './area-listings';
import { keys } from './keys';
import { queryAll, queryUpTo, stripKeys } from './query';

/**
 * Every area is in one index partition (gsi1pk AREAS, about 1,000 writes a second): a province's
 * import goes a few batches at a time and waits out throttling patiently (about half a minute
 * per batch) before it fails.
 */
const IMPORT_PACE = { concurrency: 4, maxAttempts: 16, baseDelayMs: 50, maxDelayMs: 4000, retryThrottled: true } as const;

const areaItem = (area: Area) => ({
  ...keys.area(area.id),
  ...keys.areaListing(area.id),
  ...keys.areaLevelListing(area.id),
  ...(levelOf(area.id) === 'community' ? keys.communityNameListing(area.id, area.name.zh) : {}),
  entity: 'Area',
  ...area,
});

export class DynamoAreaRepository implements AreaRepository {
  /** Built once per container with the repository, so a table found listed is read once. */
  readonly listings: AreaListings;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: { readonly unlistedRecheckMs?: number } = {},
  ) {
    this.listings = new AreaListings(db, tableName, options.unlistedRecheckMs);
  }

  async get(id: string): Promise<Area | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.area(id) }));
    return out.Item ? (stripKeys(out.Item) as Area) : undefined;
  }

  async getMany(ids: readonly string[]): Promise<(Area | undefined)[]> {
    if (ids.length <= 1) return Promise.all(ids.map((id) => this.get(id)));
    const found = await batchGetAll(
      this.db,
      this.tableName,
      [...new Set(ids)].map((id) => ({ ...keys.area(id) })),
    );
    const byId = new Map(found.map((item) => [String(item.id), stripKeys(item) as Area]));
    return ids.map((id) => byId.get(id));
  }

  async subtree(rootId?: string): Promise<Area[]> {
    refuseEmptyArea(rootId);
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: rootId ? 'gsi1pk = :pk AND begins_with(gsi1sk, :root)' : 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.areasPartition, ...(rootId ? { ':root': rootId } : {}) },
    });
    const areas = items.map((i) => stripKeys(i) as Area);
    // Codes are fixed-width per level, so `begins_with` is the subtree; isWithin also drops a malformed root.
    return rootId ? areas.filter((a) => isWithin(a.id, rootId)) : areas;
  }

  async childrenOf(parentId?: string): Promise<Area[]> {
    refuseEmptyArea(parentId);
    const below = parentId === undefined ? areaLevels : areaLevels.slice(areaLevels.indexOf(levelOf(parentId)) + 1);
    if (below.length === 0) return [];
    // Not every area listed yet (stored before the listings): the subtree's read, as before them.
    if (!(await this.listings.ready())) return nextLevelOf(await this.subtree(parentId), parentId);
    for (const level of below) {
      const items = await queryAll(this.db, {
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: parentId ? 'gsi2pk = :pk AND begins_with(gsi2sk, :parent)' : 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.areaLevelPartition(level), ...(parentId ? { ':parent': parentId } : {}) },
      });
      if (items.length > 0) return items.map((i) => stripKeys(i) as Area);
    }
    return [];
  }

  async communitiesNamed(cityId: string, prefix: string, limit: number): Promise<Area[]> {
    refuseEmptyArea(cityId);
    if (await this.listings.ready()) {
      const named = await queryUpTo(
        this.db,
        {
          TableName: this.tableName,
          IndexName: 'gsi3',
          KeyConditionExpression: 'gsi3pk = :pk AND begins_with(gsi3sk, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.communityNamePartition(cityId), ':prefix': prefix },
        },
        limit,
        2,
      );
      return named.map((i) => stripKeys(i) as Area);
    }
    // Not every community listed by name yet (stored before the listing): the city's subtree, as before it.
    const key = (a: Area) => Buffer.from(`${a.name.zh}#${a.id}`);
    return (await this.subtree(cityId))
      .filter((a) => levelOf(a.id) === 'community' && `${a.name.zh}#${a.id}`.startsWith(prefix))
      .sort((a, b) => Buffer.compare(key(a), key(b)))
      .slice(0, limit);
  }

  async ensureListed(): Promise<number> {
    return this.listings.ensure();
  }

  async put(area: Area): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: areaItem(area) }));
  }

  async update(id: string, changes: AreaChanges): Promise<Area | undefined> {
    // A community renamed moves in the name listing (gsi3), written afresh so an item stored before it gains it.
    const listed = changes.name && /^\d{12}$/.test(id) ? keys.communityNameListing(id, changes.name.zh) : undefined;
    const retiredBy = changes.retiredAt ? changes.retiredBy : undefined;
    const set = [
      ...(changes.name ? ['#name = :name'] : []),
      ...(listed ? ['gsi3pk = :gsi3pk', 'gsi3sk = :gsi3sk'] : []),
      ...(changes.retiredAt ? ['retiredAt = :retiredAt'] : []),
      ...(retiredBy ? ['retiredBy = :retiredBy'] : []),
    ];
    const expression = [set.length ? `SET ${set.join(', ')}` : '', changes.retiredAt === null ? 'REMOVE retiredAt, retiredBy' : '']
      .filter(Boolean)
      .join(' ');
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.area(id),
          UpdateExpression: expression,
          ConditionExpression: 'attribute_exists(pk)',
          ...(changes.name ? { ExpressionAttributeNames: { '#name': 'name' } } : {}),
          ...(set.length
            ? {
                ExpressionAttributeValues: {
                  ...(changes.name ? { ':name': changes.name } : {}),
                  ...(listed ? { ':gsi3pk': listed.gsi3pk, ':gsi3sk': listed.gsi3sk } : {}),
                  ...(changes.retiredAt ? { ':retiredAt': changes.retiredAt } : {}),
                  ...(retiredBy ? { ':retiredBy': retiredBy } : {}),
                },
              }
            : {}),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes ? (stripKeys(out.Attributes) as Area) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async putMany(areas: readonly Area[]): Promise<void> {
    await batchWriteAll(
      this.db,
      this.tableName,
      areas.map((area) => ({ PutRequest: { Item: areaItem(area) } })),
      IMPORT_PACE,
    );
  }
}
