/** GET /requests/{id}: the resident's own request, as JSON or as the status page. */
import { accessTokenOf, CHANGED_PARAMETER, CONFIRM_CANCEL_PARAMETER, statusPageUrl } from '#shared/http/request-links';
import { statusPageHtml } from '#shared/http/status-page-result';
import { httpHandler } from '#shared/lambda/http-handler';
import { viewRequest } from '#shared/use-cases/view-request';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { env, logger, tables, clock } = functionContext('get-request', table.requestViews);
const deps = { ...tables, clock };

export const handler = httpHandler({ logger, publicUrl: env.PUBLIC_URL }, async (request) => {
  const id = request.pathParameters.id ?? '';
  const token = accessTokenOf(request);
  const view = await viewRequest(deps, id, token);
  if (!request.wantsHtml) return { status: 200, json: view };
  const html = statusPageHtml(request, view, {
    changed: request.query[CHANGED_PARAMETER] === '1',
    ...(request.query[CONFIRM_CANCEL_PARAMETER] === 'confirm'
      ? { confirmCancel: { backUrl: statusPageUrl(request, id, token ?? '') } }
      : {}),
  });
  return { status: 200, html };
});
