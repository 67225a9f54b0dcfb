/**
 * One factory per adapter of the table, each building it from the function's table access. A
 * function names the ones it uses (`functionContext('list-services', { catalog })`), so its
 * bundle carries only those adapters and what they import; `tableAdapters` builds them all.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAreaRepository } from '#shared/adapters/dynamo/area-repository';
import { DynamoCatalogRepository } from '#shared/adapters/dynamo/catalog-repository';
import { DynamoCertificateStore } from '#shared/adapters/dynamo/certificate-store';
import { DynamoCreditLedger } from '#shared/adapters/dynamo/credit-ledger';
import { DynamoOutbox } from '#shared/adapters/dynamo/outbox';
import { DynamoRateLimiter } from '#shared/adapters/dynamo/rate-limiter';
import { DynamoRequestRepository } from '#shared/adapters/dynamo/request-repository';
import { DynamoRequestRetention } from '#shared/adapters/dynamo/request-retention';
import { DynamoSignInCodes } from '#shared/adapters/dynamo/sign-in-codes';
import { DynamoSigningKeys } from '#shared/adapters/dynamo/signing-keys';
import { DynamoTeamRepository } from '#shared/adapters/dynamo/team-repository';
import { DynamoTeamInvitations } from '#shared/adapters/dynamo/team-invitations';
import { DynamoVolunteerRegistry } from '#shared/adapters/dynamo/volunteer-registry';
import { DynamoWorkUnits } from '#shared/adapters/dynamo/work-units';
import { systemClock } from '#shared/ports/clock';
import type { QueuePublisher } from '#shared/ports/queue-publisher';
import { defaultIntakeLimits } from '#shared/use-cases/admit-submission';
import { announcingChanges } from '#shared/use-cases/change-announcing-repository';

/** The table a function's adapters work on, and the publisher its status changes announce themselves through. */
export interface TableAccess {
  readonly db: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly notify?: QueuePublisher;
}

/** Factories of adapters, by the name a function's dependencies know them by. */
export type AdapterFactories = Readonly<Record<string, (table: TableAccess) => unknown>>;

/** What the factories build, by the same names. */
export type Adapters<F extends AdapterFactories> = { readonly [K in keyof F]: ReturnType<F[K]> };

export function buildAdapters<F extends AdapterFactories>(factories: F, table: TableAccess): Adapters<F> {
  return Object.fromEntries(Object.entries(factories).map(([name, build]) => [name, build(table)])) as Adapters<F>;
}

/**
 * Every status change written through `requests` carries its notices and its fact for the
 * statistics (a new request its fact); `notify` (a publisher with the URL of the notify queue,
 * when the function may send to it) sends the notices at once, the relay otherwise.
 */
export const requests = (t: TableAccess) => announcingChanges(new DynamoRequestRepository(t.db, t.tableName), systemClock, t.notify);
export const catalog = (t: TableAccess) => new DynamoCatalogRepository(t.db, t.tableName);
/** The retention rule's and erasure's reads and writes (`retention.ts`). */
export const retention = (t: TableAccess) => new DynamoRequestRetention(t.db, t.tableName);
export const areas = (t: TableAccess) => new DynamoAreaRepository(t.db, t.tableName);
export const teams = (t: TableAccess) => new DynamoTeamRepository(t.db, t.tableName);
export const outbox = (t: TableAccess) => new DynamoOutbox(t.db, t.tableName);
export const signingKeys = (t: TableAccess) => new DynamoSigningKeys(t.db, t.tableName);
export const credits = (t: TableAccess) => new DynamoCreditLedger(t.db, t.tableName);
export const volunteers = (t: TableAccess) => new DynamoVolunteerRegistry(t.db, t.tableName);
export const invitations = (t: TableAccess) => new DynamoTeamInvitations(t.db, t.tableName);
export const certificates = (t: TableAccess) => new DynamoCertificateStore(t.db, t.tableName);
export const signInCodes = (t: TableAccess) => new DynamoSignInCodes(t.db, t.tableName);
export const units = (t: TableAccess) => new DynamoWorkUnits(t.db, t.tableName);
export const limiter = (t: TableAccess) => new DynamoRateLimiter(t.db, t.tableName, defaultIntakeLimits);

/** What dispatching a request needs (`DispatchDeps`): most functions that change a request's status use it. */
export const dispatching = { requests, catalog, teams, outbox };
/** What showing a request needs: the request, and its service's and area's names. */
export const requestViews = { requests, catalog, areas };
