/**
 * The station's side of the wish wall: GET /admin/wishes (waiting for review in the staff member's
 * area, with what the resident wrote; and for the work units in the area, the wishes they may claim
 * and their open claims), POST /admin/wishes/{id}/publish (the public text: `text`, `wisher`),
 * POST /admin/wishes/{id}/claim (`unitId`: for a work unit, 代认领), POST …/fulfil and …/give-up
 * (a unit's claim), GET and POST /admin/work-units (center admins register units). Rejecting a
 * wish is POST /admin/requests/{id}/reject.
 */
import { staffTokensOf } from '#shared/http/staff-token';
import { httpHandler } from '#shared/lambda/http-handler';
import { byRouteKey, routeTable } from '#shared/lambda/http-routes';
import { publishWish, wishesForReview } from '#shared/use-cases/wish-review';
import { claimForUnit, endUnitClaim, registerUnit, unitsInScope, unitWork } from '#shared/use-cases/work-units';
import { queuePublisher } from '#shared/wiring/composition';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { env, logger, tables, clock } = functionContext(
  'admin-wishes',
  { ...table.dispatching, areas: table.areas, units: table.units },
  queuePublisher,
);
const deps = { ...tables, clock };

export const routes = routeTable('admin-wishes', {
  'GET /admin/wishes': async (request) => {
    const staff = request.staff();
    const [wishes, units] = await Promise.all([wishesForReview(deps, staff), unitWork(deps, staff)]);
    return { status: 200, json: { wishes, ...units } };
  },
  'POST /admin/wishes/{id}/publish': async (request) => {
    const staff = request.staff();
    const published = await publishWish(deps, staff, request.pathParameters.id ?? '', request.body);
    logger.info('wish published', { requestId: published.id, staff: staff.id });
    return { status: 200, json: { id: published.id, status: published.status, wish: published.wish } };
  },
  'POST /admin/wishes/{id}/claim': async (request) => {
    const staff = request.staff();
    const claimed = await claimForUnit(deps, staff, request.pathParameters.id ?? '', request.body);
    logger.info('wish claimed for a work unit', { requestId: claimed.id, unitId: claimed.claim?.claimer.id, staff: staff.id });
    return { status: 200, json: { id: claimed.id, status: claimed.status, deadline: claimed.claim?.deadline, contact: claimed.contact } };
  },
  'POST /admin/wishes/{id}/fulfil': async (request) => {
    const staff = request.staff();
    const done = await endUnitClaim(deps, staff, request.pathParameters.id ?? '', 'fulfilled', request.body);
    logger.info("a work unit's wish fulfilled", { requestId: done.id, staff: staff.id });
    return { status: 200, json: { id: done.id, status: done.status } };
  },
  'POST /admin/wishes/{id}/give-up': async (request) => {
    const staff = request.staff();
    const back = await endUnitClaim(deps, staff, request.pathParameters.id ?? '', 'given-up');
    logger.info("a work unit's claim given up", { requestId: back.id, staff: staff.id });
    return { status: 200, json: { id: back.id, status: back.status } };
  },
  'GET /admin/work-units': async (request) => ({ status: 200, json: { units: await unitsInScope(deps, request.staff()) } }),
  'POST /admin/work-units': async (request) => {
    const staff = request.staff();
    const unit = await registerUnit(deps, staff, request.body);
    logger.info('work unit registered', { unitId: unit.id, areaId: unit.areaId, staff: staff.id });
    return { status: 201, json: unit };
  },
});

export const handler = httpHandler({ logger, staffTokens: staffTokensOf(env) }, byRouteKey(routes));
