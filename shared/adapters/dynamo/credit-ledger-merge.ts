/**
 * Merging a guest's name ledger into a person's (`CreditLedger.merge`) on the single table: each
 * line (earned, adjusted, voided, spent) moves in a transaction of its own that marks the source line
 * `mergedInto`, writes or adds to the target line, and changes both balances by the same amounts
 * (a spent line also repoints its pickup code), so a line moves exactly once whatever runs at once.
 * A request's posting moves only while no correction or void of it was written on the guest's
 * ledger since the lines were read (else they are read again): none is left behind there.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '#shared/domain/errors';
import { keys } from './keys';
import { queryAll } from './query';
import { cancellationReasons, transactWrite } from './transaction-errors';

/** The balance item's attributes, named through placeholders: some of these words are reserved in DynamoDB expressions. */
export const balanceNames = {
  '#entity': 'entity',
  '#key': 'volunteerKey',
  '#hours': 'hours',
  '#earned': 'pointsEarned',
  '#balance': 'balance',
  '#spent': 'pointsSpent',
};

export async function mergeLedger(
  db: DynamoDBDocumentClient,
  tableName: string,
  fromKey: string,
  toKey: string,
  at: string,
): Promise<{ moved: number }> {
  if (fromKey === toKey) return { moved: 0 };
  let moved = 0;
  for (let attempt = 1; attempt <= MERGE_ATTEMPTS; attempt++) {
    const lines = await queryAll(db, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: 'attribute_not_exists(mergedInto)',
      ExpressionAttributeValues: { ':pk': keys.volunteerPartition(fromKey) },
      ConsistentRead: true,
    });
    let changed = false;
    for (const line of lines) {
      const outcome = await moveLine(db, tableName, line, fromKey, toKey, at, lines);
      if (outcome === 'moved') moved++;
      if (outcome === 'changed') {
        changed = true;
        break;
      }
    }
    if (!changed) return { moved };
  }
  throw new ConflictError('The ledger kept changing while it was merged; merge again');
}

/** Reads of the guest's ledger before giving up when corrections or voids keep landing during the merge. */
const MERGE_ATTEMPTS = 5;

/**
 * What moving a request's posting checks besides: no correction or void of the request written
 * on the guest's ledger since `lines` were read (it would be left behind there, the posting gone).
 */
function nothingSinceRead(tableName: string, line: Record<string, unknown>, fromKey: string, lines: readonly Record<string, unknown>[]) {
  if (line.entity !== 'CreditEarned') return [];
  const requestId = String(line.requestId);
  const ofRequest = lines.filter((other) => other.requestId === requestId);
  const adjustments = ofRequest.filter((other) => other.entity === 'CreditAdjusted').length;
  const absent = (key: { pk: string; sk: string }) => ({
    ConditionCheck: { TableName: tableName, Key: key, ConditionExpression: 'attribute_not_exists(pk)' },
  });
  return [
    absent(keys.volunteerAdjustment(fromKey, requestId, adjustments + 1)),
    ...(ofRequest.some((other) => other.entity === 'CreditVoided') ? [] : [absent(keys.volunteerVoiding(fromKey, requestId))]),
  ];
}

