import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import type { Context, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { SqsRedelivery } from '#shared/adapters/sqs/redelivery';
import { sqsHandler } from '#shared/lambda/sqs-handler';
import { createLogger } from '#shared/observability/logger';
import { postJson, validSubmission } from '../support/http';
import { drained, eventually, queueDepth, useLocalStack } from '../support/local-stack';

// One-second visibility so redelivery and the DLQ need seconds, not the declared minutes (the
// consumers' backoff doubles it per failed receive: the DLQ takes tens of seconds).
const local = useLocalStack({ queueVisibilitySeconds: { dispatch: 1 } });

async function submit(): Promise<string> {
  return (await postJson(`${local().url}/requests`, validSubmission())).json().id;
}

const send = (body: string) =>
  local().stack.sqs.send(new SendMessageCommand({ QueueUrl: local().stack.queues.dispatch.url, MessageBody: body }));

describe('delivery of the dispatch queue to its consumer', () => {
  it('changes the request once however often its message is delivered', async () => {
    const id = await submit();
    await eventually(async () => (await local().adapters.requests.get(id))?.status === 'ESCALATED');
    const { dead } = await queueDepth(local().stack, 'dispatch');
    // Three more copies, each with a new SQS messageId.
    await Promise.all([1, 2, 3].map(() => send(JSON.stringify({ requestId: id, version: 1 }))));
    // Every copy has left the queue, and none for the DLQ: the consumer ran on each and acknowledged it.
    expect(await drained(local().stack, 'dispatch')).toBe(dead);
    const found = await local().adapters.requests.getWithTimeline(id);
    expect(found?.request.version).toBe(2);
    expect(found?.timeline.map((e) => e.status)).toEqual(['SUBMITTED', 'ESCALATED']);
  });

  it('moves a poison message to the DLQ after maxReceiveCount and still handles its batch mates', async () => {
    const { stack } = local();
    await send('this is not json');
    const id = await submit();
    await eventually(async () => (await local().adapters.requests.get(id))?.status === 'ESCALATED');
    const dead = await eventually(async () => {
      const out = await stack.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: stack.queues.dispatch.dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      );
      return out.Messages?.length ? out.Messages : undefined;
    }, 90_000);
    expect(dead.map((m) => m.Body)).toEqual(['this is not json']);
    expect((await queueDepth(stack, 'dispatch')).pending).toBe(0);
  }, 120_000);

  it('acknowledges a message for a request that does not exist', async () => {
    const { stack } = local();
    const { dead } = await queueDepth(stack, 'dispatch');
    await send(JSON.stringify({ requestId: 'nosuchrequest0000000', version: 1 }));
    // Gone from the queue and not to the DLQ: acknowledged, not failed until dead-lettered.
    expect(await drained(stack, 'dispatch')).toBe(dead);
  });
});

describe('a batch near its invocation’s deadline', () => {
  it('brings the records it did not start back at once, and puts off the one that failed', async () => {
    const { sqs } = local().stack;
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'untried-check', Attributes: { VisibilityTimeout: '180' } })))
      .QueueUrl!;
    const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    await Promise.all(['a', 'b', 'c'].map((body) => sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }))));
    const receiveAll = async (count: number, polls = 20): Promise<Message[]> => {
      const got: Message[] = [];
      for (let i = 0; i < polls && got.length < count; i++) {
        const out = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, AttributeNames: ['All'] }),
        );
        got.push(...(out.Messages ?? []));
      }
      return got;
    };
    const batch = await receiveAll(3);
    const records = batch.map(
      (m) =>
        ({
          messageId: m.MessageId!,
          receiptHandle: m.ReceiptHandle!,
          body: m.Body!,
          attributes: { ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1' },
          eventSourceARN: arn,
        }) as unknown as SQSRecord,
    );
    // The first record takes 20 of the invocation's 30 seconds and fails (a target timed out).
    let elapsed = 0;
    const handled: string[] = [];
    const handler = sqsHandler(
      createLogger('queue-delivery-test'),
      async (r) => {
        handled.push(r.body);
        elapsed += 20_000;
        throw new Error('webhook timed out');
      },
      { redelivery: new SqsRedelivery(sqs), recordBudgetMs: 15_000 },
    );
    const context = {
      functionName: 'untried-check',
      functionVersion: '1',
      invokedFunctionArn: 'arn',
      memoryLimitInMB: '128',
      awsRequestId: 'req',
      getRemainingTimeInMillis: () => 30_000 - elapsed,
    } as unknown as Context;
    const response = await handler({ Records: records }, context);
    expect(handled).toEqual([records[0]!.body]);
    expect(response.batchItemFailures).toHaveLength(3);
    const untried = records.slice(1).map((r) => r.body);
    const back = await receiveAll(2);
    expect(back.map((m) => m.Body).sort()).toEqual(untried.sort());
    // The failed one is put off (180 s or more): it is not among them, nor anything after them.
    expect(await receiveAll(1, 2)).toEqual([]);
  });
});
