import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
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
    await eventually(async () => (await local().adapters.requests.get(id))?.status === 'WAITING');
    const { dead } = await queueDepth(local().stack, 'dispatch');
    // Three more copies, each with a new SQS messageId.
    await Promise.all([1, 2, 3].map(() => send(JSON.stringify({ requestId: id, version: 1 }))));
    // Every copy has left the queue, and none for the DLQ: the consumer ran on each and acknowledged it.
    expect(await drained(local().stack, 'dispatch')).toBe(dead);
    const found = await local().adapters.requests.getWithTimeline(id);
    expect(found?.request.version).toBe(2);
    expect(found?.timeline.map((e) => e.status)).toEqual(['SUBMITTED', 'WAITING']);
  });

  it('moves a poison message to the DLQ after maxReceiveCount and still handles its batch mates', async () => {
    const { stack } = local();
    await send('this is not json');
    const id = await submit();
    await eventually(async () => (await local().adapters.requests.get(id))?.status === 'WAITING');
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
