/**
 * Two merges of one guest's name into two persons at once (review 53): whichever moves a line
 * first takes the name, and the other is refused (409) without moving a line, whether it read the
 * guest's ledger before or after that first move, so no spent point is counted for both persons.
 */
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { DynamoCreditLedger } from '#shared/adapters/dynamo/credit-ledger';
import { MergedElsewhereError } from '#shared/domain/errors';
import { creditMergeOnePersonContract } from '../support/credit-merge-one-person-contract';
import { useLocalStack } from '../support/local-stack';
import { rejection } from '../support/rejection';

const local = useLocalStack({ seed: false });

creditMergeOnePersonContract('DynamoCreditLedger merges a name into one person, on DynamoDB Local', () => ({
  credits: local().adapters.credits,
}));

/** Runs `between` once, just before the n-th transaction this client sends. */
function beforeTransaction(db: DynamoDBDocumentClient, n: number, between: () => Promise<void>) {
  let seen = 0;
  return Object.assign(Object.create(db) as DynamoDBDocumentClient, {
    send: async (command: unknown) => {
      if (command instanceof TransactWriteCommand && ++seen === n) await between();
      return db.send(command as TransactWriteCommand);
    },
  });
}

/** A client whose sends fail after its first transaction commits: a merge that stops after its first move. */
function stopsAfterFirstMove(db: DynamoDBDocumentClient) {
  let moved = false;
  return Object.assign(Object.create(db) as DynamoDBDocumentClient, {
    send: async (command: unknown) => {
      if (moved) throw new Error('the merge stopped');
      const out = await db.send(command as TransactWriteCommand);
      if (command instanceof TransactWriteCommand) moved = true;
      return out;
    },
  });
}

const at = '2026-11-29T01:00:00.000Z';
const by = { id: 's', name: 's' };

/** A guest that earned 5 points and spent 3 of them. */
async function guestWhoSpent(ledger: DynamoCreditLedger, guest: string, code: string) {
  await ledger.post({ volunteerKey: guest, requestId: `${code}-r1`, teamId: 'team-a', minutes: 1200, hours: 20, points: 5, at });
  expect(await ledger.redeem({ volunteerKey: guest, points: 3, item: 'rice', pickupCode: code, at, by, stationAreaId: 'x' })).toBe(
    'redeemed',
  );
}

it('refuses a merge into another person begun after the first merge’s first move; the first moves the rest', async () => {
  const { stack } = local();
  const db = createDocumentClient(stack.dynamodb);
  const ledger = new DynamoCreditLedger(db, stack.tableName);
  const [guest, p1, p2] = ['team-a:小李', 'person#aaaaaaaaaaaaaaaaaaaa', 'person#bbbbbbbbbbbbbbbbbbbb'];
  await guestWhoSpent(ledger, guest, 'AAAAAAAA');
  let second: Error | undefined;
  // The first merge moves the spent line; the second runs whole before its next move.
  const racing = beforeTransaction(db, 2, async () => {
    second = await rejection(ledger.merge(guest, p2, at));
  });
  expect((await new DynamoCreditLedger(racing, stack.tableName).merge(guest, p1, at)).moved).toBe(2);
  expect(second).toBeInstanceOf(MergedElsewhereError);
  expect(second?.message).toContain('another volunteer (aaaaaaaaaaaaaaaaaaaa)');
  expect(await ledger.balance(p1)).toMatchObject({ hours: 20, pointsEarned: 5, pointsSpent: 3, balance: 2 });
  expect(await ledger.balance(p2)).toMatchObject({ hours: 0, pointsEarned: 0, pointsSpent: 0, balance: 0 });
  expect(await ledger.redeem({ volunteerKey: p2, points: 1, item: 'oil', pickupCode: 'CCCCCCCC', at, by, stationAreaId: 'x' })).toBe(
    'insufficient',
  );
});

it('refuses a merge that read the guest before another person’s merge moved its first line: its moves are conditioned on the person', async () => {
  const { stack } = local();
  const db = createDocumentClient(stack.dynamodb);
  const ledger = new DynamoCreditLedger(db, stack.tableName);
  const [guest, p1, p2] = ['team-a:老周', 'person#cccccccccccccccccccc', 'person#dddddddddddddddddddd'];
  await guestWhoSpent(ledger, guest, 'BBBBBBBB');
  // The merge into p2 has read the guest's lines; before its first move, a merge into p1 moves the spent line and stops.
  const racing = beforeTransaction(db, 1, async () => {
    await rejection(new DynamoCreditLedger(stopsAfterFirstMove(db), stack.tableName).merge(guest, p1, at));
  });
  const refused = await rejection(new DynamoCreditLedger(racing, stack.tableName).merge(guest, p2, at));
  expect(refused).toBeInstanceOf(MergedElsewhereError);
  expect(await ledger.balance(p2)).toMatchObject({ hours: 0, pointsEarned: 0, pointsSpent: 0, balance: 0 });
  expect(await ledger.history(p2)).toEqual([]);
  // Stopped half way, p1 is below zero by what the guest spent, until the merge runs again.
  expect(await ledger.balance(p1)).toMatchObject({ pointsSpent: 3, balance: -3 });
  expect((await ledger.merge(guest, p1, at)).moved).toBe(1);
  expect(await ledger.balance(p1)).toMatchObject({ hours: 20, pointsEarned: 5, pointsSpent: 3, balance: 2 });
});
