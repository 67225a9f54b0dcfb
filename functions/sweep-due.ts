/** Scheduled: lapses offers past their deadline, retries, escalates and expires waiting requests. */
import { queuePublisher, tableAdapters } from '#shared/adapters/composition';
import { envVars, readEnv } from '#shared/config/env';
import { scheduledHandler } from '#shared/lambda/scheduled-handler';
import { createLogger } from '#shared/observability/logger';
import { systemClock } from '#shared/ports/clock';
import { sweepDue } from '#shared/use-cases/sweep-due';

const env = readEnv({ TABLE_NAME: envVars.tableName, DISPATCH_QUEUE_URL: envVars.queueUrl, NOTIFY_QUEUE_URL: envVars.queueUrl, STATS_QUEUE_URL: envVars.queueUrl });
const publisher = queuePublisher({ dispatch: env.DISPATCH_QUEUE_URL, notify: env.NOTIFY_QUEUE_URL, stats: env.STATS_QUEUE_URL });
const logger = createLogger('sweep-due');
const deps = {
  ...tableAdapters(env.TABLE_NAME, undefined, publisher),
  publisher,
  clock: systemClock,
};

export const handler = scheduledHandler(logger, async () => {
  const outcome = await sweepDue(deps);
  if (Object.values(outcome).some((n) => n > 0)) logger.info('sweep done', { ...outcome });
  return outcome;
});
