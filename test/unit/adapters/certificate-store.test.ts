import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoCertificateStore } from '#shared/adapters/dynamo/certificate-store';

const db = mockClient(DynamoDBDocumentClient);
const store = new DynamoCertificateStore(db as unknown as DynamoDBDocumentClient, 'table');

beforeEach(() => db.reset());

describe('DynamoCertificateStore.listFor (DynamoDB Local reads consistently whatever is asked)', () => {
  it('reads the person’s index and each certificate consistently: a void and an issue at once each see the other’s certificate', async () => {
    db.on(QueryCommand).resolves({ Items: [{ pk: 'p', sk: 's', number: '2026-000001-ABCD' }] });
    db.on(GetCommand).resolves({ Item: { pk: 'c', sk: 'c', number: '2026-000001-ABCD' } });
    expect((await store.listFor('v')).map((c) => c.number)).toEqual(['2026-000001-ABCD']);
    expect(db.commandCalls(QueryCommand).map((call) => call.args[0].input.ConsistentRead)).toEqual([true]);
    expect(db.commandCalls(GetCommand).map((call) => call.args[0].input.ConsistentRead)).toEqual([true]);
  });
});
