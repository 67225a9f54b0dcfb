/** Scheduled: sends committed messages whose direct send was never confirmed. */
import { queuePublisher, tableAdapters } from '#shared/wiring/composition';
import { envVars, readEnv } from '#shared/config/env';
import { scheduledHandler } from '#shared/lambda/scheduled-handler';
import { createLogger } from '#shared/observability/logger';
import { systemClock } from '#shared/ports/clock';
import { relayOutbox } from '#shared/use-cases/relay-outbox';

const env = readEnv({
  TABLE_NAME: envVars.tableName,
  DISPATCH_QUEUE_URL: envVars.queueUrl,
  NOTIFY_QUEUE_URL: envVars.queueUrl,
  STATS_QUEUE_URL: envVars.queueUrl,
});
const logger = createLogger('reconcile-outbox');
const deps = {
  outbox: tableAdapters(env.TABLE_NAME).outbox,
  publisher: queuePublisher({ dispatch: env.DISPATCH_QUEUE_URL, notify: env.NOTIFY_QUEUE_URL, stats: env.STATS_QUEUE_URL }),
  clock: systemClock,
};

export const handler = scheduledHandler(logger, async () => {
  const { relayed, failed, dropped } = await relayOutbox(deps);
  if (relayed.length > 0 || failed.length > 0 || dropped.length > 0) {
    logger.info('outbox relayed', { relayed: relayed.length, failed: failed.length, dropped: dropped.length });
  }
  return { relayed: relayed.length, failed: failed.length, ...(dropped.length > 0 ? { dropped: dropped.length } : {}) };
});
