/** Areas for staff: GET /admin/me (the caller's role and area), GET /admin/areas, GET /admin/areas/{id}, PATCH /admin/areas/{id}, POST /admin/areas/{id}/retire and /restore. */
import { staffTokensOf } from '#shared/http/staff-token';
import { httpHandler } from '#shared/lambda/http-handler';
import { byRouteKey, routeTable } from '#shared/lambda/http-routes';
import { listAreas, renameArea, setAreaRetired, signedInStaff } from '#shared/use-cases/admin-areas';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { env, logger, tables, clock } = functionContext('admin-areas', { areas: table.areas });
const deps = { areas: tables.areas, clock };

export const routes = routeTable('admin-areas', {
  'GET /admin/me': async (request) => ({ status: 200, json: signedInStaff(request.staff()) }),
  'GET /admin/areas': async (request) => ({ status: 200, json: await listAreas(deps, request.staff()) }),
  'GET /admin/areas/{id}': async (request) => ({
    status: 200,
    json: await listAreas(deps, request.staff(), request.pathParameters.id ?? ''),
  }),
  'PATCH /admin/areas/{id}': async (request) => {
    const staff = request.staff();
    const area = await renameArea(deps, staff, request.pathParameters.id ?? '', request.body);
    logger.info('area renamed', { areaId: area.id, staff: staff.id });
    return { status: 200, json: area };
  },
  'POST /admin/areas/{id}/retire': async (request) => {
    const staff = request.staff();
    const area = await setAreaRetired(deps, staff, request.pathParameters.id ?? '', true);
    logger.info('area retired', { areaId: area.id, staff: staff.id });
    return { status: 200, json: area };
  },
  'POST /admin/areas/{id}/restore': async (request) => {
    const staff = request.staff();
    const area = await setAreaRetired(deps, staff, request.pathParameters.id ?? '', false);
    logger.info('area restored', { areaId: area.id, staff: staff.id });
    return { status: 200, json: area };
  },
});

export const handler = httpHandler({ logger, staffTokens: staffTokensOf(env) }, byRouteKey(routes));
