/** Builds the adapters a function needs, once per container, from its environment. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { systemClock, type Clock } from '#shared/ports/clock';
import type { QueuePublisher } from '#shared/ports/queue-publisher';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { DynamoStatsCounters } from '#shared/adapters/dynamo/stats-counters';
import { DynamoStatsFacts } from '#shared/adapters/dynamo/stats-facts';
import { DynamoStatsRollUps } from '#shared/adapters/dynamo/stats-months';
import { currentStats } from '#shared/use-cases/current-stats';
import type { TallyDeps } from '#shared/use-cases/tally-facts';
import * as table from './table-adapters';

/** Every adapter of the table (`table-adapters.ts`), for scripts, tests and the benchmarks. */
const allAdapters = {
  requests: table.requests,
  catalog: table.catalog,
  areas: table.areas,
  teams: table.teams,
  outbox: table.outbox,
  signingKeys: table.signingKeys,
  credits: table.credits,
  volunteers: table.volunteers,
  invitations: table.invitations,
  certificates: table.certificates,
  signInCodes: table.signInCodes,
  units: table.units,
  limiter: table.limiter,
};

/** The table's adapters, all of them; `notify` as in `table-adapters.ts` (`requests`). */
export function tableAdapters(tableName: string, db = createDocumentClient(), notify?: QueuePublisher) {
  return table.buildAdapters(allAdapters, { db, tableName, ...(notify ? { notify } : {}) });
}

/** The statistics counters (`roll-up-stats` folds days into them, `admin-stats` reads them). */
export function statsCounters(tableName: string, db = createDocumentClient()) {
  return new DynamoStatsCounters(db, tableName);
}

/** The statistics as staff read them (`currentStats`): counters, and the facts of the days not folded yet. */
export function currentStatsReads(tableName: string, db: DynamoDBDocumentClient, tallying: TallyDeps, clock: Clock = systemClock) {
  return currentStats({
    counters: statsCounters(tableName, db),
    facts: statsFacts(tableName, db),
    rollUps: statsRollUps(tableName, db, clock),
    ...tallying,
    clock,
  });
}

/** The stored request facts (the days not folded yet are read from them). */
export function statsFacts(tableName: string, db = createDocumentClient()) {
  return new DynamoStatsFacts(db, tableName);
}

/** The counters' monthly roll-ups (`roll-up-stats`). */
export function statsRollUps(tableName: string, db = createDocumentClient(), clock: Clock = systemClock) {
  return new DynamoStatsRollUps(db, tableName, clock);
}

export { queuePublisher } from './queue-publisher';
