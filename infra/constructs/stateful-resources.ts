import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { QueueName, QueueSpec, TableSpec } from '#shared/topology/topology';
import { constructId } from './construct-id';
import { WorkQueue } from './work-queue';

export interface StatefulResourcesProps {
  readonly table: TableSpec;
  readonly queues: Readonly<Record<QueueName, QueueSpec>>;
}

/**
 * Everything that holds data: the table and the work queues. Kept apart from functions and
 * the API so that reshaping the stateless part never touches a resource that would lose
 * residents' requests if replaced.
 */
export class StatefulResources extends Construct {
  readonly table: dynamodb.Table;
  /** Names of the table's GSIs, for IAM statements scoped to exactly these indexes. */
  readonly indexNames: readonly string[];
  readonly queues: ReadonlyMap<QueueName, WorkQueue>;

  constructor(scope: Construct, id: string, props: StatefulResourcesProps) {
    super(scope, id);
    const string = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: string(props.table.partitionKey),
      sortKey: string(props.table.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: props.table.ttlAttribute,
      // Residents' requests live here: deleting or replacing the stack must not delete them, and
      // nor may a delete-table by hand (docs/operations.md says how to lift it for a teardown).
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
    for (const index of props.table.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: string(index.partitionKey),
        sortKey: string(index.sortKey),
        projectionType: dynamodb.ProjectionType[index.projection],
        ...(index.nonKeyAttributes ? { nonKeyAttributes: [...index.nonKeyAttributes] } : {}),
      });
    }
    this.indexNames = props.table.indexes.map((index) => index.name);

    const queues = new Map<QueueName, WorkQueue>();
    for (const [name, spec] of Object.entries(props.queues) as [QueueName, QueueSpec][]) {
      queues.set(name, new WorkQueue(this, constructId(name), { name, spec }));
    }
    this.queues = queues;
  }

  /** The work queue a topology name refers to; a typo fails synth here rather than at run time. */
  queue(name: string): WorkQueue {
    const queue = this.queues.get(name as QueueName);
    if (!queue) throw new Error(`No queue "${name}" in topology.queues`);
    return queue;
  }
}
