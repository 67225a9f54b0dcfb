/** Builds the adapters a function needs, once per container, from its environment. */
import { SQSClient } from '@aws-sdk/client-sqs';
import { systemClock, type Clock } from '#shared/ports/clock';
import type { OutboxMessage } from '#shared/ports/outbox';
import type { QueuePublisher } from '#shared/ports/queue-publisher';
import { announcingChanges } from '#shared/use-cases/change-announcing-repository';
import { defaultIntakeLimits } from '#shared/use-cases/admit-submission';
import { DynamoAreaRepository } from '#shared/adapters/dynamo/area-repository';
import { DynamoCreditLedger } from '#shared/adapters/dynamo/credit-ledger';
import { DynamoCatalogRepository } from '#shared/adapters/dynamo/catalog-repository';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { DynamoOutbox } from '#shared/adapters/dynamo/outbox';
import { DynamoRateLimiter } from '#shared/adapters/dynamo/rate-limiter';
import { DynamoRequestRepository } from '#shared/adapters/dynamo/request-repository';
import { DynamoSigningKeys } from '#shared/adapters/dynamo/signing-keys';
import { DynamoStatsCounters } from '#shared/adapters/dynamo/stats-counters';
import { DynamoStatsRollUps } from '#shared/adapters/dynamo/stats-months';
import { DynamoTeamRepository } from '#shared/adapters/dynamo/team-repository';
import { DynamoCertificateStore } from '#shared/adapters/dynamo/certificate-store';
import { DynamoVolunteerRegistry } from '#shared/adapters/dynamo/volunteer-registry';
import { DynamoSignInCodes } from '#shared/adapters/dynamo/sign-in-codes';
import { DynamoWorkUnits } from '#shared/adapters/dynamo/work-units';
import { SqsQueuePublisher } from '#shared/adapters/sqs/queue-publisher';

/**
 * The table's adapters. Every status change written through `requests` carries its notices and
 * its fact for the statistics (a new request its fact); `notify` (a publisher with the URLs of
 * the notify and stats queues the function may send to) sends them at once, the relay otherwise.
 */
export function tableAdapters(tableName: string, db = createDocumentClient(), notify?: QueuePublisher) {
  return {
    requests: announcingChanges(new DynamoRequestRepository(db, tableName), systemClock, notify),
    catalog: new DynamoCatalogRepository(db, tableName),
    areas: new DynamoAreaRepository(db, tableName),
    teams: new DynamoTeamRepository(db, tableName),
    outbox: new DynamoOutbox(db, tableName),
    signingKeys: new DynamoSigningKeys(db, tableName),
    credits: new DynamoCreditLedger(db, tableName),
    volunteers: new DynamoVolunteerRegistry(db, tableName),
    certificates: new DynamoCertificateStore(db, tableName),
    signInCodes: new DynamoSignInCodes(db, tableName),
    units: new DynamoWorkUnits(db, tableName),
    limiter: new DynamoRateLimiter(db, tableName, defaultIntakeLimits),
  };
}

/** The statistics counters (`record-stats` adds to them, `admin-stats` reads them). */
export function statsCounters(tableName: string, db = createDocumentClient()) {
  return new DynamoStatsCounters(db, tableName);
}

/** The counters' monthly roll-ups (`roll-up-stats`). */
export function statsRollUps(tableName: string, db = createDocumentClient(), clock: Clock = systemClock) {
  return new DynamoStatsRollUps(db, tableName, clock);
}

export function queuePublisher(urls: Partial<Record<OutboxMessage['queue'], string>>, sqs = new SQSClient({})) {
  return new SqsQueuePublisher(sqs, urls);
}
