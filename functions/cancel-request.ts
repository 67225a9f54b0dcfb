/** POST /requests/{id}/cancel: the resident withdraws their request. */
import { queuePublisher, tableAdapters } from '#shared/wiring/composition';
import { envVars, readEnv } from '#shared/config/env';
import { accessTokenOf, statusPageUrl } from '#shared/http/request-links';
import { httpHandler } from '#shared/lambda/http-handler';
import { createLogger } from '#shared/observability/logger';
import { systemClock } from '#shared/ports/clock';
import { cancelRequest } from '#shared/use-cases/cancel-request';

const env = readEnv({ TABLE_NAME: envVars.tableName, NOTIFY_QUEUE_URL: envVars.queueUrl, STATS_QUEUE_URL: envVars.queueUrl });
const logger = createLogger('cancel-request');
const deps = {
  ...tableAdapters(env.TABLE_NAME, undefined, queuePublisher({ notify: env.NOTIFY_QUEUE_URL, stats: env.STATS_QUEUE_URL })),
  clock: systemClock,
};

export const handler = httpHandler({ logger }, async (request) => {
  const id = request.pathParameters.id ?? '';
  const token = accessTokenOf(request);
  const cancelled = await cancelRequest(deps, id, token);
  logger.info('request cancelled by the resident', { requestId: id });
  if (request.wantsHtml) return { status: 303, redirect: statusPageUrl(request, id, token ?? '') };
  return { status: 200, json: { id, status: cancelled.status } };
});
