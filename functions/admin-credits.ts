/**
 * The credit supermarket, upheld complaints and the credit rules, for staff:
 * POST /admin/redemptions, GET /admin/redemptions/{code}, POST /admin/requests/{id}/void-credits,
 * POST /admin/requests/{id}/hours-correction, GET and PUT /admin/credit-rules (center admins).
 */
import { staffTokensOf } from '#shared/http/staff-token';
import { httpHandler } from '#shared/lambda/http-handler';
import { byRouteKey, routeTable } from '#shared/lambda/http-routes';
import { changeCreditRules, creditRules } from '#shared/use-cases/admin-credit-rules';
import { redeemAtCounter, redemptionByPickupCode, voidCreditsForComplaint } from '#shared/use-cases/admin-credits';
import { correctClosedHours } from '#shared/use-cases/correct-hours';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { env, logger, tables, clock } = functionContext('admin-credits', {
  requests: table.requests,
  teams: table.teams,
  credits: table.credits,
  volunteers: table.volunteers,
  certificates: table.certificates,
});
const deps = { ...tables, clock };

export const routes = routeTable('admin-credits', {
  'POST /admin/redemptions': async (request) => {
    const staff = request.staff();
    const redeemed = await redeemAtCounter(deps, staff, request.body, request.headers['idempotency-key']);
    logger.info('points redeemed', { points: redeemed.points, staff: staff.id });
    return { status: 201, json: redeemed };
  },
  'GET /admin/redemptions/{code}': async (request) => ({
    status: 200,
    json: await redemptionByPickupCode(deps, request.staff(), request.pathParameters.code),
  }),
  'POST /admin/requests/{id}/void-credits': async (request) => {
    const staff = request.staff();
    const id = request.pathParameters.id ?? '';
    const result = await voidCreditsForComplaint(deps, staff, id, request.body);
    logger.info('credits voided', { requestId: id, voided: result.voided, staff: staff.id });
    return { status: 200, json: result };
  },
  'POST /admin/requests/{id}/hours-correction': async (request) => {
    const staff = request.staff();
    const id = request.pathParameters.id ?? '';
    const result = await correctClosedHours(deps, staff, id, request.body);
    const changed = result.volunteers.filter((v) => v.outcome !== 'unchanged').length;
    logger.info('hours corrected', { requestId: id, volunteers: result.volunteers.length, changed, staff: staff.id });
    return { status: 200, json: result };
  },
  'GET /admin/credit-rules': async (request) => ({ status: 200, json: await creditRules(deps, request.staff(), request.query) }),
  'PUT /admin/credit-rules': async (request) => {
    const staff = request.staff();
    const changed = await changeCreditRules(deps, staff, request.body, request.query);
    logger.info('credit rules changed', { ...changed.rules, ...(changed.area ? { areaId: changed.area } : {}), staff: staff.id });
    return { status: 200, json: changed };
  },
});

export const handler = httpHandler({ logger, staffTokens: staffTokensOf(env) }, byRouteKey(routes));
