/** Consumer of the stats queue: adds each request fact to the day counters, once. */
import { statsCounters, tableAdapters } from '#shared/wiring/composition';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { envVars, readEnv } from '#shared/config/env';
import { parseFactMessage } from '#shared/domain/request-fact';
import { sqsBatchHandler } from '#shared/lambda/sqs-batch-handler';
import { createLogger } from '#shared/observability/logger';
import { recordStats } from '#shared/use-cases/record-stats';

const env = readEnv({ TABLE_NAME: envVars.tableName });
const logger = createLogger('record-stats');
const db = createDocumentClient();
const { catalog, credits } = tableAdapters(env.TABLE_NAME, db);
const deps = { counters: statsCounters(env.TABLE_NAME, db), catalog, credits };

export const handler = sqsBatchHandler(logger, parseFactMessage, async (facts) => {
  const outcome = await recordStats(deps, facts);
  logger.info('facts counted', { facts: facts.length, ...outcome });
});
