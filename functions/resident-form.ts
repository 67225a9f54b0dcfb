/**
 * GET /: ordering in steps, each a plain page that works without JavaScript — the service menu,
 * then (`?service=`) the community picker unless a station's QR link brought one (`?area=`), then
 * that service's short form for that community. The picker's search shows matches as one types
 * where JavaScript runs (one small script, by its hash).
 */
import { pageOptions } from '#shared/http/page-options';
import { areaPickOf } from '#shared/web/area-picker';
import { httpHandler } from '#shared/lambda/http-handler';
import { activeMenu, areaTree } from '#shared/use-cases/browse-reference-data';
import { requestFormPage } from '#shared/web/request-form-page';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { logger, tables } = functionContext('resident-form', { catalog: table.catalog, areas: table.areas });
const { catalog, areas } = tables;

export const handler = httpHandler({ logger }, async (request) => {
  const [menu, tree] = await Promise.all([activeMenu(catalog), areaTree(areas)]);
  const { area: areaId, service: serviceCode } = request.query;
  const pick = areaPickOf(request.query);
  const chosen = { ...(areaId ? { areaId } : {}), ...(serviceCode ? { serviceCode } : {}) };
  return { status: 200, ...requestFormPage({ menu, areas: tree, ...pageOptions(request), ...chosen, pick }) };
});
