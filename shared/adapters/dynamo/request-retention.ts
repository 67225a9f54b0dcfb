/** The retention rule's and erasure's storage (`RequestRetention`) on the single table. */
import { GetCommand, PutCommand, QueryCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '#shared/domain/errors';
import type { RequestStatus } from '#shared/domain/request-state';
import type { ServiceRequest, TimelineEvent } from '#shared/domain/service-request';
import type { RequestRetention, RetentionEntry, RetentionPage, RetentionProgress } from '#shared/ports/request-retention';
import { keys } from './keys';
import { detailsItem, eventItem, requestItem } from './request-items';
import { cancellationReasons, type TransactItem, transactWrite } from './transaction-errors';

/** DynamoDB's limit of items in one transaction. */
const TRANSACTION_ITEMS = 100;
/** Entries of a district month read at a time: keys and four small attributes each. */
const PAGE = 500;

const cursorOf = (key: Record<string, unknown> | undefined) => (key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined);
const keyOf = (cursor: string | undefined) =>
  cursor ? (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>) : undefined;

export class DynamoRequestRetention implements RequestRetention {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createdIn(districtId: string, month: string, cursor?: string): Promise<RetentionPage> {
    // gsi3 copies the whole item (ALL), but only what decides is read back: no contact crosses the wire.
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.adminListingPartition(districtId, month) },
        ProjectionExpression: 'pk, #status, updatedAt, anonymisedAt',
        ExpressionAttributeNames: { '#status': 'status' },
        Limit: PAGE,
        ExclusiveStartKey: keyOf(cursor),
      }),
    );
    const entries: RetentionEntry[] = (out.Items ?? []).map((item) => ({
      id: keys.createdEntryOf(item).id,
      status: item.status as RequestStatus,
      updatedAt: String(item.updatedAt),
      ...(typeof item.anonymisedAt === 'string' ? { anonymisedAt: item.anonymisedAt } : {}),
    }));
    const next = cursorOf(out.LastEvaluatedKey);
    return { entries, ...(next ? { cursor: next } : {}) };
  }

  async replace(before: ServiceRequest, after: ServiceRequest, events: readonly TimelineEvent[]): Promise<void> {
    const put = (Item: Record<string, unknown>): TransactItem => ({ Put: { TableName: this.tableName, Item } });
    const request: TransactItem = {
      Put: {
        TableName: this.tableName,
        Item: requestItem(after),
        ConditionExpression: '#version = :version AND attribute_not_exists(anonymisedAt)',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':version': before.version },
      },
    };
    // A request whose details item is lost (damaged) has none to blank: none is written in its place.
    const details = before.detailsApart && !before.detailsUnavailable ? [put(detailsItem(after))] : [];
    const eventPuts = events.map((event) => put(eventItem(event)));
    // Beyond one transaction (a request with ~100 events), the earlier events go first: blanking
    // them is harmless on its own, and a retry writes them again.
    const room = TRANSACTION_ITEMS - 1 - details.length;
    const apart = eventPuts.slice(room);
    for (let i = 0; i < apart.length; i += TRANSACTION_ITEMS) await transactWrite(this.db, apart.slice(i, i + TRANSACTION_ITEMS));
    try {
      await transactWrite(this.db, [request, ...details, ...eventPuts.slice(0, room)]);
    } catch (error) {
      if (cancellationReasons(error)?.[0]?.Code === 'ConditionalCheckFailed') {
        throw new ConflictError('The request changed meanwhile; load it again and erase it then');
      }
      throw error;
    }
  }

  async progress(): Promise<RetentionProgress> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.retentionProgress, ConsistentRead: true }));
    const item = out.Item ?? {};
    // An item of a version before `firstMonth` holds `month` alone: the first month is then found.
    const search = item.search as RetentionProgress['search'] | undefined;
    return {
      ...(typeof item.month === 'string' ? { month: item.month } : {}),
      ...(typeof item.firstMonth === 'string' ? { firstMonth: item.firstMonth } : {}),
      ...(typeof search?.cursor === 'string' ? { search } : {}),
    };
  }

  async setProgress(progress: RetentionProgress): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.retentionProgress, entity: 'RetentionProgress', ...progress } }),
    );
  }

  async oldestCreated(cursor?: string): Promise<{ oldest?: string; cursor?: string }> {
    // The creation index holds keys and the area only (~130 bytes a request): a 1 MB page is ~7,000 requests.
    const out = await this.db.send(
      new ScanCommand({ TableName: this.tableName, IndexName: 'gsi4', ProjectionExpression: 'gsi3pk', ExclusiveStartKey: keyOf(cursor) }),
    );
    const months = (out.Items ?? []).map((item) => keys.adminListingMonthOf(item.gsi3pk)).filter((m) => m !== undefined);
    const oldest = months.sort()[0];
    const next = cursorOf(out.LastEvaluatedKey);
    return { ...(oldest ? { oldest } : {}), ...(next ? { cursor: next } : {}) };
  }
}
