/** POST /requests/{id}/rating and /requests/{id}/reopen: the resident's word after completion (评单). */
import { queuePublisher, tableAdapters } from '#shared/wiring/composition';
import { envVars, readEnv } from '#shared/config/env';
import { parseRating } from '#shared/domain/resident-feedback';
import { accessTokenOf, statusPageUrl } from '#shared/http/request-links';
import { httpHandler } from '#shared/lambda/http-handler';
import { createLogger } from '#shared/observability/logger';
import { systemClock } from '#shared/ports/clock';
import { rateRequest, reopenRequest } from '#shared/use-cases/resident-feedback';

const env = readEnv({
  TABLE_NAME: envVars.tableName,
  DISPATCH_QUEUE_URL: envVars.queueUrl,
  NOTIFY_QUEUE_URL: envVars.queueUrl,
  STATS_QUEUE_URL: envVars.queueUrl,
});
const logger = createLogger('resident-feedback');
const publisher = queuePublisher({ dispatch: env.DISPATCH_QUEUE_URL, notify: env.NOTIFY_QUEUE_URL, stats: env.STATS_QUEUE_URL });
const deps = { ...tableAdapters(env.TABLE_NAME, undefined, publisher), publisher, clock: systemClock };

export const handler = httpHandler({ logger }, async (request) => {
  const id = request.pathParameters.id ?? '';
  const token = accessTokenOf(request);
  const rating = request.path.endsWith('/rating');
  const after = rating ? await rateRequest(deps, id, token, parseRating(request.body)) : await reopenRequest(deps, id, token);
  logger.info(rating ? 'request rated' : 'request reopened', { requestId: id, ...(after.rating ? { stars: after.rating.stars } : {}) });
  if (request.wantsHtml) return { status: 303, redirect: statusPageUrl(request, id, token ?? '') };
  return { status: 200, json: { id, status: after.status } };
});
