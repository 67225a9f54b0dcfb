/**
 * The SQS dead letters' receives (aws-sdk-client-mock: a short poll that samples no server holding
 * the few dead letters cannot happen on the local SQS, which answers from one list).
 */
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SqsDeadLetters } from '#shared/adapters/sqs/dead-letters';

const sqs = mockClient(SQSClient);
afterEach(() => sqs.reset());

const letters = (ids: number[]) => ids.map((i) => ({ MessageId: `m${i}`, Body: `{"n":${i}}`, ReceiptHandle: `r${i}` }));
const deadLetters = () => new SqsDeadLetters(new SQSClient({ region: 'us-east-1' }), { notify: { url: 'q', dlqUrl: 'dlq' } });
const waits = () => sqs.commandCalls(ReceiveMessageCommand).map((c) => c.args[0].input.WaitTimeSeconds ?? 0);

describe('SqsDeadLetters', () => {
  it('redrives with long polls until one finds nothing: a short poll of a nearly empty queue may find nothing while letters wait', async () => {
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: letters([1, 2]) })
      .resolvesOnce({ Messages: letters([3]) })
      .resolves({ Messages: [] });
    sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: { Id: string }[] }) => ({ Successful: input.Entries, Failed: [] }));
    sqs.on(DeleteMessageBatchCommand).resolves({});
    expect(await deadLetters().redrive('notify', 1000)).toBe(3);
    expect(sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries!.map((e) => e.MessageBody))).toEqual([
      '{"n":1}',
      '{"n":2}',
      '{"n":3}',
    ]);
    expect(waits()).toHaveLength(3);
    expect(waits().every((w) => w >= 1)).toBe(true);
  });

  it('lists a sample with a long poll, so a few dead letters are shown', async () => {
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '2' } });
    sqs.on(ReceiveMessageCommand).resolves({ Messages: letters([1, 2]) });
    const [listed] = await deadLetters().list(10);
    expect(listed).toMatchObject({ queue: 'notify', count: 2, sample: [{ messageId: 'm1' }, { messageId: 'm2' }] });
    expect(waits()).toHaveLength(1);
    expect(waits()[0]).toBeGreaterThanOrEqual(1);
  });
});
