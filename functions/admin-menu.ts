/** The service menu for center admins: GET /admin/services, PUT /admin/services/{code}, PUT /admin/categories/{code}. */
import { staffTokensOf } from '#shared/http/staff-token';
import { httpHandler } from '#shared/lambda/http-handler';
import { byRouteKey, routeTable } from '#shared/lambda/http-routes';
import { adminMenu, putCategory, putService } from '#shared/use-cases/admin-menu';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { env, logger, clock, tables } = functionContext('admin-menu', { catalog: table.catalog, teams: table.teams });
const { catalog } = tables;
const deps = { ...tables, clock };

export const routes = routeTable('admin-menu', {
  'GET /admin/services': async (request) => ({ status: 200, json: await adminMenu(catalog, request.staff()) }),
  'PUT /admin/services/{code}': async (request) => {
    const staff = request.staff();
    const code = request.pathParameters.code ?? '';
    const { service, created } = await putService(deps, staff, code, request.body);
    logger.info(created ? 'service added' : 'service changed', { code, version: service.version, staff: staff.id });
    return { status: created ? 201 : 200, json: service };
  },
  'PUT /admin/categories/{code}': async (request) => {
    const staff = request.staff();
    const code = request.pathParameters.code ?? '';
    const category = await putCategory(deps, staff, code, request.body);
    logger.info('category saved', { code, version: category.version, staff: staff.id });
    return { status: 200, json: category };
  },
});

export const handler = httpHandler({ logger, staffTokens: staffTokensOf(env) }, byRouteKey(routes));
