/** GET /: the resident's order form. Works without JavaScript. */
import { tableAdapters } from '#shared/wiring/composition';
import { envVars, readEnv } from '#shared/config/env';
import { pageOptions } from '#shared/http/page-options';
import { httpHandler } from '#shared/lambda/http-handler';
import { createLogger } from '#shared/observability/logger';
import { activeMenu, areaTree } from '#shared/use-cases/browse-reference-data';
import { renderRequestForm } from '#shared/web/request-form-page';

const env = readEnv({ TABLE_NAME: envVars.tableName });
const logger = createLogger('resident-form');
const { catalog, areas } = tableAdapters(env.TABLE_NAME);

export const handler = httpHandler({ logger }, async (request) => {
  const [menu, tree] = await Promise.all([activeMenu(catalog), areaTree(areas)]);
  const areaId = request.query.area;
  return { status: 200, html: renderRequestForm({ menu, areas: tree, ...pageOptions(request), ...(areaId ? { areaId } : {}) }) };
});
