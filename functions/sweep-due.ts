/** Scheduled: lapses offers past their deadline, retries, escalates and expires waiting requests. */
import { queuePublisher, tableAdapters } from '#shared/wiring/composition';
import { envVars, readEnv } from '#shared/config/env';
import { scheduledHandler } from '#shared/lambda/scheduled-handler';
import { createLogger } from '#shared/observability/logger';
import { systemClock } from '#shared/ports/clock';
import { sweepDue } from '#shared/use-cases/sweep-due';

const env = readEnv({
  TABLE_NAME: envVars.tableName,
  DISPATCH_QUEUE_URL: envVars.queueUrl,
  NOTIFY_QUEUE_URL: envVars.queueUrl,
  STATS_QUEUE_URL: envVars.queueUrl,
});
const publisher = queuePublisher({ dispatch: env.DISPATCH_QUEUE_URL, notify: env.NOTIFY_QUEUE_URL, stats: env.STATS_QUEUE_URL });
const logger = createLogger('sweep-due');
const deps = {
  ...tableAdapters(env.TABLE_NAME, undefined, publisher),
  publisher,
  clock: systemClock,
};

export const handler = scheduledHandler(logger, async () => {
  const { failures, ...counts } = await sweepDue(deps);
  if (Object.values(counts).some((n) => n > 0)) logger.info('sweep done', { ...counts });
  // Request ids and error names only; each failed request is tried again on the next run.
  if (failures.length > 0) logger.error('sweep: requests failed; the next run tries them again', { failures });
  return { ...counts, failures };
});
