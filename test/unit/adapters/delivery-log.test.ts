import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDeliveryLog } from '#shared/adapters/dynamo/delivery-log';

const db = mockClient(DynamoDBDocumentClient);
const log = new DynamoDeliveryLog(db as unknown as DynamoDBDocumentClient, 'table');
const throttled = () => new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} });

beforeEach(() => db.reset());

describe('DynamoDeliveryLog when the table fails (faults DynamoDB Local cannot make)', () => {
  it('answers a delivery whose outcome it could not record as unrecorded, without throwing: a throw would send it again for certain', async () => {
    db.on(PutCommand).resolves({});
    db.on(UpdateCommand).rejects(throttled());
    let runs = 0;
    expect(await log.once('req-1#v2#offer#t', async () => (runs++, 'sent'))).toEqual({ outcome: 'sent', fresh: true, unrecorded: true });
    expect(runs).toBe(1);
    expect(db.commandCalls(UpdateCommand)[0]!.args[0].input).toMatchObject({ ExpressionAttributeValues: { ':completed': 'COMPLETED' } });
  });

  it('does not run the delivery when it cannot take the key', async () => {
    db.on(PutCommand).rejects(throttled());
    let runs = 0;
    await expect(log.once('req-1#v2#offer#t', async () => (runs++, 'sent'))).rejects.toBeInstanceOf(ProvisionedThroughputExceededException);
    expect(runs).toBe(0);
  });

  it('throws the delivery’s own error even when giving the key up fails too (the key frees itself when its lock lapses)', async () => {
    db.on(PutCommand).resolves({});
    db.on(DeleteCommand).rejects(throttled());
    await expect(
      log.once('req-1#v2#offer#t', async () => {
        throw new Error('webhook answered 503');
      }),
    ).rejects.toThrow('webhook answered 503');
    expect(db.commandCalls(DeleteCommand)).toHaveLength(1);
  });
});
