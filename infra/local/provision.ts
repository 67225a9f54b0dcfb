/** Creates the table and the queues of the topology on the local servers (when missing). */
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  type GlobalSecondaryIndex,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { IndexSpec, QueueName, QueueSpec, TableSpec } from '#shared/topology/topology';

/**
 * Creates the table, or gives a table kept from an earlier run (`--data-dir`) the indexes the
 * topology added since, as a deploy does on AWS (DynamoDB fills them from the stored items).
 */
export async function createTable(db: DynamoDBClient, tableName: string, spec: TableSpec): Promise<void> {
  const attributes = (names: readonly string[]) =>
    [...new Set(names)].map((name) => ({ AttributeName: name, AttributeType: 'S' as const }));
  try {
    const { Table: table } = await db.send(new DescribeTableCommand({ TableName: tableName }));
    const present = new Set((table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
    // One index an UpdateTable, as DynamoDB allows.
    for (const index of spec.indexes.filter((i) => !present.has(i.name))) {
      await db.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: attributes([index.partitionKey, index.sortKey]),
          GlobalSecondaryIndexUpdates: [{ Create: indexDefinition(index) }],
        }),
      );
      await untilIndexActive(db, tableName, index.name);
    }
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await db.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: attributes([spec.partitionKey, spec.sortKey, ...spec.indexes.flatMap((i) => [i.partitionKey, i.sortKey])]),
      KeySchema: [
        { AttributeName: spec.partitionKey, KeyType: 'HASH' },
        { AttributeName: spec.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: spec.indexes.map(indexDefinition),
    }),
  );
  await waitUntilTableExists({ client: db, maxWaitTime: 30 }, { TableName: tableName });
  await db.send(
    new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: spec.ttlAttribute, Enabled: true } }),
  );
}

async function untilIndexActive(db: DynamoDBClient, tableName: string, indexName: string): Promise<void> {
  for (let tries = 0; ; tries++) {
    const { Table: table } = await db.send(new DescribeTableCommand({ TableName: tableName }));
    const status = table?.GlobalSecondaryIndexes?.find((i) => i.IndexName === indexName)?.IndexStatus;
    if (status === 'ACTIVE') return;
    if (tries >= 120) throw new Error(`${tableName}: index ${indexName} still ${status ?? 'absent'} after 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function indexDefinition(index: IndexSpec): GlobalSecondaryIndex {
  return {
    IndexName: index.name,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' },
      { AttributeName: index.sortKey, KeyType: 'RANGE' },
    ],
    Projection: {
      ProjectionType: index.projection,
      ...(index.nonKeyAttributes ? { NonKeyAttributes: [...index.nonKeyAttributes] } : {}),
    },
  };
}

export interface ProvisionedQueue {
  readonly name: QueueName;
  readonly url: string;
  readonly arn: string;
  readonly dlqUrl: string;
  readonly visibilityTimeoutSeconds: number;
}

export async function createQueue(
  sqs: SQSClient,
  prefix: string,
  name: QueueName,
  spec: QueueSpec,
  visibilityTimeoutSeconds = spec.visibilityTimeoutSeconds,
): Promise<ProvisionedQueue> {
  const dlq = await sqs.send(
    new CreateQueueCommand({ QueueName: `${prefix}-${name}-dlq`, Attributes: { MessageRetentionPeriod: String(14 * 86400) } }),
  );
  const dlqArn = await queueArn(sqs, dlq.QueueUrl!);
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: `${prefix}-${name}`,
      Attributes: {
        VisibilityTimeout: String(visibilityTimeoutSeconds),
        MessageRetentionPeriod: String(spec.retentionDays * 86400),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: spec.maxReceiveCount }),
      },
    }),
  );
  return { name, url: queue.QueueUrl!, arn: await queueArn(sqs, queue.QueueUrl!), dlqUrl: dlq.QueueUrl!, visibilityTimeoutSeconds };
}

async function queueArn(sqs: SQSClient, url: string): Promise<string> {
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return out.Attributes!.QueueArn!;
}
