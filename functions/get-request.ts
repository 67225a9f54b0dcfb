/** GET /requests/{id}: the resident's own request, as JSON or as the status page. */
import { tableAdapters } from '#shared/adapters/composition';
import { envVars, readEnv } from '#shared/config/env';
import { pageOptions } from '#shared/http/page-options';
import { accessTokenOf, cancelUrl, statusPageUrl } from '#shared/http/request-links';
import { httpHandler } from '#shared/lambda/http-handler';
import { createLogger } from '#shared/observability/logger';
import { viewRequest } from '#shared/use-cases/view-request';
import { renderStatusPage } from '#shared/web/status-page';

const env = readEnv({ TABLE_NAME: envVars.tableName });
const logger = createLogger('get-request');
const deps = tableAdapters(env.TABLE_NAME);

export const handler = httpHandler({ logger }, async (request) => {
  const id = request.pathParameters.id ?? '';
  const token = accessTokenOf(request);
  const view = await viewRequest(deps, id, token);
  if (!request.wantsHtml) return { status: 200, json: view };
  const page = { view, selfUrl: statusPageUrl(request, id, token ?? '', false), cancelUrl: cancelUrl(request, id, token ?? '') };
  return { status: 200, html: renderStatusPage({ ...page, ...pageOptions(request) }) };
});
