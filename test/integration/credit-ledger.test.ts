import { GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { DynamoCreditLedger } from '#shared/adapters/dynamo/credit-ledger';
import { keys } from '#shared/adapters/dynamo/keys';
import { useLocalStack } from '../support/local-stack';
import { voidStanding } from '#shared/use-cases/volunteer-credits';
import { creditLedgerContract } from '../support/credit-ledger-contract';
import { creditPostingsContract } from '../support/credit-postings-contract';
import { creditWithheldContract } from '../support/credit-withheld-contract';

const local = useLocalStack({ seed: false });

/** Marks a request's item as void-credits does: `creditsVoided`, or `creditsWithheld` before its credits were posted. */
const marking = (mark: 'creditsVoided' | 'creditsWithheld') => async (requestId: string) => {
  const { stack } = local();
  await createDocumentClient(stack.dynamodb).send(
    new PutCommand({
      TableName: stack.tableName,
      Item: { ...keys.request(requestId), [mark]: { at: '2026-11-29T03:00:00.000Z', reason: 'upheld' } },
    }),
  );
};

creditLedgerContract(
  'DynamoCreditLedger on DynamoDB Local',
  () => ({ credits: local().adapters.credits, markVoided: marking('creditsVoided') }),
  8,
);
creditPostingsContract('DynamoCreditLedger.postAll on DynamoDB Local', () => ({
  credits: local().adapters.credits,
  markVoided: marking('creditsVoided'),
}));
creditWithheldContract('DynamoCreditLedger with withheld requests on DynamoDB Local', () => ({
  credits: local().adapters.credits,
  markWithheld: marking('creditsWithheld'),
}));

describe('merging a guest ledger while the guest is corrected', () => {
  it('moves a correction written after the guest’s lines were read and before the posting moved: none is left behind', async () => {
    const { stack } = local();
    const db = createDocumentClient(stack.dynamodb);
    const ledger = new DynamoCreditLedger(db, stack.tableName);
    const guest = 'race-team:老周';
    const person = 'person#racerace0racerace0ra';
    const requestId = 'race-request';
    const at = '2026-11-29T01:00:00.000Z';
    await ledger.post({ volunteerKey: guest, requestId, teamId: 'race-team', minutes: 120, hours: 2, points: 0.5, at });
    let corrected = false;
    // The correction lands just before the merge's first move, after its read of the guest's lines.
    const racing = beforeFirstMove(db, async () => {
      corrected = true;
      const adjustment = { volunteerKey: guest, requestId, teamId: 'race-team', seq: 1, minutes: 60, hours: 1, points: 0.25 };
      expect(await ledger.adjust({ ...adjustment, at, reason: 'corrected', by: 'staff-1' })).toBe('adjusted');
    });
    expect((await new DynamoCreditLedger(racing, stack.tableName).merge(guest, person, at)).moved).toBe(2);
    expect(corrected).toBe(true);

    expect((await ledger.creditFor(person, requestId))?.entry).toMatchObject({ volunteerKey: person, minutes: 180, adjustments: 1 });
    expect(await ledger.balance(person)).toMatchObject({ hours: 3, pointsEarned: 0.75, balance: 0.75 });
    expect(await ledger.balance(guest)).toMatchObject({ hours: 0, pointsEarned: 0, balance: 0 });
    expect(await ledger.history(guest)).toEqual([]);
    // The moved correction keeps its number and who made it.
    const moved = await db.send(
      new GetCommand({ TableName: stack.tableName, Key: keys.volunteerAdjustment(person, requestId, 1), ConsistentRead: true }),
    );
    expect(moved.Item).toMatchObject({ entity: 'CreditAdjusted', seq: 1, by: 'staff-1', reason: 'corrected', minutes: 60 });
  });
});

/** Runs `between` once, just before the merge's first transaction is sent (after its reads). */
function beforeFirstMove(db: DynamoDBDocumentClient, between: () => Promise<void>) {
  let done = false;
  return Object.assign(Object.create(db) as DynamoDBDocumentClient, {
    send: async (command: unknown) => {
      if (!done && command instanceof TransactWriteCommand) {
        done = true;
        await between();
      }
      return db.send(command as TransactWriteCommand);
    },
  });
}

/** Runs `between` right after the merge's first transaction commits. */
function afterFirstMove(db: DynamoDBDocumentClient, between: () => Promise<void>) {
  let done = false;
  return Object.assign(Object.create(db) as DynamoDBDocumentClient, {
    send: async (command: unknown) => {
      const out = await db.send(command as TransactWriteCommand);
      if (!done && command instanceof TransactWriteCommand) {
        done = true;
        await between();
      }
      return out;
    },
  });
}

describe('merging a request’s corrected credit while it is voided or corrected', () => {
  const at = '2026-11-29T01:00:00.000Z';
  async function correctedGuest(ledger: DynamoCreditLedger, guest: string, requestId: string) {
    await ledger.post({ volunteerKey: guest, requestId, teamId: 'race-team', minutes: 120, hours: 2, points: 0.5, at });
    const change = { volunteerKey: guest, requestId, teamId: 'race-team', seq: 1, minutes: 60, hours: 1, points: 0.25 };
    expect(await ledger.adjust({ ...change, at, reason: 'corrected', by: 'staff-1' })).toBe('adjusted');
  }

  it('moves the posting with its correction lines at once: a void right after the first move voids it all', async () => {
    const { stack } = local();
    const db = createDocumentClient(stack.dynamodb);
    const ledger = new DynamoCreditLedger(db, stack.tableName);
    const guest = 'race-team:老吴';
    const person = 'person#racerace0racerace0rb';
    const requestId = 'race-request-void';
    await correctedGuest(ledger, guest, requestId);
    let voided: string | undefined;
    const racing = afterFirstMove(db, async () => {
      voided = await voidStanding(ledger, guest, requestId, 'upheld', at);
    });
    await new DynamoCreditLedger(racing, stack.tableName).merge(guest, person, at);
    expect(voided).toBe('voided');
    expect(await ledger.creditFor(person, requestId)).toMatchObject({ entry: { minutes: 180 }, voided: true });
    expect(await ledger.balance(person)).toMatchObject({ hours: 0, pointsEarned: 0, balance: 0 });
    expect(await ledger.balance(guest)).toMatchObject({ hours: 0, pointsEarned: 0, balance: 0 });
  });

  it('moves the posting with its correction lines at once: a correction of the person right after the first move stands', async () => {
    const { stack } = local();
    const db = createDocumentClient(stack.dynamodb);
    const ledger = new DynamoCreditLedger(db, stack.tableName);
    const guest = 'race-team:老钱';
    const person = 'person#racerace0racerace0rc';
    const requestId = 'race-request-adjust';
    await correctedGuest(ledger, guest, requestId);
    const racing = afterFirstMove(db, async () => {
      // As the hours correction does: read what stands, write the change to 240 minutes.
      const read = (await ledger.creditFor(person, requestId))!.entry;
      expect(read.minutes).toBe(180);
      const delta = 240 - read.minutes;
      const change = { volunteerKey: person, requestId, teamId: 'race-team', seq: (read.adjustments ?? 0) + 1, minutes: delta };
      expect(await ledger.adjust({ ...change, hours: delta / 60, points: delta / 240, at, reason: 'c2', by: 'staff-2' })).toBe('adjusted');
    });
    await new DynamoCreditLedger(racing, stack.tableName).merge(guest, person, at);
    expect((await ledger.creditFor(person, requestId))!.entry.minutes).toBe(240);
    expect(await ledger.balance(person)).toMatchObject({ hours: 4, pointsEarned: 1 });
    expect(await ledger.balance(guest)).toMatchObject({ hours: 0, pointsEarned: 0, balance: 0 });
  });
});

describe('merging a guest ledger while a complaint voids the request', () => {
  it("re-reads when the person's credit is voided between the merge's read and its move: the guest's moves voided", async () => {
    const { stack } = local();
    const db = createDocumentClient(stack.dynamodb);
    const ledger = new DynamoCreditLedger(db, stack.tableName);
    const guest = 'race-team:老孙';
    const person = 'person#racerace0racerace0rd';
    const requestId = 'race-request-void-person';
    const at = '2026-11-29T01:00:00.000Z';
    for (const volunteerKey of [guest, person])
      await ledger.post({ volunteerKey, requestId, teamId: 'race-team', minutes: 120, hours: 2, points: 0.5, at });
    let voided: string | undefined;
    // As void-credits does, just before the merge's first move: the request marked, the person's credit voided.
    const racing = beforeFirstMove(db, async () => {
      await db.send(
        new PutCommand({ TableName: stack.tableName, Item: { ...keys.request(requestId), creditsVoided: { at, reason: 'upheld' } } }),
      );
      voided = await voidStanding(ledger, person, requestId, 'upheld', at);
    });
    expect((await new DynamoCreditLedger(racing, stack.tableName).merge(guest, person, at)).moved).toBe(1);
    expect(voided).toBe('voided');
    expect(await ledger.creditFor(person, requestId)).toMatchObject({ entry: { minutes: 240, hours: 4 }, voided: true });
    for (const key of [person, guest]) expect(await ledger.balance(key)).toMatchObject({ hours: 0, pointsEarned: 0, balance: 0 });
  });
});

describe("merging a guest ledger while the person's own posting of the same request lands", () => {
  const at = '2026-12-01T00:00:00.000Z';
  const entry = (volunteerKey: string, requestId: string, hours: number) => ({
    volunteerKey,
    requestId,
    teamId: 'race-team',
    minutes: hours * 60,
    hours,
    points: hours / 4,
    at,
  });

  it("re-reads when the person posts between the merge's read and its move: the retried posting adds nothing more", async () => {
    const { stack } = local();
    const db = createDocumentClient(stack.dynamodb);
    const ledger = new DynamoCreditLedger(db, stack.tableName);
    const guest = 'race-team:王五';
    const person = 'person#postpost0postpost0po';
    const requestId = 'race-post-request';
    expect(await ledger.post(entry(guest, requestId, 1))).toBe('posted');
    let posted = false;
    // The person's posting lands after the merge read the person's side (no line yet), before its move writes.
    const racing = beforeFirstMove(db, async () => {
      posted = true;
      expect(await ledger.post(entry(person, requestId, 2))).toBe('posted');
    });
    expect((await new DynamoCreditLedger(racing, stack.tableName).merge(guest, person, at)).moved).toBe(1);
    expect(posted).toBe(true);
    // The sweep's retry after a crash: the person's posting is in the line already.
    expect(await ledger.post(entry(person, requestId, 2))).toBe('already-posted');
    expect(await ledger.balance(person)).toMatchObject({ hours: 3, pointsEarned: 0.75, balance: 0.75 });
    expect((await ledger.creditFor(person, requestId))?.entry).toMatchObject({ minutes: 180, hours: 3, points: 0.75 });
  });

  it('answers already-posted on a line written before the mark (no `unposted`): it holds the posting', async () => {
    const { stack } = local();
    const db = createDocumentClient(stack.dynamodb);
    const ledger = new DynamoCreditLedger(db, stack.tableName);
    const person = 'person#oldline0oldline0oldl';
    const posting = entry(person, 'old-line-request', 2);
    // As the previous version put it.
    await db.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: { ...keys.volunteerEarning(person, posting.requestId), entity: 'CreditEarned', ...posting },
      }),
    );
    expect(await ledger.post(posting)).toBe('already-posted');
    expect((await ledger.creditFor(person, posting.requestId))?.entry).toMatchObject({ hours: 2 });
    expect(await ledger.balance(person)).toMatchObject({ hours: 0, balance: 0 });
  });
});

