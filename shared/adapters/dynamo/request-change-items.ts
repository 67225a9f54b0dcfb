/**
 * The items of a request's status change, written in one transaction: the request put
 * (conditional on status and version), its timeline event, new and settled outbox items, its
 * statistics fact, and what the change does to the wish wall and to a volunteer's claim slots;
 * and an offer's hold on its team's capacity, taken and given back.
 */
import { orderMonth } from '#shared/domain/team';
import type { OfferReservation, StatusChange } from '#shared/ports/request-repository';
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

/**
 * An offer's hold on its team (reserveOffer): a unit of the team's capacity, if it has one free and
 * is not paused, and is still at the version the dispatch judged it on (when the offer names one).
 */
export function teamCapacityTaken(tableName: string, reservation: OfferReservation): TransactItem {
  const judged = reservation.teamVersion !== undefined;
  return {
    Update: {
      TableName: tableName,
      Key: keys.team(reservation.teamId),
      UpdateExpression: 'SET #active = #active + :one, #recent.#month = if_not_exists(#recent.#month, :zero) + :one',
      ConditionExpression: `#active < #capacity AND #paused = :false${judged ? ' AND #version = :version' : ''}`,
      ExpressionAttributeNames: {
        '#active': 'active',
        '#capacity': 'capacity',
        '#paused': 'paused',
        '#recent': 'recentOrders',
        '#month': orderMonth(new Date(reservation.after.updatedAt)),
        ...(judged ? { '#version': 'version' } : {}),
      },
      ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':false': false, ...(judged ? { ':version': reservation.teamVersion } : {}) },
    },
  };
}

/**
 * A judged offer's proof that its team still handles the request's service: a change of the team's
 * services deletes this coverage item in the transaction that raises its version, so a change that
 * landed after the coverage query but before the team was read (its new version judged) is caught.
 * A team handling the service by its category has the item too (`servicesHandledBy`).
 */
export function teamStillCovers(tableName: string, reservation: OfferReservation): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName,
      Key: keys.teamCoverage(reservation.teamId, reservation.after.serviceCode),
      ConditionExpression: 'attribute_exists(pk)',
    },
  };
}

/** The unit of capacity a released or cancelled offer gives back to its team (releaseOffer). */
export function teamCapacityGivenBack(tableName: string, teamId: string): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.team(teamId),
      UpdateExpression: 'SET #active = #active - :one',
      ConditionExpression: '#active > :zero',
      ExpressionAttributeNames: { '#active': 'active' },
      ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
    },
  };
}
