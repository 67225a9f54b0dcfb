/**
 * Merging a guest's name ledger into a person's (`CreditLedger.merge`) on the single table: a
 * request's lines (its posting with its correction and void lines) move in one transaction, a
 * spent line in one of its own; each marks the source lines `mergedInto`, writes or adds to the
 * target lines, and changes both balances by the same amounts (a spent line also repoints its
 * pickup code), so a line moves exactly once whatever runs at once, and no void or correction
 * finds a request's credit half on each ledger. A request's lines move only while no correction
 * or void of it was written on the guest's ledger since they were read (else they are read again).
 * Every move sets `mergingInto` on the guest's balance, which a redemption requires absent, so the
 * guest spends nothing from the first move on; each move requires the guest's points spent to be
 * what this merge knows (read before the lines, less the spent lines moved since), so a redemption
 * that landed after the read makes the ledger read again. Each move also requires `mergingInto`
 * absent or this merge's person: a name's lines go to one person only, and a merge into another
 * person (at once or later) is refused (`MergedElsewhereError`). The spent lines move first: the
 * person's balance goes down before it goes up and never shows points the guest spent (it may go
 * below zero meanwhile, and stays there if the merge stops half way: merge again), and the guest's
 * (higher until its postings follow) is frozen. After the last move the ledger is read again until
 * nothing is left (a posting to the guest meanwhile moves too).
 * A complaint voids a request whole: when the person's own credit of it is voided, or the request
 * is marked voided or withheld (`creditsVoided`, `creditsWithheld`), or the guest's was, the
 * request's lines move voided (the person's void line brought to all that stands there, in the
 * same transaction), so no void that read either ledger before the move leaves part of the credit
 * standing; while none of that holds, the move checks it still does not.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError, MergedElsewhereError } from '#shared/domain/errors';
import { volunteerIdOf } from '#shared/domain/volunteer';
import { personSide, personUnchanged, voidLine } from './credit-ledger-merge-voided';
import { keys } from './keys';
import { queryAll } from './query';
import { cancellationReasons, transactWrite, type TransactItem } from './transaction-errors';

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
    // The guest's points spent before its lines: every spent line counted here is among the lines read, or moved already.
    const balance = await db.send(new GetCommand({ TableName: tableName, Key: keys.volunteerBalance(fromKey), ConsistentRead: true }));
    notMergedElsewhere(balance.Item, toKey);
    const lines = await queryAll(db, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: 'attribute_not_exists(mergedInto)',
      ExpressionAttributeValues: { ':pk': keys.volunteerPartition(fromKey) },
      ConsistentRead: true,
    });
    const groups = byRequest(lines);
    // Read again after the last move until nothing is left: a posting to the guest meanwhile moves too.
    if (groups.length === 0) return { moved };
    const guest = { spent: Number(balance.Item?.pointsSpent ?? 0) };
    for (const group of groups) {
      const outcome = await moveLines(db, tableName, group, fromKey, toKey, at, lines, guest.spent);
      if (outcome === 'changed') break;
      if (outcome === 'moved') moved += group.length;
      // A spent line moved, by this merge or another: the guest's points spent are that much lower.
      if (group[0]!.entity === 'CreditSpent') guest.spent = exact(guest.spent - Number(group[0]!.points));
    }
  }
  // The last move may have lost to a merge into another person: say so rather than that it kept changing.
  const balance = await db.send(new GetCommand({ TableName: tableName, Key: keys.volunteerBalance(fromKey), ConsistentRead: true }));
  notMergedElsewhere(balance.Item, toKey);
  throw new ConflictError('The ledger kept changing while it was merged; merge again');
}

/** Refuses a guest's ledger a merge into another person has begun to move (its balance's `mergingInto`). */
function notMergedElsewhere(balance: Record<string, unknown> | undefined, toKey: string): void {
  const into = balance?.mergingInto;
  if (typeof into === 'string' && into !== toKey) throw new MergedElsewhereError(volunteerIdOf(into));
}

/**
 * Reads of the guest's ledger before giving up when corrections, voids, postings or another merge
 * keep landing during the merge (the last read finds nothing left).
 */
