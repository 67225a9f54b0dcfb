/** Scheduled: sends committed messages whose direct send was never confirmed. */
import { queuePublisher, tableAdapters } from '#shared/adapters/composition';
import { envVars, readEnv } from '#shared/config/env';
import { scheduledHandler } from '#shared/lambda/scheduled-handler';
import { createLogger } from '#shared/observability/logger';
import { systemClock } from '#shared/ports/clock';
import { relayOutbox } from '#shared/use-cases/relay-outbox';

const env = readEnv({ TABLE_NAME: envVars.tableName, DISPATCH_QUEUE_URL: envVars.queueUrl });
const logger = createLogger('reconcile-outbox');
const deps = {
  outbox: tableAdapters(env.TABLE_NAME).outbox,
  publisher: queuePublisher({ dispatch: env.DISPATCH_QUEUE_URL }),
  clock: systemClock,
};

export const handler = scheduledHandler(logger, async () => {
  const outcome = await relayOutbox(deps);
  if (outcome.relayed.length > 0 || outcome.failed.length > 0) {
    logger.info('outbox relayed', { relayed: outcome.relayed.length, failed: outcome.failed.length });
  }
  return { relayed: outcome.relayed.length, failed: outcome.failed.length };
});
