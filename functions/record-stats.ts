/** Consumer of the stats queue: adds each request fact to the day counters, once. */
import { parseFactMessage } from '#shared/domain/request-fact';
import { sqsBatchHandler } from '#shared/lambda/sqs-batch-handler';
import { recordStats } from '#shared/use-cases/record-stats';
import { statsCounters } from '#shared/wiring/composition';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { env, logger, tables, db } = functionContext('record-stats', { catalog: table.catalog, credits: table.credits });
const deps = { counters: statsCounters(env.TABLE_NAME, db), catalog: tables.catalog, credits: tables.credits };

export const handler = sqsBatchHandler(logger, parseFactMessage, async (facts) => {
  const outcome = await recordStats(deps, facts);
  logger.info('facts counted', { facts: facts.length, ...outcome });
});
