/**
 * Posting what a request earned a volunteer (`CreditLedger.post`) on the single table: one
 * transaction that writes the `EARN#<request>` line and raises the balance, once per volunteer and
 * request. The line is new, or one a merge wrote with a guest's credit before the ledger's owner
 * posted (`unposted`, set by `credit-ledger-merge.ts` only when it makes the line): the posting
 * adds to it and clears the mark. A line without the mark holds its owner's posting (so do lines
 * written before the mark existed): a retry posts nothing more.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CreditEntry } from '#shared/domain/credit';
import { standingRequest } from './credit-ledger-adjustments';
import { balanceNames as names } from './credit-ledger-merge';
import { keys } from './keys';
import { cancellationReasons, transactWrite } from './transaction-errors';

export async function postCredit(
  db: DynamoDBDocumentClient,
  tableName: string,
  entry: CreditEntry,
): Promise<'posted' | 'already-posted' | 'voided'> {
  const earnKey = keys.volunteerEarning(entry.volunteerKey, entry.requestId);
  try {
    await transactWrite(db, [
      standingRequest(tableName, entry.requestId),
      {
        // New, or written by a merge before the owner posted (`unposted`): the posting adds to it, once.
        // A line without the mark holds the owner's posting (lines written before the mark hold it too).
        Update: {
          TableName: tableName,
          Key: earnKey,
          UpdateExpression:
            'SET #entity = :entity, #key = :key, requestId = :requestId, #at = if_not_exists(#at, :at)' +
            (entry.teamId !== undefined ? ', teamId = if_not_exists(teamId, :teamId)' : '') +
            ' REMOVE #unposted ADD #hours :hours, points :points, minutes :minutes',
          ConditionExpression: 'attribute_not_exists(pk) OR #unposted = :true',
          ExpressionAttributeNames: {
            '#entity': 'entity',
            '#key': 'volunteerKey',
            '#at': 'at',
            '#hours': 'hours',
            '#unposted': 'unposted',
          },
          ExpressionAttributeValues: {
            ':entity': 'CreditEarned',
            ':key': entry.volunteerKey,
            ':requestId': entry.requestId,
            ':at': entry.at,
            ...(entry.teamId !== undefined ? { ':teamId': entry.teamId } : {}),
            ':hours': entry.hours,
            ':points': entry.points,
            ':minutes': entry.minutes,
            ':true': true,
          },
        },
      },
      {
        // A merged-in credit voided there: the request stands voided whole on this ledger.
        ConditionCheck: {
          TableName: tableName,
          Key: keys.volunteerVoiding(entry.volunteerKey, entry.requestId),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: tableName,
          Key: keys.volunteerBalance(entry.volunteerKey),
          UpdateExpression: 'SET #entity = :entity, #key = :key ADD #hours :hours, #earned :points, #balance :points, #spent :zero',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: {
            ':entity': 'CreditBalance',
            ':key': entry.volunteerKey,
            ':hours': entry.hours,
            ':points': entry.points,
            ':zero': 0,
          },
        },
      },
    ]);
    return 'posted';
  } catch (error) {
    const failed = (i: number) => cancellationReasons(error)?.[i]?.Code === 'ConditionalCheckFailed';
    if (failed(0)) return 'voided';
    // Before the void line: a retry of a posting voided since was posted.
    if (failed(1)) return 'already-posted';
    if (failed(2)) return 'voided';
    throw error;
  }
}
