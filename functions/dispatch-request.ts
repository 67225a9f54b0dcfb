/** Consumer of the dispatch queue (派单). */
import { queuePublisher, tableAdapters } from '#shared/wiring/composition';
import { envVars, readEnv } from '#shared/config/env';
import { sqsHandler } from '#shared/lambda/sqs-handler';
import { createLogger } from '#shared/observability/logger';
import { systemClock } from '#shared/ports/clock';
import { dispatchRequest, parseDispatchMessage } from '#shared/use-cases/dispatch-request';

const env = readEnv({ TABLE_NAME: envVars.tableName, NOTIFY_QUEUE_URL: envVars.queueUrl, STATS_QUEUE_URL: envVars.queueUrl });
const logger = createLogger('dispatch-request');
const deps = {
  ...tableAdapters(env.TABLE_NAME, undefined, queuePublisher({ notify: env.NOTIFY_QUEUE_URL, stats: env.STATS_QUEUE_URL })),
  clock: systemClock,
};

export const handler = sqsHandler(logger, async (record) => {
  const message = parseDispatchMessage(record.body);
  const outcome = await dispatchRequest(deps, message);
  if (outcome.kind === 'offered') logger.info('request offered', { requestId: message.requestId, teamId: outcome.request.offer?.teamId });
  else if (outcome.kind === 'waiting') logger.info('request waiting for a team', { requestId: message.requestId });
  else logger.info('dispatch message ignored', { requestId: message.requestId, reason: outcome.reason });
});
