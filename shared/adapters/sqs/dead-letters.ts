/**
 * The DeadLetters port on SQS. Looking at a DLQ receives its messages with a zero visibility
 * timeout, so they stay where they are; a redrive sends each message back to its queue, then
 * deletes it from the DLQ (a crash in between leaves a duplicate, which consumers ignore: they
 * are idempotent on the message's business key). Every receive is a long poll: a short poll asks
 * only some of SQS's servers, and with a few dead letters (the usual case) may answer none.
 */
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { DeadLetter, DeadLetterQueue, DeadLetters } from '#shared/ports/dead-letters';

/** A receive waits this long for a message (a long poll, which asks every server); only an empty one ends a redrive. */
export const LONG_POLL_SECONDS = 1;

export interface QueuePair {
  readonly url: string;
  readonly dlqUrl: string;
}

export class SqsDeadLetters implements DeadLetters {
  constructor(
    private readonly sqs: SQSClient,
    private readonly pairs: Readonly<Record<string, QueuePair>>,
  ) {}

  queues(): readonly string[] {
    return Object.keys(this.pairs);
  }

  async list(sample: number): Promise<DeadLetterQueue[]> {
    return Promise.all(
      Object.entries(this.pairs).map(async ([queue, { dlqUrl }]) => {
        const attributes = await this.sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
        );
        const out =
          sample > 0
            ? await this.sqs.send(
                new ReceiveMessageCommand({
                  QueueUrl: dlqUrl,
                  MaxNumberOfMessages: Math.min(sample, 10),
                  VisibilityTimeout: 0,
                  WaitTimeSeconds: LONG_POLL_SECONDS,
                  MessageSystemAttributeNames: ['All'],
                }),
              )
            : { Messages: [] };
        const letters: DeadLetter[] = (out.Messages ?? []).map((m) => ({
          messageId: m.MessageId ?? '',
          body: m.Body ?? '',
          ...(m.Attributes?.SentTimestamp ? { sentAt: new Date(Number(m.Attributes.SentTimestamp)).toISOString() } : {}),
          ...(m.Attributes?.ApproximateReceiveCount ? { receiveCount: Number(m.Attributes.ApproximateReceiveCount) } : {}),
        }));
        return { queue, count: Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0), sample: letters };
      }),
    );
  }

  async redrive(queue: string, max: number): Promise<number> {
    const pair = this.pairs[queue];
    if (!pair) throw new Error(`No queue ${queue}`);
    let moved = 0;
    while (moved < max) {
      const out = await this.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: pair.dlqUrl,
          MaxNumberOfMessages: Math.min(10, max - moved),
          VisibilityTimeout: 60,
          WaitTimeSeconds: LONG_POLL_SECONDS,
          MessageAttributeNames: ['All'],
        }),
      );
      const messages = out.Messages ?? [];
      // A long poll that found nothing: the DLQ holds no more that can be received now.
      if (messages.length === 0) break;
      const sent = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: pair.url,
          Entries: messages.map((m, i) => ({
            Id: String(i),
            MessageBody: m.Body ?? '',
            ...(m.MessageAttributes ? { MessageAttributes: m.MessageAttributes } : {}),
          })),
        }),
      );
      const ok = new Set((sent.Successful ?? []).map((s) => s.Id));
      const done = messages.filter((_, i) => ok.has(String(i)));
      if (done.length > 0) {
        await this.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: pair.dlqUrl,
            Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
          }),
        );
      }
      moved += done.length;
      if (done.length < messages.length) break;
    }
    return moved;
  }
}
