/** The Outbox port on the single table: items beside their request, found by gsi2 due time. */
import { DeleteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Outbox, OutboxMessage } from '#shared/ports/outbox';
import { keys } from './keys';

export function outboxItem(message: OutboxMessage): Record<string, unknown> {
  return {
    ...keys.outbox(message.requestId, message.id),
    ...keys.outboxDue(message.dueAt, message.id),
    entity: 'OutboxMessage',
    ...message,
  };
}

export class DynamoOutbox implements Outbox {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async due(now: string, limit: number): Promise<OutboxMessage[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :upTo',
        // `~` sorts after every id character, so messages due exactly at `now` are included.
        ExpressionAttributeValues: { ':pk': keys.outboxDuePartition, ':upTo': `${now}~` },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(({ id, requestId, queue, body, dueAt }) => ({ id, requestId, queue, body, dueAt }) as OutboxMessage);
  }

  async markSent(message: OutboxMessage): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.outbox(message.requestId, message.id) }));
  }
}
