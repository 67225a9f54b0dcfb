/** GET /team/offers and GET /team/orders: a team's open offers and accepted orders (team token). */
import { httpHandler } from '#shared/lambda/http-handler';
import { byRouteKey, routeTable } from '#shared/lambda/http-routes';
import type { HttpRequest } from '#shared/http/request';
import { authenticateTeam, teamIdentity, teamWork } from '#shared/use-cases/team-work';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { logger, tables, clock } = functionContext('team-work', {
  ...table.requestViews,
  teams: table.teams,
  signingKeys: table.signingKeys,
});
const deps = { ...tables, clock };

const work = (kind: 'offers' | 'orders') => async (request: HttpRequest) => {
  const teamId = await authenticateTeam(deps.teams, request.headers.authorization);
  const [team, work] = await Promise.all([teamIdentity(deps, teamId), teamWork(deps, teamId, kind)]);
  return { status: 200, json: { teamId, team, [kind]: work } };
};

export const routes = routeTable('team-work', {
  'GET /team/offers': work('offers'),
  'GET /team/orders': work('orders'),
});

export const handler = httpHandler({ logger }, byRouteKey(routes));
