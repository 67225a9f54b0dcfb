import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { sqsBatchHandler } from '#shared/lambda/sqs-batch-handler';
import { createLogger } from '#shared/observability/logger';

const logger = createLogger('test');
const context = {
  functionName: 'test',
  functionVersion: '1',
  invokedFunctionArn: 'arn',
  memoryLimitInMB: '128',
  awsRequestId: 'req',
  getRemainingTimeInMillis: () => 1000,
} as unknown as Context;
const record = (messageId: string, body: string) =>
  ({ messageId, body, attributes: { ApproximateReceiveCount: '1' } }) as unknown as SQSRecord;
const event = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
const parse = (body: string) => {
  const n = Number(body);
  if (!Number.isInteger(n)) throw new Error('not a number');
  return n;
};

describe('sqsBatchHandler', () => {
  it('hands the batch’s parsed records over at once, and fails only a record that does not parse', async () => {
    const seen: number[][] = [];
    const handler = sqsBatchHandler(logger, parse, async (values) => void seen.push(values));
    expect(await handler(event(record('a', '1'), record('b', 'x'), record('c', '3')), context)).toEqual({
      batchItemFailures: [{ itemIdentifier: 'b' }],
    });
    expect(seen).toEqual([[1, 3]]);
  });

  it('fails every record when the batch’s work throws, so the whole batch comes back', async () => {
    const handler = sqsBatchHandler(logger, parse, async () => {
      throw new Error('table unavailable');
    });
    expect(await handler(event(record('a', '1'), record('b', 'x'), record('c', '3')), context)).toEqual({
      batchItemFailures: [{ itemIdentifier: 'b' }, { itemIdentifier: 'a' }, { itemIdentifier: 'c' }],
    });
  });
});
