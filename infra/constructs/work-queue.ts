import { Duration, RemovalPolicy, Tags, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { guardRule } from '../compliance';
import { DEAD_LETTER_QUEUE_TAG, QUEUE_TAG } from '../resource-tags';
import type { QueueName, QueueSpec } from '#shared/topology/topology';

export interface WorkQueueProps {
  /** Topology name; tagged onto both queues so templates and accounts map back to it. */
  readonly name: QueueName;
  readonly spec: QueueSpec;
}

/** A topology queue and the dead-letter queue that catches what it could not deliver. */
export class WorkQueue extends Construct {
  readonly name: QueueName;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: WorkQueueProps) {
    super(scope, id);
    this.name = props.name;

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The maximum: a poisoned message keeps its original enqueue time when it moves here,
      // so anything shorter than the source's retention would expire it before anyone looks.
      retentionPeriod: Duration.days(14),
      // It holds what failed every delivery until a person redrives it: deleting or replacing the
      // stack leaves it (and what it holds) in the account. A policy, not a property: changing it
      // replaces nothing.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Tags.of(this.deadLetterQueue).add(DEAD_LETTER_QUEUE_TAG, props.name);
    Validations.of(this.deadLetterQueue).acknowledge({
      id: guardRule('sqs_dlq_check'),
      reason:
        'This is the dead-letter queue: what fails here every time waits for a person (an alarm fires at one message, and the ' +
        'console shows and redrives it), so a queue behind it would only hide the message further.',
    });

    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(props.spec.retentionDays),
      visibilityTimeout: Duration.seconds(props.spec.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.spec.maxReceiveCount },
    });
    Tags.of(this.queue).add(QUEUE_TAG, props.name);
  }
}
