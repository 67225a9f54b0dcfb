/**
 * The SQS queue publisher over the container's SQS client: a module of its own, so a function that
 * loads it on first use (`queue-publisher-on-first-use.ts`) loads this and the client alone.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { sqsClient } from '#shared/adapters/sqs/client';
import { SqsQueuePublisher } from '#shared/adapters/sqs/queue-publisher';
import type { OutboxMessage } from '#shared/ports/outbox';

export function queuePublisher(urls: Partial<Record<OutboxMessage['queue'], string>>, sqs: SQSClient = sqsClient()) {
  return new SqsQueuePublisher(sqs, urls);
}
