/** GET /requests/{id}: the resident's own request, as JSON or as the status page. */
import { tableAdapters } from '#shared/wiring/composition';
import { envVars, readEnv } from '#shared/config/env';
import { pageOptions } from '#shared/http/page-options';
import { accessTokenOf, actionUrl, statusPageUrl } from '#shared/http/request-links';
import { httpHandler } from '#shared/lambda/http-handler';
import { createLogger } from '#shared/observability/logger';
import { systemClock } from '#shared/ports/clock';
import { viewRequest } from '#shared/use-cases/view-request';
import { renderStatusPage } from '#shared/web/status-page';

const env = readEnv({ TABLE_NAME: envVars.tableName });
const logger = createLogger('get-request');
const deps = { ...tableAdapters(env.TABLE_NAME), clock: systemClock };

export const handler = httpHandler({ logger }, async (request) => {
  const id = request.pathParameters.id ?? '';
  const token = accessTokenOf(request);
  const view = await viewRequest(deps, id, token);
  if (!request.wantsHtml) return { status: 200, json: view };
  const action = (name: 'cancel' | 'rating' | 'reopen') => actionUrl(request, id, token ?? '', name);
  const page = {
    view,
    selfUrl: statusPageUrl(request, id, token ?? '', false),
    cancelUrl: action('cancel'),
    ratingUrl: action('rating'),
    reopenUrl: action('reopen'),
  };
  return { status: 200, html: renderStatusPage({ ...page, ...pageOptions(request) }) };
});
