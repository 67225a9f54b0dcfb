/** The QueuePublisher port on SQS. Queue URLs come from the environment the function was given. */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { OutboxMessage } from '#shared/ports/outbox';
import type { QueuePublisher } from '#shared/ports/queue-publisher';

export class SqsQueuePublisher implements QueuePublisher {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrls: Readonly<Partial<Record<OutboxMessage['queue'], string>>>,
  ) {}

  async publish(message: Pick<OutboxMessage, 'id' | 'queue' | 'body'>, options?: { readonly signal?: AbortSignal }): Promise<void> {
    const url = this.queueUrls[message.queue];
    if (!url) throw new Error(`No URL configured for queue ${message.queue}`);
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: JSON.stringify(message.body),
        MessageAttributes: { businessKey: { DataType: 'String', StringValue: message.id } },
      }),
      { abortSignal: options?.signal },
    );
  }
}
