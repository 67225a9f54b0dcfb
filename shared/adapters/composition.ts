/** Builds the adapters a function needs, once per container, from its environment. */
import { SQSClient } from '@aws-sdk/client-sqs';
import type { OutboxMessage } from '#shared/ports/outbox';
import { DynamoAreaRepository } from './dynamo/area-repository';
import { DynamoCreditLedger } from './dynamo/credit-ledger';
import { DynamoCatalogRepository } from './dynamo/catalog-repository';
import { createDocumentClient } from './dynamo/client';
import { DynamoOutbox } from './dynamo/outbox';
import { DynamoRequestRepository } from './dynamo/request-repository';
import { DynamoSigningKeys } from './dynamo/signing-keys';
import { DynamoTeamRepository } from './dynamo/team-repository';
import { SqsQueuePublisher } from './sqs/queue-publisher';

export function tableAdapters(tableName: string, db = createDocumentClient()) {
  return {
    requests: new DynamoRequestRepository(db, tableName),
    catalog: new DynamoCatalogRepository(db, tableName),
    areas: new DynamoAreaRepository(db, tableName),
    teams: new DynamoTeamRepository(db, tableName),
    outbox: new DynamoOutbox(db, tableName),
    signingKeys: new DynamoSigningKeys(db, tableName),
    credits: new DynamoCreditLedger(db, tableName),
  };
}

export function queuePublisher(urls: Partial<Record<OutboxMessage['queue'], string>>, sqs = new SQSClient({})) {
  return new SqsQueuePublisher(sqs, urls);
}
