/** GET /services and GET /services/{code}: the service menu and one service's definition. */
import { tableAdapters } from '#shared/wiring/composition';
import { envVars, readEnv } from '#shared/config/env';
import { httpHandler } from '#shared/lambda/http-handler';
import { createLogger } from '#shared/observability/logger';
import { activeMenu, serviceDefinition } from '#shared/use-cases/browse-reference-data';

const env = readEnv({ TABLE_NAME: envVars.tableName });
const logger = createLogger('list-services');
const { catalog } = tableAdapters(env.TABLE_NAME);

export const handler = httpHandler({ logger }, async (request) => {
  const code = request.pathParameters.code;
  const json = code ? await serviceDefinition(catalog, code) : await activeMenu(catalog);
  return { status: 200, json, headers: { 'cache-control': 'public, max-age=60' } };
});
