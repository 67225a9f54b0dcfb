import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoStatsFacts } from '#shared/adapters/dynamo/stats-facts';

const db = mockClient(DynamoDBDocumentClient);
const facts = new DynamoStatsFacts(db as unknown as DynamoDBDocumentClient, 'table');

beforeEach(() => {
  db.reset();
  db.on(QueryCommand).resolves({ Items: [] });
});

/** Whether each query of the day's own partition (not the legacy index, which cannot be) read consistently. */
const partitionReads = () =>
  db
    .commandCalls(QueryCommand)
    .filter((call) => call.args[0].input.IndexName === undefined)
    .map((call) => call.args[0].input.ConsistentRead);

describe('DynamoStatsFacts (DynamoDB Local reads consistently whatever is asked)', () => {
  it('reads a day to fold consistently, so a fact moved to it just before is counted before its note is cleared', async () => {
    await facts.ofDayToFold('2026-12-07');
    expect(partitionReads()).toEqual([true]);
  });

  it('reads a dashboard’s day as cheaply as it may', async () => {
    await facts.ofDay('2026-12-07', '370902');
    expect(partitionReads()).toHaveLength(1);
    expect(partitionReads()).not.toContain(true);
  });
});