const MERGE_ATTEMPTS = 8;

/** A sum of points as DynamoDB holds it (decimal, exact): points have at most 4 decimals. */
const exact = (n: number) => Math.round(n * 1e6) / 1e6 + 0;

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

/** The lines that move together: each spent line alone, then a request's (posting first); others stay. */
function byRequest(lines: readonly Record<string, unknown>[]): Record<string, unknown>[][] {
  const groups = new Map<string, Record<string, unknown>[]>();
  const spent: Record<string, unknown>[][] = [];
  for (const line of lines) {
    if (line.entity === 'CreditSpent') spent.push([line]);
    else if (deltaOf(line)) groups.set(String(line.requestId), [...(groups.get(String(line.requestId)) ?? []), line]);
  }
  const earnedFirst = (group: Record<string, unknown>[]) =>
    [...group].sort((a, b) => Number(b.entity === 'CreditEarned') - Number(a.entity === 'CreditEarned'));
  // Spent lines first: the person's balance goes down before it goes up, so it never shows points the guest spent.
  return [...spent, ...[...groups.values()].map(earnedFirst)];
}

/** What moving a line changes on a balance. */
function deltaOf(line: Record<string, unknown>) {
  const hours = Number(line.hours ?? 0);
  const points = Number(line.points ?? 0);
  return line.entity === 'CreditEarned' || line.entity === 'CreditAdjusted'
    ? { hours, earned: points, spent: 0, balance: points }
    : line.entity === 'CreditVoided'
      ? { hours: -hours, earned: -points, spent: 0, balance: -points }
      : line.entity === 'CreditSpent'
        ? { hours: 0, earned: 0, spent: points, balance: -points }
        : undefined;
}

