import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, expect, it } from 'vitest';
import { waitingLineItems } from '#shared/adapters/dynamo/waiting-line';

const db = mockClient(DynamoDBDocumentClient);
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
  db.reset();
});

it('fails a province’s read whole when one city’s walk fails, leaving no rejection unhandled while it finds the next city', async () => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
  let walkFailed!: () => void;
  const failed = new Promise<void>((resolve) => {
    walkFailed = resolve;
  });
  db.on(QueryCommand).callsFake(async (input: { ExpressionAttributeValues: Record<string, string> }) => {
    const from = input.ExpressionAttributeValues[':from'];
    // 山东省: its first city's first county, 芝罘区 of 烟台.
    if (from === '37') return { Items: [{ gsi1sk: '370602#1#2026-03-09T02:00:00.000Z#r1' }] };
    // The walk of 烟台's other counties is throttled.
    if (from === '370602#~') {
      walkFailed();
      throw new Error('ProvisionedThroughputExceededException');
    }
    // The next city is found only after the walk's failure has been through a whole turn of the
    // event loop (where Node reports a rejection nobody handles), as a slower query would be.
    await failed;
    await new Promise((resolve) => setImmediate(resolve));
    return { Items: [] };
  });
  await expect(waitingLineItems(db as unknown as DynamoDBDocumentClient, 'table', 'appliance-repair', '37', 10)).rejects.toThrow(
    'ProvisionedThroughputExceededException',
  );
  expect(unhandled).toEqual([]);
});
