import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { BatchIncompleteError, batchGetAll, batchWriteAll } from '#shared/adapters/dynamo/batch';
import { DynamoAreaRepository } from '#shared/adapters/dynamo/area-repository';
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

/** The most BatchWriteItem calls in flight at once while `run` writes (each answered after a turn of the event loop). */
async function inFlightDuring(run: () => Promise<void>): Promise<number> {
  let inFlight = 0;
  let most = 0;
  db.on(BatchWriteCommand).callsFake(async () => {
    inFlight++;
    most = Math.max(most, inFlight);
    await new Promise((r) => setImmediate(r));
    inFlight--;
    return {};
  });
  await run();
  return most;
}

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

  it('sends at most `concurrency` chunks at once, and every chunk', async () => {
    const most = inFlightDuring(() =>
      batchWriteAll(
        client,
        'table',
        Array.from({ length: 140 }, (_, n) => put(n)),
        { concurrency: 2 },
      ),
    );
    expect(await most).toBe(2);
    expect(db.commandCalls(BatchWriteCommand).map((c) => c.args[0].input.RequestItems!.table!.length)).toEqual([25, 25, 25, 25, 25, 15]);
  });

  it('sends a chunk DynamoDB refused whole for throttling again when asked, as it does unprocessed items', async () => {
    const throttled = Object.assign(new Error('Throughput exceeds the current capacity'), {
      name: 'ProvisionedThroughputExceededException',
    });
    db.on(BatchWriteCommand).rejectsOnce(throttled).resolves({});
    await batchWriteAll(client, 'table', [put(1), put(2)], { ...fast, retryThrottled: true });
    expect(db.commandCalls(BatchWriteCommand)).toHaveLength(2);
    // Not asked: the caller's retry policy takes it.
    db.reset();
    db.on(BatchWriteCommand).rejectsOnce(throttled).resolves({});
    await expect(batchWriteAll(client, 'table', [put(1)], fast)).rejects.toBe(throttled);
    // Any other error is never sent again.
    db.reset();
    db.on(BatchWriteCommand).rejects(new Error('ValidationException'));
    await expect(batchWriteAll(client, 'table', [put(1)], { ...fast, retryThrottled: true })).rejects.toThrow('ValidationException');
    expect(db.commandCalls(BatchWriteCommand)).toHaveLength(1);
  });

  it('writes an import of areas (one index partition) four chunks at a time', async () => {
    const areas = Array.from({ length: 300 }, (_, n) => ({
      id: `370902003${String(n).padStart(3, '0')}`,
      level: 'community' as const,
      name: { zh: `${n}社区`, en: `${n}社区` },
      officialName: `${n}社区居委会`,
      kind: '社区',
    }));
    expect(await inFlightDuring(() => new DynamoAreaRepository(client, 'table').putMany(areas))).toBe(4);
    expect(db.commandCalls(BatchWriteCommand)).toHaveLength(12);
    // A chunk refused whole for throughput is waited out, not failed.
    db.reset();
    db.on(BatchWriteCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
      .resolves({});
    await new DynamoAreaRepository(client, 'table').putMany(areas.slice(0, 25));
    expect(db.commandCalls(BatchWriteCommand)).toHaveLength(2);
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
