/**
 * The station's review of wishes (微心愿审核): GET /admin/wishes (waiting for review in the staff
 * member's area, with what the resident wrote) and POST /admin/wishes/{id}/publish (the public
 * text the station wrote: `text`, `wisher`). Rejecting one is POST /admin/requests/{id}/reject.
 */
import { staffTokensOf } from '#shared/http/staff-token';
import { httpHandler } from '#shared/lambda/http-handler';
import { byRouteKey, routeTable } from '#shared/lambda/http-routes';
import { publishWish, wishesForReview } from '#shared/use-cases/wish-review';
import { queuePublisher } from '#shared/wiring/composition';
import { functionContext } from '#shared/wiring/function-context';

const { env, logger, tables, clock } = functionContext('admin-wishes', queuePublisher);
const deps = { ...tables, clock };

export const routes = routeTable('admin-wishes', {
  'GET /admin/wishes': async (request) => ({ status: 200, json: { wishes: await wishesForReview(deps, request.staff()) } }),
  'POST /admin/wishes/{id}/publish': async (request) => {
    const staff = request.staff();
    const published = await publishWish(deps, staff, request.pathParameters.id ?? '', request.body);
    logger.info('wish published', { requestId: published.id, staff: staff.id });
    return { status: 200, json: { id: published.id, status: published.status, wish: published.wish } };
  },
});

export const handler = httpHandler({ logger, staffTokens: staffTokensOf(env) }, byRouteKey(routes));
