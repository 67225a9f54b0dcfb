/**
 * The Outbox port on the single table: items beside their request, found by gsi2 due time.
 *
 * The version before stored facts sent each request fact through a `stats` queue as an outbox
 * message, counted it, and kept the item as its count marker (`countedAt`). A fact it left
 * uncounted is still here after an upgrade: the fold's first run moves every one to the facts'
 * index (`StatsFacts.adoptLegacy`) before folding; `due` moves any it meets the same way
 * (`moveLegacyFact`) instead of returning it.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Outbox, OutboxMessage } from '#shared/ports/outbox';
import { keys } from './keys';
import { COUNTED_AT, LEGACY_FACTS_QUEUE, moveLegacyFact } from './stats-facts';

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
    const items = out.Items ?? [];
    await Promise.all(
      items.filter((item) => item.queue === LEGACY_FACTS_QUEUE).map((item) => moveLegacyFact(this.db, this.tableName, item)),
    );
    return items
      .filter((item) => item.queue !== LEGACY_FACTS_QUEUE)
      .map(
        ({ id, requestId, queue, body, dueAt, relays, giveUpAt }) =>
          ({ id, requestId, queue, body, dueAt, relays: relays ?? 0, ...(giveUpAt ? { giveUpAt } : {}) }) as OutboxMessage,
      );
  }

  async reschedule(message: OutboxMessage, dueAt: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.outbox(message.requestId, message.id),
          UpdateExpression: 'SET dueAt = :due, gsi2sk = :sk, relays = :relays',
          // Settled by its consumer meanwhile (removed, or a fact counted): nothing to move.
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#counted)',
          ExpressionAttributeNames: { '#counted': COUNTED_AT },
          ExpressionAttributeValues: {
            ':due': dueAt,
            ':sk': keys.outboxDue(dueAt, message.id).gsi2sk,
            ':relays': (message.relays ?? 0) + 1,
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async remove(requestId: string, messageId: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.outbox(requestId, messageId) }));
  }
}
