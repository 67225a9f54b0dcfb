/**
 * Posting what a request earned a volunteer (`CreditLedger.post`, `postAll`) on the single table: one
 * transaction that writes the `EARN#<request>` line and raises the balance, once per volunteer and
 * request. The line is new, or one a merge wrote with a guest's credit before the ledger's owner
 * posted (`unposted`, set by `credit-ledger-merge.ts` only when it makes the line): the posting
 * adds to it and clears the mark. A line without the mark holds its owner's posting (so do lines
 * written before the mark existed): a retry posts nothing more. A line a void stands on carries
 * `voided` (set by `void` and by a merge that moves a request voided): an unposted one takes
 * nothing more, the request stands voided whole there. The line's own condition answers both, so
 * the posting checks no VOID line beside it (a ConditionCheck is billed as a write).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CreditEntry } from '#shared/domain/credit';
import { standingRequest } from './credit-ledger-adjustments';
import { balanceNames as names } from './credit-ledger-merge';
import { keys } from './keys';
import { cancellationReasons, failedConditionAt, transactWrite } from './transaction-errors';

type Posted = 'posted' | 'already-posted' | 'voided';

/**
 * The most postings one transaction takes: two items each and the request's check, within
 * DynamoDB's 100 items a transaction.
 */
export const POSTINGS_PER_TRANSACTION = 49;

export async function postCredit(db: DynamoDBDocumentClient, tableName: string, entry: CreditEntry): Promise<Posted> {
  try {
    await transactWrite(db, [standingRequest(tableName, entry.requestId), earnLine(tableName, entry), balanceRaise(tableName, entry)]);
    return 'posted';
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons?.[0]?.Code === 'ConditionalCheckFailed') return 'voided';
    const line = reasons?.[1];
    // A line still unposted failed only for its `voided`: a merged-in credit voided there stands voided whole.
    // Without the mark it holds the owner's posting: a retry (voided since or not) was posted.
    if (line?.Code === 'ConditionalCheckFailed') return line.Item?.unposted !== undefined ? 'voided' : 'already-posted';
    throw error;
  }
}

/**
 * A request's postings, one per volunteer, as `postCredit` posts each, in one transaction per
 * `POSTINGS_PER_TRANSACTION` with one check of the request: two volunteers cost 10 write units
 * rather than 12. When a condition fails in one (a retry finds a line posted, a merge's line is
 * voided, the request voided), that transaction wrote nothing and its postings go one by one,
 * each answering as `postCredit` does.
 */
export async function postCredits(db: DynamoDBDocumentClient, tableName: string, entries: readonly CreditEntry[]): Promise<Posted[]> {
  const requestIds = new Set(entries.map((e) => e.requestId));
  const volunteers = new Set(entries.map((e) => e.volunteerKey));
  // One transaction may not write an item twice: a volunteer listed twice goes one by one.
  if (entries.length < 2 || requestIds.size > 1 || volunteers.size < entries.length)
    return each(entries, (entry) => postCredit(db, tableName, entry));
  const out: Posted[] = [];
  for (let at = 0; at < entries.length; at += POSTINGS_PER_TRANSACTION) {
    const chunk = entries.slice(at, at + POSTINGS_PER_TRANSACTION);
    if (chunk.length === 1) {
      out.push(await postCredit(db, tableName, chunk[0]!));
      continue;
    }
    try {
      await transactWrite(db, [
        standingRequest(tableName, chunk[0]!.requestId),
        ...chunk.flatMap((entry) => [earnLine(tableName, entry), balanceRaise(tableName, entry)]),
      ]);
      out.push(...chunk.map((): Posted => 'posted'));
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons || failedConditionAt(reasons) < 0) throw error;
      out.push(...(await each(chunk, (entry) => postCredit(db, tableName, entry))));
    }
  }
  return out;
}

async function each(entries: readonly CreditEntry[], post: (entry: CreditEntry) => Promise<Posted>): Promise<Posted[]> {
  const out: Posted[] = [];
  for (const entry of entries) out.push(await post(entry));
  return out;
}

/** The `EARN#<request>` line: new, or written by a merge before the owner posted (`unposted`) and not voided there. */
function earnLine(tableName: string, entry: CreditEntry) {
  return {
    // A line without the mark holds the owner's posting (lines written before the mark hold it too).
    Update: {
      TableName: tableName,
      Key: keys.volunteerEarning(entry.volunteerKey, entry.requestId),
      UpdateExpression:
        'SET #entity = :entity, #key = :key, requestId = :requestId, #at = if_not_exists(#at, :at)' +
        (entry.teamId !== undefined ? ', teamId = if_not_exists(teamId, :teamId)' : '') +
        ' REMOVE #unposted ADD #hours :hours, points :points, minutes :minutes',
      ConditionExpression: 'attribute_not_exists(pk) OR (#unposted = :true AND attribute_not_exists(#voided))',
      ExpressionAttributeNames: {
        '#entity': 'entity',
        '#key': 'volunteerKey',
        '#at': 'at',
        '#hours': 'hours',
        '#unposted': 'unposted',
        '#voided': 'voided',
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
      // Which line stopped it: still unposted (so voided there), or holding the owner's posting.
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    },
  };
}

function balanceRaise(tableName: string, entry: CreditEntry) {
  return {
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
  };
}
