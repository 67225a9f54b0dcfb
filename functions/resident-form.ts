/**
 * GET /: ordering in steps, each a plain page that works without JavaScript — the service menu,
 * then (`?service=`) the community picker unless a station's QR link brought one (`?area=`), then
 * that service's short form for that community. The picker's search shows matches as one types
 * where JavaScript runs (one small script, by its hash).
 */
import { pageOptions } from '#shared/http/page-options';
import { areaPickOf } from '#shared/web/area-picker';
import { httpHandler } from '#shared/lambda/http-handler';
import { activeMenu } from '#shared/use-cases/browse-reference-data';
import { pickedOrChoice } from '#shared/use-cases/pick-area';
import { requestFormPage } from '#shared/web/request-form-page';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { logger, tables } = functionContext('resident-form', { catalog: table.catalog, areas: table.areas });
const { catalog, areas } = tables;

export const handler = httpHandler({ logger }, async (request) => {
  const { area: areaId, service: serviceCode } = request.query;
  const pick = areaPickOf(request.query);
  // The picker's step only where the page shows it: a service chosen, and no community.
  const [menu, areasShown] = await Promise.all([activeMenu(catalog), pickedOrChoice(areas, areaId, serviceCode ? pick : undefined)]);
  const chosen = serviceCode ? { serviceCode } : {};
  return { status: 200, ...requestFormPage({ menu, ...areasShown, ...pageOptions(request), ...chosen, pick }) };
});
