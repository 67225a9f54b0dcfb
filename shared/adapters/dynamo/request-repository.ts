/** The RequestRepository port on the single DynamoDB table. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { IllegalTransitionError } from '#shared/domain/errors';
import type { RequestStatus } from '#shared/domain/request-state';
import type { ServiceRequest, TimelineEvent } from '#shared/domain/service-request';
import {
  IdempotencyKeyTakenError,
  TrackingCodeTakenError,
  type IdempotencyRecord,
  type NewRequestRecord,
  type RequestRepository,
  type StatusChange,
} from '#shared/ports/request-repository';
import { cancellationReasons, failedConditionAt, withConflictRetry } from './transaction-errors';
import { keys } from './keys';
import { outboxItem } from './outbox';
import { stripKeys } from './query';

type Put = { Put: { TableName: string; Item: Record<string, unknown>; ConditionExpression?: string; ExpressionAttributeValues?: Record<string, unknown> } };

const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export class DynamoRequestRepository implements RequestRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(record: NewRequestRecord): Promise<void> {
    const { request } = record;
    const items: Put[] = [
      this.putNew({ ...keys.request(request.id), entity: 'Request', ...request }),
      this.putNew({ ...keys.trackingCode(request.trackingCode), entity: 'TrackingCode', requestId: request.id }),
      ...record.events.map((event) => this.putNew(eventItem(event))),
      ...record.outbox.map((message) => this.putNew(outboxItem(message))),
    ];
    const trackingIndex = 1;
    const idempotencyIndex = items.length;
    if (record.idempotency) items.push(this.putIdempotency(record.idempotency, request.createdAt));

    try {
      await withConflictRetry(() => this.db.send(new TransactWriteCommand({ TransactItems: items })));
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.[trackingIndex]?.Code === 'ConditionalCheckFailed') throw new TrackingCodeTakenError();
      if (record.idempotency && reasons?.[idempotencyIndex]?.Code === 'ConditionalCheckFailed') {
        throw new IdempotencyKeyTakenError();
      }
      throw error;
    }
  }

  async get(id: string): Promise<ServiceRequest | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.request(id), ConsistentRead: true }));
    return out.Item ? toRequest(out.Item) : undefined;
  }

  async getWithTimeline(id: string): Promise<{ request: ServiceRequest; timeline: TimelineEvent[] } | undefined> {
    // One query reads the request and its events: they share the partition, and `EVT#` < `REQ`.
    let request: ServiceRequest | undefined;
    const timeline: TimelineEvent[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.requestPartition(id) },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const sk = String(item.sk);
        if (sk === keys.request(id).sk) request = toRequest(item);
        else if (sk.startsWith(keys.timelinePrefix)) timeline.push(toEvent(item));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return request ? { request, timeline } : undefined;
  }

  async findIdempotency(keyHash: string): Promise<IdempotencyRecord | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.idempotency(keyHash), ConsistentRead: true }),
    );
    if (!out.Item || Date.parse(String(out.Item.expiresAtIso)) <= Date.now()) return undefined;
    return {
      keyHash,
      bodyHash: String(out.Item.bodyHash),
      response: out.Item.response,
      expiresAt: String(out.Item.expiresAtIso),
    };
  }

  async changeStatus({ before, after, event, outbox = [], settles = [] }: StatusChange): Promise<void> {
    try {
      await withConflictRetry(() =>
        this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.request(after.id), entity: 'Request', ...after },
                ConditionExpression: '#status = :from AND #version = :version',
                ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
                ExpressionAttributeValues: { ':from': before.status, ':version': before.version },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            this.putNew(eventItem(event)),
            ...outbox.map((message) => this.putNew(outboxItem(message))),
            ...settles.map((messageId) => ({ Delete: { TableName: this.tableName, Key: keys.outbox(after.id, messageId) } })),
          ],
        }),
        ),
      );
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons && failedConditionAt(reasons) === 0) {
        const current = storedStatus(reasons[0]?.Item) ?? before.status;
        throw new IllegalTransitionError(current, after.status);
      }
      if (error instanceof ConditionalCheckFailedException) throw new IllegalTransitionError(before.status, after.status);
      throw error;
    }
  }

  private putNew(item: Record<string, unknown>): Put {
    return { Put: { TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
  }

  private putIdempotency(record: IdempotencyRecord, now: string): Put {
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...keys.idempotency(record.keyHash),
          entity: 'Idempotency',
          bodyHash: record.bodyHash,
          response: record.response,
          expiresAtIso: record.expiresAt,
          ttl: epochSeconds(record.expiresAt),
        },
        // An expired record that TTL has not swept yet may be taken over.
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAtIso <= :now',
        ExpressionAttributeValues: { ':now': now },
      },
    };
  }
}

function eventItem(event: TimelineEvent): Record<string, unknown> {
  return { ...keys.timelineEvent(event.requestId, event.at, event.seq), entity: 'TimelineEvent', ...event };
}

/** The status in a cancellation reason's item; the SDK leaves that item in wire format. */
function storedStatus(item: Record<string, unknown> | undefined): RequestStatus | undefined {
  const status = item?.status as { S?: string } | string | undefined;
  return (typeof status === 'string' ? status : status?.S) as RequestStatus | undefined;
}

const toRequest = (item: Record<string, unknown>) => stripKeys(item) as unknown as ServiceRequest;
const toEvent = (item: Record<string, unknown>) => stripKeys(item) as unknown as TimelineEvent;

