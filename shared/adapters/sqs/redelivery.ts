/**
 * Puts off a failed record's next delivery (`ChangeMessageVisibility` on the record still in
 * flight), which is how an SQS consumer backs off: Lambda leaves a failed record alone, so it
 * comes back when the visibility set here runs out. The queue's URL and visibility timeout are
 * looked up once per queue (by the name in the record's ARN) and kept for the container's life.
 * Needs sqs:GetQueueUrl, sqs:GetQueueAttributes and sqs:ChangeMessageVisibility, which the
 * Lambda event source grants its function anyway.
 */
import { ChangeMessageVisibilityCommand, GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { sqsClient } from './client';
import { redeliveryDelaySeconds } from './redelivery-backoff';

interface QueueFacts {
  readonly url: string;
  readonly visibilitySeconds: number;
}

export interface Redelivery {
  /** The seconds until the record comes back. */
  postpone(record: SQSRecord): Promise<number>;
  /** Makes a record that was not tried visible again at once. */
  release(record: SQSRecord): Promise<void>;
}

export class SqsRedelivery implements Redelivery {
  private readonly queues = new Map<string, Promise<QueueFacts>>();

  constructor(
    private readonly sqs: SQSClient,
    private readonly random: () => number = Math.random,
  ) {}

  async postpone(record: SQSRecord): Promise<number> {
    const queue = await this.factsOf(record.eventSourceARN);
    const seconds = redeliveryDelaySeconds(Number(record.attributes.ApproximateReceiveCount) || 1, queue.visibilitySeconds, this.random);
    await this.setVisibility(queue, record, seconds);
    return seconds;
  }

  async release(record: SQSRecord): Promise<void> {
    await this.setVisibility(await this.factsOf(record.eventSourceARN), record, 0);
  }

  private async setVisibility(queue: QueueFacts, record: SQSRecord, seconds: number): Promise<void> {
    await this.sqs.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: queue.url, ReceiptHandle: record.receiptHandle, VisibilityTimeout: seconds }),
    );
  }

  private factsOf(arn: string): Promise<QueueFacts> {
    let facts = this.queues.get(arn);
    if (!facts) {
      facts = this.lookUp(arn);
      // A failed lookup is tried again next time rather than remembered.
      facts.catch(() => this.queues.delete(arn));
      this.queues.set(arn, facts);
    }
    return facts;
  }

  private async lookUp(arn: string): Promise<QueueFacts> {
    const [, , , , account, name] = arn.split(':');
    if (!name) throw new Error('not an SQS queue ARN');
    const { QueueUrl: url } = await this.sqs.send(
      new GetQueueUrlCommand({ QueueName: name, ...(account ? { QueueOwnerAWSAccountId: account } : {}) }),
    );
    if (!url) throw new Error('queue URL not found');
    const { Attributes } = await this.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['VisibilityTimeout'] }));
    const visibilitySeconds = Number(Attributes?.VisibilityTimeout);
    if (!Number.isFinite(visibilitySeconds)) throw new Error('queue visibility timeout unknown');
    return { url, visibilitySeconds };
  }
}

/** The redelivery with the container's SQS client (`sqsHandler` imports this module on the first failed record). */
export function sqsRedelivery(): SqsRedelivery {
  return new SqsRedelivery(sqsClient());
}
