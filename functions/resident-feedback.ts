/** POST /requests/{id}/rating and /requests/{id}/reopen: the resident's word after completion (评单). */
import { parseRating } from '#shared/domain/resident-feedback';
import { accessTokenOf, backToStatusPage, statusPageUrl } from '#shared/http/request-links';
import { refusedRatingPage } from '#shared/http/status-page-result';
import { httpHandler } from '#shared/lambda/http-handler';
import { byRouteKey, routeTable } from '#shared/lambda/http-routes';
import type { HttpRequest } from '#shared/http/request';
import { rateRequest, reopenRequest } from '#shared/use-cases/resident-feedback';
import { queuePublisher } from '#shared/wiring/composition';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { env, logger, tables, publisher, clock } = functionContext(
  'resident-feedback',
  { ...table.dispatching, areas: table.areas, credits: table.credits, volunteers: table.volunteers },
  queuePublisher,
);
const deps = { ...tables, publisher, clock };

/** Rate or reopen; a page caller goes back to the status page. */
const feedback = (rating: boolean) => async (request: HttpRequest) => {
  const id = request.pathParameters.id ?? '';
  const token = accessTokenOf(request);
  const after = rating ? await rateRequest(deps, id, token, parseRating(request.body)) : await reopenRequest(deps, id, token);
  logger.info(rating ? 'request rated' : 'request reopened', { requestId: id, ...(after.rating ? { stars: after.rating.stars } : {}) });
  if (request.wantsHtml) return { status: 303, redirect: statusPageUrl(request, id, token ?? '') };
  return { status: 200, json: { id, status: after.status } };
};

export const routes = routeTable('resident-feedback', {
  'POST /requests/{id}/rating': feedback(true),
  'POST /requests/{id}/reopen': feedback(false),
});

/** A refused rating comes back on the status page with what was typed; a moved-on request, to the page as it is. */
const htmlError = async (error: unknown, request: HttpRequest) =>
  (await refusedRatingPage(deps, error, request)) ?? backToStatusPage(error, request);

export const handler = httpHandler({ logger, publicUrl: env.PUBLIC_URL, htmlError }, byRouteKey(routes));
