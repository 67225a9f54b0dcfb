/** GET /: the service menu; GET /?service=<code>: that service's short order form. Works without JavaScript. */
import { pageOptions } from '#shared/http/page-options';
import { httpHandler } from '#shared/lambda/http-handler';
import { activeMenu, areaTree } from '#shared/use-cases/browse-reference-data';
import { renderRequestForm } from '#shared/web/request-form-page';
import { functionContext } from '#shared/wiring/function-context';

const { logger, tables } = functionContext('resident-form');
const { catalog, areas } = tables;

export const handler = httpHandler({ logger }, async (request) => {
  const [menu, tree] = await Promise.all([activeMenu(catalog), areaTree(areas)]);
  const { area: areaId, service: serviceCode } = request.query;
  const chosen = { ...(areaId ? { areaId } : {}), ...(serviceCode ? { serviceCode } : {}) };
  return { status: 200, html: renderRequestForm({ menu, areas: tree, ...pageOptions(request), ...chosen }) };
});
