import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoOutbox, OUTBOX_READ_PER_RUN } from '#shared/adapters/dynamo/outbox';

const db = mockClient(DynamoDBDocumentClient);
const outbox = new DynamoOutbox(db as unknown as DynamoDBDocumentClient, 'table');
const now = '2026-12-07T02:00:00.000Z';

const message = (n: number, dueAt: string) => ({
  pk: 'OUTBOX',
  sk: `r${n}#notice-v2-offer`,
  id: 'notice-v2-offer',
  requestId: `r${n}`,
  queue: 'notify',
  body: {},
  dueAt,
});
const tableQueries = () => db.commandCalls(QueryCommand).filter((c) => c.args[0].input.IndexName === undefined);

beforeEach(() => {
  db.reset();
  // The upgrade shim's read of the version before's messages: none.
  db.on(QueryCommand, { IndexName: 'gsi2' }).resolves({ Items: [] });
});

describe('DynamoOutbox.due', () => {
  it('reads a small partition whole, from a point to its end and then from its start, and answers the due ones earliest first', async () => {
    db.on(QueryCommand, { KeyConditionExpression: 'pk = :pk AND sk >= :start' }).resolves({
      Items: [message(1, '2026-12-07T01:59:00.000Z')],
      ScannedCount: 3,
    });
    db.on(QueryCommand, { KeyConditionExpression: 'pk = :pk AND sk < :start' }).resolves({
      Items: [message(2, '2026-12-07T01:58:00.000Z')],
      ScannedCount: 2,
    });
    expect((await outbox.due(now, 100)).map((m) => m.requestId)).toEqual(['r2', 'r1']);
    const [tail, head] = tableQueries().map((c) => c.args[0].input);
    expect(tail).toMatchObject({ FilterExpression: 'dueAt <= :now', Limit: OUTBOX_READ_PER_RUN });
    expect(head).toMatchObject({ Limit: OUTBOX_READ_PER_RUN - 3 });
    expect(head!.ExpressionAttributeValues?.[':start']).toBe(tail!.ExpressionAttributeValues?.[':start']);
  });

  it('starts each run at a point drawn evenly over the partition: a whole random request id, not one of 32 first characters', async () => {
    db.on(QueryCommand, { KeyConditionExpression: 'pk = :pk AND sk >= :start' }).resolves({ Items: [], ScannedCount: 0 });
    db.on(QueryCommand, { KeyConditionExpression: 'pk = :pk AND sk < :start' }).resolves({ Items: [], ScannedCount: 0 });
    await outbox.due(now, 100);
    await outbox.due(now, 100);
    const starts = tableQueries()
      .filter((c) => c.args[0].input.KeyConditionExpression?.includes('>='))
      .map((c) => String(c.args[0].input.ExpressionAttributeValues?.[':start']));
    expect(starts).toHaveLength(2);
    for (const start of starts) expect(start).toMatch(/^[0-9a-z]{20}$/);
    expect(starts[0]).not.toBe(starts[1]);
  });

  it('reads at most OUTBOX_READ_PER_RUN messages in a backlog, however large', async () => {
    const page = { Items: [message(1, now)], ScannedCount: 600, LastEvaluatedKey: { pk: 'OUTBOX', sk: 'x' } };
    db.on(QueryCommand, { KeyConditionExpression: 'pk = :pk AND sk >= :start' }).resolves(page);
    db.on(QueryCommand, { KeyConditionExpression: 'pk = :pk AND sk < :start' }).resolves(page);
    await outbox.due(now, 100);
    const limits = tableQueries().map((c) => c.args[0].input.Limit);
    expect(limits).toEqual([OUTBOX_READ_PER_RUN, OUTBOX_READ_PER_RUN - 600]);
  });
});
