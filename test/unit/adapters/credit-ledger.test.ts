import { type AttributeValue, ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoCreditLedger } from '#shared/adapters/dynamo/credit-ledger';
import { InvalidCreditRulesError } from '#shared/domain/credit';
import { ConflictError, ValidationError } from '#shared/domain/errors';
import { PICKUP_CODE_ATTEMPTS, redeemPoints } from '#shared/use-cases/volunteer-credits';

const db = mockClient(DynamoDBDocumentClient);
const ledger = new DynamoCreditLedger(db as unknown as DynamoDBDocumentClient, 'table');
const clock = { now: () => new Date('2026-11-29T08:00:00.000Z') };
const by = { id: 'sub-1', name: 'center-admin@paidan.local' };
const redemption = { volunteerKey: 'keda-team:小李', points: 2, item: '大米一袋', by, stationAreaId: '370902003009' };

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });
const rulesItem = (values: Record<string, unknown>) => ({
  Item: { pk: 'CONFIG#credit-rules', sk: 'CURRENT', entity: 'CreditRules', ...values },
});

beforeEach(() => db.reset());

describe('DynamoCreditLedger: the stored credit rules', () => {
  it('keeps the defaults of the rules a stored item leaves out', async () => {
    db.on(GetCommand)
      .resolvesOnce({})
      .resolvesOnce(rulesItem({ hoursPerPoint: 1 }))
      .resolvesOnce(rulesItem({ maxHoursPerActivity: 2, version: 3, updatedAt: 't', updatedBy: 'x' }));
    expect(await ledger.rules()).toEqual({ hoursPerPoint: 4, maxHoursPerActivity: 8 });
    expect(await ledger.rules()).toEqual({ hoursPerPoint: 1, maxHoursPerActivity: 8 });
    expect(await ledger.rules()).toEqual({ hoursPerPoint: 4, maxHoursPerActivity: 2 });
    expect(db.commandCalls(GetCommand)[0]!.args[0].input).toMatchObject({
      Key: { pk: 'CONFIG#credit-rules', sk: 'CURRENT' },
      ConsistentRead: true,
    });
  });

  it("reads an area's lineage and the deployment's item in one consistent BatchGetItem, each rule from the nearest that sets it", async () => {
    db.on(BatchGetCommand).resolves({
      Responses: {
        table: [
          { pk: 'CONFIG#credit-rules', sk: 'CURRENT', hoursPerPoint: 1, maxHoursPerActivity: 2, version: 4 },
          { pk: 'CONFIG#credit-rules', sk: 'AREA#370911001005', areaId: '370911001005', hoursPerPoint: 4, version: 1 },
          // Its last rule cleared: the item stays, with its version, and sets nothing.
          { pk: 'CONFIG#credit-rules', sk: 'AREA#370911001', areaId: '370911001', version: 2 },
        ],
      },
    });
    expect(await ledger.rules('370911001005')).toEqual({ hoursPerPoint: 4, maxHoursPerActivity: 2 });
    const calls = db.commandCalls(BatchGetCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input.RequestItems).toEqual({
      table: {
        Keys: ['AREA#370911001005', 'AREA#370911001', 'AREA#370911', 'AREA#3709', 'AREA#37', 'CURRENT'].map((sk) => ({
          pk: 'CONFIG#credit-rules',
          sk,
        })),
        ConsistentRead: true,
      },
    });
    expect(db.commandCalls(GetCommand)).toHaveLength(0);
    expect((await ledger.storedRulesInLineage('370911001005')).map((l) => [l.areaId, l.values, l.version])).toEqual([
      ['370911001005', { hoursPerPoint: 4 }, 1],
      ['370911001', {}, 2],
      [undefined, { hoursPerPoint: 1, maxHoursPerActivity: 2 }, 4],
    ]);
  });

  it('refuses to hand out rules from a stored item that does not validate, naming the field', async () => {
    db.on(GetCommand).resolves(rulesItem({ hoursPerPoint: 0, version: 1 }));
    await expect(ledger.rules()).rejects.toBeInstanceOf(InvalidCreditRulesError);
    await expect(ledger.rules()).rejects.toThrow(/hoursPerPoint/);
    expect(await ledger.storedRules()).toEqual({ values: { hoursPerPoint: 0 }, version: 1 });
  });

  it('saves overrides with the next version, only over the version it read', async () => {
    db.on(PutCommand).resolves({});
    expect(await ledger.saveRules({ hoursPerPoint: 2 }, { expectedVersion: 0, at: 't1', by: 'a@x' })).toBe(true);
    expect(await ledger.saveRules({ maxHoursPerActivity: 4 }, { expectedVersion: 1, at: 't2', by: 'a@x' })).toBe(true);
    const [first, second] = db.commandCalls(PutCommand).map((c) => c.args[0].input);
    expect(first).toMatchObject({
      Item: {
        pk: 'CONFIG#credit-rules',
        sk: 'CURRENT',
        entity: 'CreditRules',
        hoursPerPoint: 2,
        version: 1,
        updatedAt: 't1',
        updatedBy: 'a@x',
      },
      ConditionExpression: 'attribute_not_exists(#version)',
    });
    expect(first!.ExpressionAttributeValues).toBeUndefined();
    expect(second).toMatchObject({
      Item: { maxHoursPerActivity: 4, version: 2 },
      ConditionExpression: '#version = :version',
      ExpressionAttributeValues: { ':version': 1 },
    });
    expect(second!.Item).not.toHaveProperty('hoursPerPoint');
  });

  it('reports a lost race as false, and never stores a value that does not validate', async () => {
    db.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'no', $metadata: {} }));
    expect(await ledger.saveRules({ hoursPerPoint: 2 }, { expectedVersion: 4, at: 't', by: 'a' })).toBe(false);
    db.reset();
    await expect(ledger.saveRules({ hoursPerPoint: Number.NaN }, { expectedVersion: 0, at: 't', by: 'a' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(ledger.saveRules({ bogus: 1 } as never, { expectedVersion: 0, at: 't', by: 'a' })).rejects.toBeInstanceOf(ValidationError);
    expect(db.commandCalls(PutCommand)).toHaveLength(0);
  });
});