describe('merging a guest ledger while points are redeemed (review 48)', () => {
  const at = '2026-12-01T00:00:00.000Z';
  const by = { id: 'staff-1', name: 'station@paidan.local' };
  const redemption = (volunteerKey: string, points: number, pickupCode: string) => ({
    volunteerKey,
    points,
    item: 'rice',
    pickupCode,
    at,
    by,
    stationAreaId: '370902003009',
  });
  /** A guest who earned 5 points and spent 3. */
  async function spentGuest(ledger: DynamoCreditLedger, guest: string, code: string) {
    await ledger.post({ volunteerKey: guest, requestId: `${code}-r`, teamId: 'race-team', minutes: 1200, hours: 20, points: 5, at });
    expect(await ledger.redeem(redemption(guest, 3, code))).toBe('redeemed');
  }
  const totalSpent = async (ledger: DynamoCreditLedger, keys: string[]) =>
    (await Promise.all(keys.map((key) => ledger.balance(key)))).reduce((sum, b) => sum + b.pointsSpent, 0);

  it("reads again when the guest redeems after the merge's read: the new spent line moves too, nothing is spent twice", async () => {
    const { stack } = local();
    const db = createDocumentClient(stack.dynamodb);
    const ledger = new DynamoCreditLedger(db, stack.tableName);
    const [guest, person] = ['race-team:老周甲', 'person#redeemrace0redeemra'];
    await spentGuest(ledger, guest, 'RACEA001');
    let counter: string | undefined;
    // The counter redeems the guest's last 2 points after the merge read the guest's lines, before its first move.
    const racing = beforeFirstMove(db, async () => {
      counter = await ledger.redeem(redemption(guest, 2, 'RACEA002'));
    });
    // What the person's ledger shows after each move: never a point the guest spent.
    const shown: number[] = [];
    const watched = Object.assign(Object.create(racing) as DynamoDBDocumentClient, {
      send: async (command: unknown) => {
        const out = await racing.send(command as TransactWriteCommand);
        if (command instanceof TransactWriteCommand) shown.push((await ledger.balance(person)).balance);
        return out;
      },
    });
    expect((await new DynamoCreditLedger(watched, stack.tableName).merge(guest, person, at)).moved).toBe(3);
    expect(counter).toBe('redeemed');
    expect(shown.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...shown)).toBeLessThanOrEqual(0);
    expect(await ledger.history(guest)).toEqual([]);
    expect(await ledger.balance(guest)).toMatchObject({ pointsEarned: 0, pointsSpent: 0, balance: 0 });
    expect(await ledger.balance(person)).toMatchObject({ pointsEarned: 5, pointsSpent: 5, balance: 0 });
    expect(await ledger.redeem(redemption(person, 1, 'RACEA003'))).toBe('insufficient');
    expect(await totalSpent(ledger, [guest, person])).toBe(5);
  });

  it('moves the spent lines first and freezes the guest: between the moves neither ledger shows points already spent', async () => {
    const { stack } = local();
    const db = createDocumentClient(stack.dynamodb);
    const ledger = new DynamoCreditLedger(db, stack.tableName);
    const [guest, person] = ['race-team:老周乙', 'person#redeemrace0redeemrb'];
    await spentGuest(ledger, guest, 'RACEB001');
    const between: string[] = [];
    const racing = afterFirstMove(db, async () => {
      between.push(String((await ledger.balance(person)).balance));
      between.push(await ledger.redeem(redemption(person, 5, 'RACEB002')));
      between.push(await ledger.redeem(redemption(person, 2, 'RACEB003')));
      between.push(await ledger.redeem(redemption(guest, 1, 'RACEB004')));
    });
    expect((await new DynamoCreditLedger(racing, stack.tableName).merge(guest, person, at)).moved).toBe(2);
    // The spent line moved first (the person at -3); the guest's ledger, higher until its posting follows, redeems nothing.
    expect(between).toEqual(['-3', 'insufficient', 'insufficient', 'merged']);
    expect(await ledger.balance(person)).toMatchObject({ pointsEarned: 5, pointsSpent: 3, balance: 2 });
    expect(await ledger.balance(guest)).toMatchObject({ pointsEarned: 0, pointsSpent: 0, balance: 0 });
    expect(await totalSpent(ledger, [guest, person])).toBe(3);
  });

  it('moves a posting to the guest written during the merge: it reads again until nothing is left', async () => {
    const { stack } = local();
    const db = createDocumentClient(stack.dynamodb);
    const ledger = new DynamoCreditLedger(db, stack.tableName);
    const [guest, person] = ['race-team:老周丙', 'person#redeemrace0redeemrc'];
    await spentGuest(ledger, guest, 'RACEC001');
    const racing = afterFirstMove(db, async () => {
      const late = { volunteerKey: guest, requestId: 'RACEC-late', teamId: 'race-team', minutes: 240, hours: 4, points: 1, at };
      expect(await ledger.post(late)).toBe('posted');
    });
    expect((await new DynamoCreditLedger(racing, stack.tableName).merge(guest, person, at)).moved).toBe(3);
    expect(await ledger.history(guest)).toEqual([]);
    expect(await ledger.balance(guest)).toMatchObject({ hours: 0, pointsEarned: 0, pointsSpent: 0, balance: 0 });
    expect(await ledger.balance(person)).toMatchObject({ hours: 24, pointsEarned: 6, pointsSpent: 3, balance: 3 });
  });
});
