/**
 * Whether the areas' level and name listings (gsi2, gsi3; 2026-12) hold every stored area, and
 * the reindex that makes them. One item (`keys.areasListed`) says so, written when the reindex has
 * listed every stored area (an empty table: at once). Until it exists the reads go through the
 * subtree (gsi1), as before the listings: an area written since (an import's change, a rename) is
 * listed, but the listing of its level or city would hold it alone.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { levelOf } from '#shared/domain/area';
import { keys } from './keys';
import { queryAll } from './query';

/** How long a table found unlisted is taken as such before it is read again. */
export const UNLISTED_RECHECK_MS = 60_000;
const WRITES_IN_FLIGHT = 16;

/** The listing attributes an area's item should carry, from its id and Chinese name. */
function listingOf(id: string, nameZh: string): Record<string, string> {
  return { ...keys.areaLevelListing(id), ...(levelOf(id) === 'community' ? keys.communityNameListing(id, nameZh) : {}) };
}

export class AreaListings {
  private listed = false;
  private checkedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly recheckMs = UNLISTED_RECHECK_MS,
  ) {}

  /** Whether reads may use the listings: read once, kept once true; false is read again after `recheckMs`. */
  async ready(): Promise<boolean> {
    if (this.listed || Date.now() - this.checkedAt < this.recheckMs) return this.listed;
    this.listed = await this.flagged();
    this.checkedAt = Date.now();
    return this.listed;
  }

  /** Lists every stored area unless the table says they are: the areas written (0 when it said so). */
  async ensure(): Promise<number> {
    if (this.listed || (await this.flagged())) return 0;
    return (await this.relist()).written;
  }

  /**
   * The reindex: gives each stored area that lacks them its listing attributes (an update of
   * those alone, so a rename or import made meanwhile stays; a community's name listing only
   * while its name is the one read, a rename writes its own), then says every area is listed.
   */
  async relist(): Promise<{ stored: number; written: number }> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.areasPartition },
    });
    const unlisted = items.filter((item) => {
      const wanted = listingOf(String(item.id), String((item.name as { zh?: unknown } | undefined)?.zh));
      return Object.entries(wanted).some(([name, value]) => item[name] !== value);
    });
    let next = 0;
    const worker = async () => {
      while (next < unlisted.length) {
        const item = unlisted[next++]!;
        await this.list(String(item.id), String((item.name as { zh?: unknown }).zh));
      }
    };
    await Promise.all(Array.from({ length: Math.min(WRITES_IN_FLIGHT, unlisted.length) }, worker));
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.areasListed, at: new Date().toISOString() } }));
    this.listed = true;
    return { stored: items.length, written: unlisted.length };
  }

  private async list(id: string, nameZh: string): Promise<void> {
    const set = async (listing: Record<string, string>, sameName: boolean) => {
      const names = Object.keys(listing);
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.area(id),
          UpdateExpression: `SET ${names.map((n) => `${n} = :${n}`).join(', ')}`,
          ConditionExpression: sameName ? 'attribute_exists(pk) AND #name.#zh = :zh' : 'attribute_exists(pk)',
          ...(sameName ? { ExpressionAttributeNames: { '#name': 'name', '#zh': 'zh' } } : {}),
          ExpressionAttributeValues: {
            ...Object.fromEntries(names.map((n) => [`:${n}`, listing[n]])),
            ...(sameName ? { ':zh': nameZh } : {}),
          },
        }),
      );
    };
    const listing = listingOf(id, nameZh);
    const community = 'gsi3sk' in listing;
    try {
      await set(listing, community);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // Renamed since the read (the rename wrote the name listing): the level listing alone. Gone: nothing.
      if (community) await set(keys.areaLevelListing(id), false).catch((e: unknown) => ignoreGone(e));
    }
  }

  private async flagged(): Promise<boolean> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.areasListed, ConsistentRead: true }));
    return Boolean(out.Item);
  }
}

function ignoreGone(error: unknown): void {
  if (!(error instanceof ConditionalCheckFailedException)) throw error;
}