describe('DynamoCreditLedger.post: the EARN line answers for a void standing on it', () => {
  const entry = { volunteerKey: 'person#p', requestId: 'r-1', teamId: 't', minutes: 60, hours: 1, points: 0.25, at: 't' };
  // The SDK leaves a cancellation reason's item in wire format.
  const lineFailed = (item: Record<string, AttributeValue>) =>
    new TransactionCanceledException({
      message: 'cancelled',
      $metadata: {},
      CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Item: item }, { Code: 'None' }],
    });

  it('writes the request check, the line and the balance: no check of the VOID line (billed as a write)', async () => {
    db.on(TransactWriteCommand).resolves({});
    expect(await ledger.post(entry)).toBe('posted');
    const items = db.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(3);
    expect(items[1]!.Update).toMatchObject({
      Key: { pk: 'VOL#person#p', sk: 'EARN#r-1' },
      ConditionExpression: 'attribute_not_exists(pk) OR (#unposted = :true AND attribute_not_exists(#voided))',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('answers voided for an unposted line a void stands on, already-posted for a line holding the posting', async () => {
    db.on(TransactWriteCommand)
      .rejectsOnce(lineFailed({ unposted: { BOOL: true }, voided: { BOOL: true } }))
      .rejectsOnce(lineFailed({ voided: { BOOL: true } }))
      .rejectsOnce(lineFailed({ hours: { N: '1' } }));
    expect(await ledger.post(entry)).toBe('voided');
    expect(await ledger.post(entry)).toBe('already-posted');
    expect(await ledger.post(entry)).toBe('already-posted');
  });
});

describe('DynamoCreditLedger.redeem: pickup codes unique in the deployment', () => {
  it('spends the points, writes the SPEND line and takes the PICKUP item in one transaction, each only if new', async () => {
    db.on(TransactWriteCommand).resolves({});
    expect(await ledger.redeem({ ...redemption, pickupCode: 'ABCD2345', at: 't' })).toBe('redeemed');
    const items = db.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Update).toMatchObject({
      Key: { pk: 'VOL#keda-team:小李', sk: 'BALANCE' },
      ConditionExpression: '#balance >= :points AND attribute_not_exists(mergingInto)',
    });
    expect(items[1]!.Put).toMatchObject({
      Item: { pk: 'VOL#keda-team:小李', sk: 'SPEND#t#ABCD2345', entity: 'CreditSpent' },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(items[2]!.Put).toMatchObject({
      Item: {
        pk: 'PICKUP#ABCD2345',
        sk: 'PICKUP',
        entity: 'PickupCode',
        volunteerKey: 'keda-team:小李',
        points: 2,
        item: '大米一袋',
        at: 't',
        by,
        stationAreaId: redemption.stationAreaId,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('tells a low balance from a taken code; the balance wins when both fail', async () => {
    db.on(TransactWriteCommand)
      .rejectsOnce(cancelled('ConditionalCheckFailed', 'None', 'None'))
      .rejectsOnce(cancelled('None', 'None', 'ConditionalCheckFailed'))
      .rejectsOnce(cancelled('ConditionalCheckFailed', 'None', 'ConditionalCheckFailed'))
      .rejectsOnce(new Error('network down'));
    const r = { ...redemption, pickupCode: 'ABCD2345', at: 't' };
    expect(await ledger.redeem(r)).toBe('insufficient');
    expect(await ledger.redeem(r)).toBe('code-taken');
    expect(await ledger.redeem(r)).toBe('insufficient');
    await expect(ledger.redeem(r)).rejects.toThrow('network down');
  });

  it("tells a guest's ledger a merge has begun to move (the balance item as it was, with mergingInto) from a low balance", async () => {
    const merging = { Code: 'ConditionalCheckFailed', Item: { balance: { N: '5' }, mergingInto: { S: 'person#p1p1p1p1p1p1p1p1p1p1' } } };
    db.on(TransactWriteCommand).rejectsOnce(
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [merging, { Code: 'None' }, { Code: 'None' }],
      }),
    );
    expect(await ledger.redeem({ ...redemption, pickupCode: 'ABCD2345', at: 't' })).toBe('merged');
  });

  it('draws another code when the first is taken, and gives the redemption the one it got', async () => {
    db.on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'None', 'ConditionalCheckFailed'))
      .resolves({});
    const codes = ['TAKEN234', 'FRESH567'];
    const result = await redeemPoints({ credits: ledger, clock, newPickupCode: () => codes.shift()! }, redemption);
    expect(result).toEqual({ pickupCode: 'FRESH567', at: '2026-11-29T08:00:00.000Z' });
    const pickups = db.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems![2]!.Put!.Item!.pk);
    expect(pickups).toEqual(['PICKUP#TAKEN234', 'PICKUP#FRESH567']);
  });

  it('gives up after a few taken codes without spending, and does not draw again on a low balance', async () => {
    db.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));
    await expect(redeemPoints({ credits: ledger, clock, newPickupCode: () => 'TAKEN234' }, redemption)).rejects.toThrow(/pickup code/);
    expect(db.commandCalls(TransactWriteCommand)).toHaveLength(PICKUP_CODE_ATTEMPTS);
    db.reset();
    db.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));
    await expect(redeemPoints({ credits: ledger, clock }, redemption)).rejects.toBeInstanceOf(ConflictError);
    expect(db.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});

describe('DynamoCreditLedger.findRedemption', () => {
  it('reads the PICKUP item, consistently; an unknown code is undefined', async () => {
    db.on(GetCommand)
      .resolvesOnce({ Item: { pk: 'PICKUP#ABCD2345', sk: 'PICKUP', entity: 'PickupCode', ...redemption, pickupCode: 'ABCD2345', at: 't' } })
      .resolvesOnce({});
    expect(await ledger.findRedemption('ABCD2345')).toEqual({ ...redemption, pickupCode: 'ABCD2345', at: 't' });
    expect(await ledger.findRedemption('ZZZZ2345')).toBeUndefined();
    expect(db.commandCalls(GetCommand).map((c) => c.args[0].input)).toMatchObject([
      { Key: { pk: 'PICKUP#ABCD2345', sk: 'PICKUP' }, ConsistentRead: true },
      { Key: { pk: 'PICKUP#ZZZZ2345', sk: 'PICKUP' } },
    ]);
  });
});
