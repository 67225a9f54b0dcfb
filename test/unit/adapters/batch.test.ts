import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { BatchIncompleteError, batchGetAll, batchWriteAll } from '#shared/adapters/dynamo/batch';
import { DynamoTeamRepository } from '#shared/adapters/dynamo/team-repository';

const db = mockClient(DynamoDBDocumentClient);
const client = db as unknown as DynamoDBDocumentClient;
const key = (n: number) => ({ pk: `TEAM#t${n}`, sk: 'TEAM' });
const put = (n: number) => ({ PutRequest: { Item: { ...key(n), n } } });
const fast = { baseDelayMs: 1 };

beforeEach(() => db.reset());

describe('batchGetAll', () => {
  it('reads 250 keys as three BatchGetItem calls sent together, consistently when asked', async () => {
    let inFlight = 0;
    let most = 0;
    db.on(BatchGetCommand).callsFake(async (input) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return { Responses: { table: input.RequestItems.table.Keys } };
    });
    const items = await batchGetAll(
      client,
      'table',
      Array.from({ length: 250 }, (_, n) => key(n)),
      { consistentRead: true },
    );
    expect(items).toHaveLength(250);
    const calls = db.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems!.table!);
    expect(calls.map((c) => c.Keys!.length)).toEqual([100, 100, 50]);
    expect(calls.every((c) => c.ConsistentRead === true)).toBe(true);
    expect(most).toBe(3);
  });

  it('sends the unprocessed keys again until every item is read', async () => {
    db.on(BatchGetCommand)
      .resolvesOnce({ Responses: { table: [key(1)] }, UnprocessedKeys: { table: { Keys: [key(2), key(3)] } } })
      .resolvesOnce({ Responses: { table: [key(2)] }, UnprocessedKeys: { table: { Keys: [key(3)] } } })
      .resolvesOnce({ Responses: { table: [key(3)] } });
    const items = await batchGetAll(client, 'table', [key(1), key(2), key(3)], fast);
    expect(items.map((i) => i.pk).sort()).toEqual(['TEAM#t1', 'TEAM#t2', 'TEAM#t3']);
    expect(db.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems!.table!.Keys)).toEqual([
      [key(1), key(2), key(3)],
      [key(2), key(3)],
      [key(3)],
    ]);
  });

  it('fails rather than answer with part of the items when DynamoDB keeps some unprocessed', async () => {
    db.on(BatchGetCommand).resolves({ Responses: { table: [] }, UnprocessedKeys: { table: { Keys: [key(9)] } } });
    await expect(batchGetAll(client, 'table', [key(9)], { ...fast, maxAttempts: 4 })).rejects.toEqual(
      new BatchIncompleteError('BatchGetItem', 1),
    );
    expect(db.commandCalls(BatchGetCommand)).toHaveLength(4);
  });

  it('makes no call for no keys', async () => {
    expect(await batchGetAll(client, 'table', [])).toEqual([]);
    expect(db.commandCalls(BatchGetCommand)).toHaveLength(0);
  });
});

describe('batchWriteAll', () => {
  it('writes in chunks of 25 and sends the unprocessed items again', async () => {
    db.on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { table: [put(3)] } })
      .resolves({});
    await batchWriteAll(
      client,
      'table',
      Array.from({ length: 30 }, (_, n) => put(n)),
      fast,
    );
    const sizes = db.commandCalls(BatchWriteCommand).map((c) => c.args[0].input.RequestItems!.table!.length);
    expect(sizes.sort((a, b) => a - b)).toEqual([1, 5, 25]);
  });

  it('fails when items stay unprocessed, so no caller takes a partial write for a whole one', async () => {
    db.on(BatchWriteCommand).resolves({ UnprocessedItems: { table: [put(1)] } });
    await expect(batchWriteAll(client, 'table', [put(1)], { ...fast, maxAttempts: 3 })).rejects.toBeInstanceOf(BatchIncompleteError);
  });
});

describe('the team repository on it', () => {
  it('reads candidates whose batch came back partly unprocessed, none missing', async () => {
    db.on(BatchGetCommand)
      .resolvesOnce({
        Responses: { table: [{ ...key(1), id: 't1', capacity: 2, active: 1 }] },
        UnprocessedKeys: { table: { Keys: [key(2)] } },
      })
      .resolvesOnce({ Responses: { table: [{ ...key(2), id: 't2', capacity: 1, tokenHash: 'secret' }] } });
    db.on(QueryCommand).resolves({ Items: [{ teamId: 't1' }, { teamId: 't2' }] });
    const teams = await new DynamoTeamRepository(client, 'table').candidates('appliance-repair', ['370902003009']);
    expect(teams.map((t) => t.id).sort()).toEqual(['t1', 't2']);
    expect(teams.find((t) => t.id === 't2')).toEqual({ id: 't2', capacity: 1, active: 0 });
  });

  it('reads a team serving several of the services once', async () => {
    const area = '370902';
    db.on(QueryCommand).callsFake(async (input) => ({
      Items: input.ExpressionAttributeValues[':pk'].endsWith('repair')
        ? [
            { teamId: 't1', servesAreaId: `${area}.taiqian` },
            { teamId: 't2', servesAreaId: area },
          ]
        : [
            { teamId: 't1', servesAreaId: `${area}.taiqian` },
            { teamId: 'far', servesAreaId: '370903' },
          ],
    }));
    db.on(BatchGetCommand).callsFake(async (input) => ({
      Responses: { table: input.RequestItems.table.Keys.map((k: { pk: string }) => ({ ...k, id: k.pk.slice(5), capacity: 1 })) },
    }));
    const teams = await new DynamoTeamRepository(client, 'table').servingWithin(['appliance-repair', 'elderly-visit'], area);
    expect(teams.map((t) => t.id).sort()).toEqual(['t1', 't2']);
    expect(db.commandCalls(QueryCommand)).toHaveLength(2);
    expect(db.commandCalls(BatchGetCommand).flatMap((c) => c.args[0].input.RequestItems!.table!.Keys!.map((k) => k.pk))).toEqual([
      'TEAM#t1',
      'TEAM#t2',
    ]);
  });
});