/** Lines (a request's, or a spent one) to the other ledger with both balances, in one transaction; `gone` if they had moved already. */
async function moveLines(
  db: DynamoDBDocumentClient,
  tableName: string,
  group: readonly Record<string, unknown>[],
  fromKey: string,
  toKey: string,
  at: string,
  read: readonly Record<string, unknown>[],
  guestSpent: number,
): Promise<'moved' | 'gone' | 'changed'> {
  const deltas = group.map((line) => deltaOf(line)!);
  const total = (field: 'hours' | 'earned' | 'spent' | 'balance') => deltas.reduce((sum, d) => sum + d[field], 0);
  const delta = { hours: total('hours'), earned: total('earned'), spent: total('spent'), balance: total('balance') };
  const requestId = group[0]!.entity === 'CreditSpent' ? undefined : String(group[0]!.requestId);
  const person = requestId ? await personSide(db, tableName, toKey, requestId) : undefined;
  const guestVoid = group.find((line) => line.entity === 'CreditVoided');
  const voidedWhole = person !== undefined && (person.voided !== undefined || person.mark !== undefined || guestVoid !== undefined);
  // Voided whole: what moves in stands at nothing, and the person's own credit, if not voided yet, is voided now.
  const personDelta =
    person && voidedWhole && !person.voided
      ? { hours: -person.standing.hours, earned: -person.standing.points, spent: 0, balance: -person.standing.points }
      : { hours: 0, earned: 0, spent: 0, balance: 0 };
  const change = (sign: 1 | -1, field: keyof typeof delta) => (sign === 1 && voidedWhole ? personDelta[field] : sign * delta[field]);
  const balanceChange = (key: string, sign: 1 | -1) => ({
    Update: {
      TableName: tableName,
      Key: keys.volunteerBalance(key),
      UpdateExpression:
        'SET #entity = :entity, #key = :key' +
        (sign === -1 ? ', mergingInto = if_not_exists(mergingInto, :to)' : '') +
        ' ADD #hours :hours, #earned :earned, #spent :spent, #balance :balance',
      // The guest's: frozen for redemptions from the first move on, its points spent still as this merge knows them
      // (a redemption since the read, or a spent line another merge moved, makes it read again), and moving to this
      // merge's person only (a merge into another person began first: the read again refuses this one).
      ...(sign === -1
        ? {
            ConditionExpression:
              (guestSpent === 0 ? '(attribute_not_exists(#spent) OR #spent = :asRead)' : '#spent = :asRead') +
              ' AND (attribute_not_exists(mergingInto) OR mergingInto = :to)',
          }
        : {}),
      ExpressionAttributeNames: balanceNames,
      ExpressionAttributeValues: {
        ':entity': 'CreditBalance',
        ':key': key,
        ':hours': change(sign, 'hours'),
        ':earned': change(sign, 'earned'),
        ':spent': change(sign, 'spent'),
        ':balance': change(sign, 'balance'),
        ...(sign === -1 ? { ':to': toKey, ':asRead': guestSpent } : {}),
      },
    },
  });
  // Earned, adjusted and voided lines add up with a line of the same request already there; spent lines are unique by code.
  const targetOf = (line: Record<string, unknown>) => {
    const sk = String(line.sk);
    const hours = Number(line.hours ?? 0);
    const points = Number(line.points ?? 0);
    // A guest's posting that makes the person's line (none as read) marks it `unposted`: the person's own posting adds to it, once.
    const creates = line.entity === 'CreditEarned' && person?.earned === undefined;
    // Moving voided: the person's line carries `voided` beside its VOID line, so no posting adds to it (credit-ledger-post.ts).
    const marksVoided = line.entity === 'CreditEarned' && voidedWhole;
    return line.entity === 'CreditSpent'
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
              (creates ? ', unposted = :true' : '') +
              (marksVoided ? ', voided = :true' : '') +
              ' ADD #hours :hours, points :points, minutes :minutes',
            ...(creates ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
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
              ...(creates || marksVoided ? { ':true': true } : {}),
            },
          },
        };
  };
  const checks = [
    ...group.flatMap((line) => nothingSinceRead(tableName, line, fromKey, read)),
    ...(person && requestId ? personUnchanged(tableName, toKey, requestId, person, voidedWhole, group) : []),
  ];
  const targets = group.flatMap((line): TransactItem[] => {
    if (!voidedWhole) return [targetOf(line)];
    if (line.entity === 'CreditVoided') return [];
    const target = targetOf(line);
    // The person's posting as read, or none: a posting or a twin merge since changes what the void line must hold.
    if (line.entity !== 'CreditEarned' || !target.Update) return [target];
    const earned = person?.earned;
    return [
      {
        Update: {
          ...target.Update,
          ConditionExpression: earned ? '#hours = :readHours AND points = :readPoints' : 'attribute_not_exists(pk)',
          ExpressionAttributeValues: {
            ...target.Update.ExpressionAttributeValues,
            ...(earned ? { ':readHours': earned.hours, ':readPoints': earned.points } : {}),
          },
        },
      },
    ];
  });
  if (voidedWhole && person && requestId) targets.push(voidLine(tableName, toKey, requestId, person, group, at));
  const marks = group.map((line) => ({
    Update: {
      TableName: tableName,
      Key: { pk: keys.volunteerPartition(fromKey), sk: String(line.sk) },
      UpdateExpression: 'SET mergedInto = :to, mergedAt = :at',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(mergedInto)',
      ExpressionAttributeValues: { ':to': toKey, ':at': at },
    },
  }));
  try {
    await transactWrite(db, [
      ...checks,
      ...marks,
      ...targets,
      balanceChange(toKey, 1),
      balanceChange(fromKey, -1),
      ...group.flatMap((line) =>
        line.entity === 'CreditSpent'
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
          : [],
      ),
    ]);
    return 'moved';
  } catch (error) {
    const failed = (i: number) => cancellationReasons(error)?.[i]?.Code === 'ConditionalCheckFailed';
    if (checks.some((_, i) => failed(i))) return 'changed';
    // A line another merge moved first: read the ledger again (what is left moves then).
    if (marks.some((_, i) => failed(checks.length + i))) return group.length === 1 ? 'gone' : 'changed';
    // The person's posting or void line changed since read (a posting, a void, a twin merge).
    if (targets.some((_, i) => failed(checks.length + marks.length + i))) return 'changed';
    // The guest's points spent are not what this merge knows (a redemption landed since the read), or a merge into another person began.
    if (failed(checks.length + marks.length + targets.length + 1)) return 'changed';
    throw error;
  }
}
