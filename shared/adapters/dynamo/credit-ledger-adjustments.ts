/**
 * Staff corrections of a closed request's credit on the single table (`CreditLedger.adjust`):
 * each is a line of its own beside the EARN line (`EARN#<request>#ADJ#<n>`), so one query reads
 * the posting and its corrections, and the posting keeps the figures first uploaded. The n-th
 * line is put once, in the transaction that changes the balance, only while the credit stands
 * (posted, not voided, not merged away) and the request is not marked voided or withheld.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { CreditEntry } from '#shared/domain/credit';
import type { CreditAdjustment, RequestCredit } from '#shared/ports/credit-ledger';
import { balanceNames as names } from './credit-ledger-merge';
import { REQUEST_STANDS } from './credit-ledger-merge-voided';
import { keys } from './keys';
import { queryAll } from './query';
import { cancellationReasons, transactWrite } from './transaction-errors';

/** The sum of floating figures kept to 4 decimals, as points are. */
const tidy = (n: number) => Math.round(n * 10_000) / 10_000;

/** The request's credit on a ledger, with its corrections; a line merged into a person's is read there. */
export async function readCredit(
  db: DynamoDBDocumentClient,
  tableName: string,
  volunteerKey: string,
  requestId: string,
): Promise<RequestCredit | undefined> {
  const earnKey = keys.volunteerEarning(volunteerKey, requestId);
  const [lines, voided] = await Promise.all([
    queryAll(db, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': earnKey.pk, ':sk': earnKey.sk },
      ConsistentRead: true,
    }),
    db.send(new GetCommand({ TableName: tableName, Key: keys.volunteerVoiding(volunteerKey, requestId), ConsistentRead: true })),
  ]);
  const earned = lines.find((line) => line.sk === earnKey.sk);
  if (!earned) return undefined;
  // Merged into a person's ledger: the line lives on there (one level: a person is never merged).
  if (earned.mergedInto !== undefined)
    return earned.mergedInto === volunteerKey ? undefined : readCredit(db, tableName, String(earned.mergedInto), requestId);
  const adjustments = lines.filter((line) => String(line.sk).startsWith(`${earnKey.sk}#ADJ#`) && line.mergedInto === undefined);
  const sum = (field: string) => tidy(adjustments.reduce((total, line) => total + Number(line[field] ?? 0), Number(earned[field] ?? 0)));
  const entry: CreditEntry = {
    volunteerKey: String(earned.volunteerKey),
    requestId: String(earned.requestId),
    ...(typeof earned.teamId === 'string' && earned.teamId ? { teamId: earned.teamId } : {}),
    minutes: sum('minutes'),
    hours: sum('hours'),
    points: sum('points'),
    at: String(earned.at),
    ...(adjustments.length > 0 ? { adjustments: adjustments.length } : {}),
  };
  return { entry, voided: voided.Item !== undefined };
}

/**
 * The check a posting or a correction's line takes with it: the request's item (same table) is
 * not marked voided or withheld (`REQUEST_STANDS`), so nothing is credited after void-credits marked
 * the request (it voids only what it found). No item (a ledger used alone): nothing to check against.
 */
export function standingRequest(tableName: string, requestId: string) {
  return {
    ConditionCheck: { TableName: tableName, Key: keys.request(requestId), ConditionExpression: REQUEST_STANDS },
  };
}

export async function adjustCredit(
  db: DynamoDBDocumentClient,
  tableName: string,
  adjustment: CreditAdjustment,
): Promise<'adjusted' | 'changed' | 'voided' | 'nothing-earned'> {
  const { volunteerKey, requestId } = adjustment;
  try {
    await transactWrite(db, [
      {
        ConditionCheck: {
          TableName: tableName,
          Key: keys.volunteerEarning(volunteerKey, requestId),
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(mergedInto)',
        },
      },
      {
        ConditionCheck: {
          TableName: tableName,
          Key: keys.volunteerVoiding(volunteerKey, requestId),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: { ...keys.volunteerAdjustment(volunteerKey, requestId, adjustment.seq), entity: 'CreditAdjusted', ...adjustment },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: tableName,
          Key: keys.volunteerBalance(volunteerKey),
          UpdateExpression: 'ADD #hours :hours, #earned :points, #balance :points',
          ExpressionAttributeNames: { '#hours': names['#hours'], '#earned': names['#earned'], '#balance': names['#balance'] },
          ExpressionAttributeValues: { ':hours': adjustment.hours, ':points': adjustment.points },
        },
      },
      standingRequest(tableName, requestId),
    ]);
    return 'adjusted';
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons?.[0]?.Code === 'ConditionalCheckFailed') return 'nothing-earned';
    if (reasons?.[1]?.Code === 'ConditionalCheckFailed') return 'voided';
    if (reasons?.[2]?.Code === 'ConditionalCheckFailed') return 'changed';
    if (reasons?.[4]?.Code === 'ConditionalCheckFailed') return 'voided';
    throw error;
  }
}
