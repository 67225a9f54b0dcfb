/**
 * The items of a request's status change, written in one transaction: the request put
 * (conditional on status and version), its timeline event, new and settled outbox items, its
 * statistics fact, and what the change does to the wish wall and to a volunteer's claim slots.
 */
import type { StatusChange } from '#shared/ports/request-repository';
import type { Put } from './idempotency-items';
import { keys } from './keys';
import { outboxItem } from './outbox';
import { eventItem, requestItem } from './request-items';
import { factItem } from './stats-facts';
import type { TransactItem } from './transaction-errors';
import { claimSlotChanges, wallChanges } from './wish-wall-items';

/** A put of an item that must not exist yet. */
export function putNew(tableName: string, item: Record<string, unknown>): Put {
  return { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/**
 * Every item of `change`, the request's put first: wall entries put or deleted, and a claim slot
 * taken (conditional on the volunteer's limit) or given back, last.
 */
export function statusChangeItems(tableName: string, change: StatusChange): TransactItem[] {
  const { before, after, event, outbox = [], fact, settles = [], claimSlot } = change;
  return [
    {
      Put: {
        TableName: tableName,
        Item: requestItem(after),
        ConditionExpression: '#status = :from AND #version = :version',
        ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
        ExpressionAttributeValues: { ':from': before.status, ':version': before.version },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    putNew(tableName, eventItem(event)),
    ...outbox.map((message) => putNew(tableName, outboxItem(message))),
    ...(fact ? [putNew(tableName, factItem(fact))] : []),
    ...settles.map((messageId) => ({ Delete: { TableName: tableName, Key: keys.outbox(after.id, messageId) } })),
    ...wallChanges(tableName, before, after),
    ...claimSlotChanges(tableName, before, after, claimSlot),
  ];
}