/** One line to the other ledger with both balances, in one transaction; false if it had moved already. */
async function moveLine(
  db: DynamoDBDocumentClient,
  tableName: string,
  line: Record<string, unknown>,
  fromKey: string,
  toKey: string,
  at: string,
  read: readonly Record<string, unknown>[],
): Promise<'moved' | 'gone' | 'changed'> {
  const hours = Number(line.hours ?? 0);
  const points = Number(line.points ?? 0);
  const delta =
    line.entity === 'CreditEarned' || line.entity === 'CreditAdjusted'
      ? { hours, earned: points, spent: 0, balance: points }
      : line.entity === 'CreditVoided'
        ? { hours: -hours, earned: -points, spent: 0, balance: -points }
        : line.entity === 'CreditSpent'
          ? { hours: 0, earned: 0, spent: points, balance: -points }
          : undefined;
  if (!delta) return 'gone';
  const sk = String(line.sk);
  const balanceChange = (key: string, sign: 1 | -1) => ({
    Update: {
      TableName: tableName,
      Key: keys.volunteerBalance(key),
      UpdateExpression: 'SET #entity = :entity, #key = :key ADD #hours :hours, #earned :earned, #spent :spent, #balance :balance',
      ExpressionAttributeNames: balanceNames,
      ExpressionAttributeValues: {
        ':entity': 'CreditBalance',
        ':key': key,
        ':hours': sign * delta.hours,
        ':earned': sign * delta.earned,
        ':spent': sign * delta.spent,
        ':balance': sign * delta.balance,
      },
    },
  });
  // Earned, adjusted and voided lines add up with a line of the same request already there; spent lines are unique by code.
  const target =
    line.entity === 'CreditSpent'
      ? {
          Put: {
            TableName: tableName,
            Item: { ...line, pk: keys.volunteerPartition(toKey), sk, volunteerKey: toKey, mergedFrom: fromKey },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        }
      : {
          Update: {
            TableName: tableName,
            Key: { pk: keys.volunteerPartition(toKey), sk },
            UpdateExpression:
              'SET #entity = :entity, #key = :key, requestId = :requestId, teamId = if_not_exists(teamId, :teamId), #at = if_not_exists(#at, :at)' +
              (line.reason !== undefined ? ', reason = if_not_exists(reason, :reason)' : '') +
              // A correction's line keeps who made it and its number (the person's own line of that number, if any, stays first).
              (line.by !== undefined ? ', #by = if_not_exists(#by, :by)' : '') +
              (line.seq !== undefined ? ', #seq = if_not_exists(#seq, :seq)' : '') +
              ' ADD #hours :hours, points :points, minutes :minutes',
            ExpressionAttributeNames: {
              '#entity': 'entity',
              '#key': 'volunteerKey',
              '#hours': 'hours',
              '#at': 'at',
              ...(line.by !== undefined ? { '#by': 'by' } : {}),
              ...(line.seq !== undefined ? { '#seq': 'seq' } : {}),
            },
            ExpressionAttributeValues: {
              ':entity': line.entity,
              ':key': toKey,
              ':requestId': line.requestId,
              ':teamId': line.teamId ?? '',
              ':at': line.at,
              ':hours': hours,
              ':points': points,
              ':minutes': Number(line.minutes ?? 0),
              ...(line.reason !== undefined ? { ':reason': line.reason } : {}),
              ...(line.by !== undefined ? { ':by': line.by } : {}),
              ...(line.seq !== undefined ? { ':seq': line.seq } : {}),
            },
          },
        };
  const checks = nothingSinceRead(tableName, line, fromKey, read);
  try {
    await transactWrite(db, [
      ...checks,
      {
        Update: {
          TableName: tableName,
          Key: { pk: keys.volunteerPartition(fromKey), sk },
          UpdateExpression: 'SET mergedInto = :to, mergedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(mergedInto)',
          ExpressionAttributeValues: { ':to': toKey, ':at': at },
        },
      },
      target,
      balanceChange(toKey, 1),
      balanceChange(fromKey, -1),
      ...(line.entity === 'CreditSpent'
        ? [
            {
              Update: {
                TableName: tableName,
                Key: keys.pickupCode(String(line.pickupCode)),
                UpdateExpression: 'SET volunteerKey = :to',
                ExpressionAttributeValues: { ':to': toKey },
              },
            },
          ]
        : []),
    ]);
    return 'moved';
  } catch (error) {
    const failed = (i: number) => cancellationReasons(error)?.[i]?.Code === 'ConditionalCheckFailed';
    if (checks.some((_, i) => failed(i))) return 'changed';
    if (failed(checks.length)) return 'gone';
    throw error;
  }
}
