import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SqsQueuePublisher } from '#shared/adapters/sqs/queue-publisher';

const sqs = mockClient(SQSClient);
beforeEach(() => sqs.reset());

describe('SqsQueuePublisher', () => {
  it('sends the body as JSON to the queue URL, with the business key as an attribute', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm' });
    await new SqsQueuePublisher(new SQSClient({}), { dispatch: 'https://sqs/q' }).publish({
      id: 'r.v1.dispatch',
      queue: 'dispatch',
      body: { requestId: 'r', version: 1 },
    });
    expect(sqs.commandCalls(SendMessageCommand)[0]!.args[0].input).toEqual({
      QueueUrl: 'https://sqs/q',
      MessageBody: '{"requestId":"r","version":1}',
      MessageAttributes: { businessKey: { DataType: 'String', StringValue: 'r.v1.dispatch' } },
    });
  });

  it('fails loudly for a queue it has no URL for, and passes SQS errors on', async () => {
    await expect(new SqsQueuePublisher(new SQSClient({}), {}).publish({ id: 'x', queue: 'dispatch', body: {} })).rejects.toThrow(
      'No URL configured',
    );
    sqs.on(SendMessageCommand).rejects(Object.assign(new Error('down'), { name: 'ServiceUnavailable' }));
    await expect(
      new SqsQueuePublisher(new SQSClient({}), { dispatch: 'u' }).publish({ id: 'x', queue: 'dispatch', body: {} }),
    ).rejects.toMatchObject({ name: 'ServiceUnavailable' });
  });
});
