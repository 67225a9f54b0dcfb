/**
 * The wish wall's public pages (微心愿墙): GET /wall (where to look: the area picker's steps),
 * GET /wall/{area} (an area's wall, newest first; `?after=` pages on), GET /wall/wishes/{id}
 * (one wish, and its claim button while it is open). Plain HTML, no script; an `after` that is
 * no page's `next` is a 400 page leading back to the wall's newest.
 */
import { ValidationError } from '#shared/domain/errors';
import { pageOptions } from '#shared/http/page-options';
import type { HttpRequest } from '#shared/http/request';
import { httpHandler } from '#shared/lambda/http-handler';
import { byRouteKey, routeTable } from '#shared/lambda/http-routes';
import { wallView, wishView } from '#shared/use-cases/wish-wall-view';
import { areaChoice } from '#shared/use-cases/pick-area';
import { areaPickOf } from '#shared/web/area-picker';
import { withPageOptions } from '#shared/web/links';
import { renderBadWallPage, renderWallPage, renderWallPicker, renderWishPage, wallPathOf } from '#shared/web/wall-pages';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { env, logger, tables } = functionContext('wish-wall', table.requestViews);

export const routes = routeTable('wish-wall', {
  'GET /wall': async (request) => {
    const options = pageOptions(request);
    const { area } = request.query;
    if (area) return { status: 303, redirect: `${request.origin}${withPageOptions(wallPathOf(area), options)}` };
    const pick = areaPickOf(request.query);
    return { status: 200, html: renderWallPicker({ ...options, picker: await areaChoice(tables.areas, pick), pick }) };
  },
  'GET /wall/{area}': async (request) => {
    const after = request.query.after;
    const view = await wallView(tables, request.pathParameters.area ?? '', after);
    return { status: 200, html: renderWallPage({ ...pageOptions(request), view, paged: after !== undefined }) };
  },
  'GET /wall/wishes/{id}': async (request) => ({
    status: 200,
    html: renderWishPage({ ...pageOptions(request), wish: await wishView(tables, request.pathParameters.id ?? '') }),
  }),
});

/** A wall's `after` that is no page's `next` (cut short, made up): a 400 page that leads back to the wall's newest page. */
const htmlError = async (error: unknown, request: HttpRequest) => {
  const areaId = request.pathParameters.area;
  if (!areaId || !(error instanceof ValidationError) || !error.issues.some((i) => i.field === 'after')) return undefined;
  return { status: 400, html: renderBadWallPage({ ...pageOptions(request), areaId }) };
};

export const handler = httpHandler({ logger, publicUrl: env.PUBLIC_URL, htmlError }, byRouteKey(routes));
