/** GET /services and GET /services/{code}: the service menu and one service's definition. */
import { httpHandler } from '#shared/lambda/http-handler';
import { byRouteKey, routeTable } from '#shared/lambda/http-routes';
import { activeMenu, serviceDefinition } from '#shared/use-cases/browse-reference-data';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { logger, tables } = functionContext('list-services', { catalog: table.catalog });
const { catalog } = tables;

export const routes = routeTable('list-services', {
  'GET /services': async () => ({ status: 200, json: await activeMenu(catalog), headers: { 'cache-control': 'public, max-age=60' } }),
  'GET /services/{code}': async (request) => ({
    status: 200,
    json: await serviceDefinition(catalog, request.pathParameters.code ?? ''),
    headers: { 'cache-control': 'public, max-age=60' },
  }),
});

export const handler = httpHandler({ logger }, byRouteKey(routes));
