/**
 * The roll-up adapter's edges that DynamoDB Local cannot be brought to cheaply: a month too large
 * for one item (its days stay the source), and facts that keep landing through every attempt.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoStatsRollUps } from '#shared/adapters/dynamo/stats-months';

const db = mockClient(DynamoDBDocumentClient);
const rollUps = new DynamoStatsRollUps(db as unknown as DynamoDBDocumentClient, 'table', { now: () => new Date('2026-12-05T02:00:00Z') });
const teamDay = (i: number) => ({
  pk: 'TEAMLOAD#3709',
  sk: `2026-11-01#team-${i}`,
  day: '2026-11-01',
  teamId: `team-${String(i).padStart(6, '0')}-of-a-large-city`,
  offers: 1,
  accepted: 1,
  completed: 1,
  declined: 1,
  lapsed: 1,
});

beforeEach(() => db.reset());

describe('DynamoStatsRollUps', () => {
  it('leaves a month whose sums would not fit one item to be read day by day', async () => {
    db.on(GetCommand).resolves({});
    db.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'STATS#3709', ':start': '2026-11-01#', ':end': '2026-11-30#~' } }).resolves({
      Items: [],
    });
    db.on(QueryCommand, {
      ExpressionAttributeValues: { ':pk': 'TEAMLOAD#3709', ':start': '2026-11-01#', ':end': '2026-11-30#~' },
    }).resolves({
      Items: Array.from({ length: 5000 }, (_, i) => teamDay(i)),
    });
    expect(await rollUps.rollUp('3709', '2026-11')).toEqual({ service: 'empty', team: 'too-large' });
    expect(db.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('gives up after five attempts while facts keep landing between its read and its put', async () => {
    db.on(GetCommand).resolves({ Item: { pk: 'STATSM#3709', sk: '2026-11', late: 1 } });
    db.on(QueryCommand).resolves({
      Items: [{ pk: 'STATS#3709', sk: '2026-11-02#legal-consultation', day: '2026-11-02', serviceCode: 'legal-consultation', requests: 1 }],
    });
    db.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'late moved', $metadata: {} }));
    const outcome = await rollUps.rollUp('3709', '2026-11');
    expect(outcome.service).toBe('contended');
    expect(db.commandCalls(PutCommand).filter((c) => c.args[0].input.Item?.pk === 'STATSM#3709')).toHaveLength(5);
    expect(db.commandCalls(PutCommand)[0]!.args[0].input).toMatchObject({
      ConditionExpression: 'late = :late',
      ExpressionAttributeValues: { ':late': 1 },
    });
  });
});
