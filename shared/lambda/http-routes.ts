/**
 * A function with several HTTP routes answers each from its own small handler, picked by the
 * event's `routeKey` (`POST /admin/requests/{id}/void-credits`), which API Gateway and the local
 * stack set from the topology's trigger. The table's keys are exactly the function's route keys
 * (the types require it; `test/unit/architecture/route-tables.test.ts` checks it again), and
 * a route key the table does not hold is a 404, never another route's handler.
 */
import { NotFoundError } from '#shared/domain/errors';
import type { HttpRequest } from '#shared/http/request';
import type { HttpResult } from '#shared/http/response';
import type { FunctionName, RouteKey } from '#shared/topology/topology';

export type RouteHandler = (request: HttpRequest) => Promise<HttpResult>;
export type RouteTable<N extends FunctionName> = { readonly [K in RouteKey<N>]: RouteHandler };

/** Function `name`'s route table: one handler for each of its topology's HTTP triggers. */
export function routeTable<N extends FunctionName>(_name: N, routes: NoInfer<RouteTable<N>>): RouteTable<N> {
  return routes;
}

export function byRouteKey(routes: Readonly<Record<string, RouteHandler>>): RouteHandler {
  return (request) => {
    const handle = Object.hasOwn(routes, request.routeKey) ? routes[request.routeKey] : undefined;
    if (!handle) throw new NotFoundError('Route');
    return handle(request);
  };
}
