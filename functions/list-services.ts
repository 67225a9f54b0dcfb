/** GET /services and GET /services/{code}: the service menu and one service's definition. */
import { httpHandler } from '#shared/lambda/http-handler';
import { activeMenu, serviceDefinition } from '#shared/use-cases/browse-reference-data';
import { functionContext } from '#shared/wiring/function-context';

const { logger, tables } = functionContext('list-services');
const { catalog } = tables;

export const handler = httpHandler({ logger }, async (request) => {
  const code = request.pathParameters.code;
  const json = code ? await serviceDefinition(catalog, code) : await activeMenu(catalog);
  return { status: 200, json, headers: { 'cache-control': 'public, max-age=60' } };
});
