/**
 * Merging a request's lines into a person's ledger when the request is voided there, or marked
 * voided or withheld (`credit-ledger-merge.ts`): what the person's side holds, what it checks, its void line.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys';
import { queryAll } from './query';
import type { TransactItem } from './transaction-errors';

export type PersonSide = Awaited<ReturnType<typeof personSide>>;

/**
 * The request's item bears neither mark of a complaint upheld: voided (`creditsVoided`) nor withheld
 * while its credits were pending (`creditsWithheld`). A posting, a correction and a merge that moves
 * a request as it stands check it (`standingRequest`, `personUnchanged`).
 */
export const REQUEST_STANDS = 'attribute_not_exists(creditsVoided) AND attribute_not_exists(creditsWithheld)';

type Mark = { at?: unknown; reason?: unknown } | undefined;

/** The person's own credit of a request as it stands, their void line and the request's mark (voided or withheld), read before a request's lines move. */
export async function personSide(db: DynamoDBDocumentClient, tableName: string, toKey: string, requestId: string) {
  const earnKey = keys.volunteerEarning(toKey, requestId);
  const [lines, voided, request] = await Promise.all([
    queryAll(db, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': earnKey.pk, ':sk': earnKey.sk },
      ConsistentRead: true,
    }),
    db.send(new GetCommand({ TableName: tableName, Key: keys.volunteerVoiding(toKey, requestId), ConsistentRead: true })),
    db.send(new GetCommand({ TableName: tableName, Key: keys.request(requestId), ConsistentRead: true })),
  ]);
  const earned = lines.find((line) => line.sk === earnKey.sk);
  const adjustments = lines.filter((line) => String(line.sk).startsWith(`${earnKey.sk}#ADJ#`));
  const sum = (field: string) => [earned, ...adjustments].reduce((total, line) => total + Number(line?.[field] ?? 0), 0);
  // Withheld credits are voided ones never posted: a line of the request moves voided all the same.
  const mark = (request.Item?.creditsVoided ?? request.Item?.creditsWithheld) as Mark;
  return {
    earned,
    adjustments: adjustments.length,
    standing: { minutes: sum('minutes'), hours: sum('hours'), points: sum('points') },
    voided: voided.Item,
    mark: mark ? { at: String(mark.at), reason: String(mark.reason) } : undefined,
  };
}

/**
 * What moving a request's lines checks of the person's side besides. Moving as before (`voidedWhole`
 * false): the person's credit is still not voided and the request still not marked voided or withheld. Moving
 * voided: no correction of the person's own credit since read (the void line holds what stood).
 */
export function personUnchanged(
  tableName: string,
  toKey: string,
  requestId: string,
  person: PersonSide,
  voidedWhole: boolean,
  group: readonly Record<string, unknown>[],
) {
  const check = (key: { pk: string; sk: string }, condition: string) => ({
    ConditionCheck: { TableName: tableName, Key: key, ConditionExpression: condition },
  });
  if (!voidedWhole)
    return [check(keys.volunteerVoiding(toKey, requestId), 'attribute_not_exists(pk)'), check(keys.request(requestId), REQUEST_STANDS)];
  const next = keys.volunteerAdjustment(toKey, requestId, person.adjustments + 1);
  // A guest's correction of that number adds to it in this very write: it cannot be checked beside it.
  if (person.voided || group.some((line) => line.sk === next.sk)) return [];
  return [check(next, 'attribute_not_exists(pk)')];
}

/**
 * The person's void line of a request whose lines move voided: what moves in (the guest's
 * posting and corrections), and the person's own credit unless voided already, added to it.
 */
export function voidLine(
  tableName: string,
  toKey: string,
  requestId: string,
  person: PersonSide,
  group: readonly Record<string, unknown>[],
  at: string,
): TransactItem {
  const guestVoid = group.find((line) => line.entity === 'CreditVoided');
  const guest = { minutes: 0, hours: 0, points: 0 };
  for (const line of group)
    if (line.entity === 'CreditEarned' || line.entity === 'CreditAdjusted')
      for (const field of ['minutes', 'hours', 'points'] as const) guest[field] += Number(line[field] ?? 0);
  const own = person.voided ? { minutes: 0, hours: 0, points: 0 } : person.standing;
  const why =
    person.mark ?? (guestVoid ? { at: String(guestVoid.at), reason: String(guestVoid.reason) } : { at, reason: 'Credits voided' });
  return {
    Update: {
      TableName: tableName,
      Key: keys.volunteerVoiding(toKey, requestId),
      UpdateExpression:
        'SET #entity = :entity, #key = :key, requestId = :requestId, teamId = if_not_exists(teamId, :teamId), #at = if_not_exists(#at, :at), reason = if_not_exists(reason, :reason) ADD #hours :hours, points :points, minutes :minutes',
      // Voided by the person's own void as read, or by none: a void since changes what this one adds.
      ConditionExpression: person.voided ? 'attribute_exists(pk)' : 'attribute_not_exists(pk)',
      ExpressionAttributeNames: { '#entity': 'entity', '#key': 'volunteerKey', '#hours': 'hours', '#at': 'at' },
      ExpressionAttributeValues: {
        ':entity': 'CreditVoided',
        ':key': toKey,
        ':requestId': requestId,
        ':teamId': String(group[0]!.teamId ?? ''),
        ':at': why.at,
        ':reason': why.reason,
        ':hours': guest.hours + own.hours,
        ':points': guest.points + own.points,
        ':minutes': guest.minutes + own.minutes,
      },
    },
  };
}
