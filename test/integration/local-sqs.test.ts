// The local stack's SQS server behaves as SQS where the system relies on it: a visibility change
// (how consumers back off) is not a receive, and the redrive policy moves a message to the DLQ
// after maxReceiveCount receives; a long poll answers once a message is there (the local event
// sources long-poll). local-aws-sqs 2.0.2 counted visibility changes and held a long poll to its
// end; the postinstall script scripts/patch-local-aws-sqs.mjs mends both, and this fails if that
// stops working.
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Server } from 'node:http';
import { createSqsServer } from 'local-aws-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: Server;
let sqs: SQSClient;

beforeAll(async () => {
  server = await createSqsServer({ port: 0, hostname: '127.0.0.1', emulateQueueCreationLifecycle: false });
  const { port } = server.address() as { port: number };
  sqs = new SQSClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});
afterAll(async () => {
  sqs?.destroy();
  await new Promise<void>((done) => server?.close(() => done()));
});

const receiveOne = async (url: string) => {
  for (let i = 0; i < 100; i++) {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 1, WaitTimeSeconds: 0, AttributeNames: ['All'] }),
    );
    if (Messages?.[0]) return Messages[0];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no message came back');
};

describe('the local SQS server', () => {
  it('does not count a visibility change as a receive, and dead-letters after maxReceiveCount receives', async () => {
    const dlq = (await sqs.send(new CreateQueueCommand({ QueueName: 'check-dlq' }))).QueueUrl!;
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    const url = (
      await sqs.send(
        new CreateQueueCommand({
          QueueName: 'check',
          Attributes: { VisibilityTimeout: '1', RedrivePolicy: JSON.stringify({ maxReceiveCount: 3, deadLetterTargetArn: dlqArn }) },
        }),
      )
    ).QueueUrl!;
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }));
    const counts: string[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const message = await receiveOne(url);
      counts.push(message.Attributes!.ApproximateReceiveCount!);
      await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle!, VisibilityTimeout: 1 }));
    }
    expect(counts).toEqual(['1', '2', '3']);
    const dead = await receiveOne(dlq);
    expect(dead.Body).toBe('x');
  });

  it('answers a long poll as soon as a message arrives, with fewer than it asked for', async () => {
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'long-poll' }))).QueueUrl!;
    const started = performance.now();
    // Asks for 10 and may wait 20 s: SQS answers with the one message once it is there.
    const polled = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 20 }));
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'soon' }));
    const { Messages } = await polled;
    expect(Messages?.map((m) => m.Body)).toEqual(['soon']);
    // Unpatched, the poll returns only at its 20 s end; far below that is the evidence it did not wait.
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
