/**
 * The team's claim pool (抢单池), by its team token: GET /team/pool (open wishes in the area it
 * serves, nearest its station first), POST /team/pool/{id}/claim (one tap: the wish becomes one
 * of its orders, with the wisher's contact, in GET /team/orders), POST /team/claims/{id}/give-up
 * (back on the wall). A claim another claimer won first is a 409.
 */
import { httpHandler } from '#shared/lambda/http-handler';
import { byRouteKey, routeTable } from '#shared/lambda/http-routes';
import { authenticateTeam } from '#shared/use-cases/team-work';
import { claimAsTeam, giveUpClaim } from '#shared/use-cases/wish-claims';
import { teamPool } from '#shared/use-cases/wish-wall-view';
import { queuePublisher } from '#shared/wiring/composition';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { logger, tables, clock } = functionContext('team-pool', { ...table.dispatching, areas: table.areas }, queuePublisher);
const deps = { ...tables, clock };

export const routes = routeTable('team-pool', {
  'GET /team/pool': async (request) => {
    const teamId = await authenticateTeam(deps.teams, request.headers.authorization);
    return { status: 200, json: { teamId, pool: await teamPool(deps, teamId) } };
  },
  'POST /team/pool/{id}/claim': async (request) => {
    const teamId = await authenticateTeam(deps.teams, request.headers.authorization);
    const claimed = await claimAsTeam(deps, teamId, request.pathParameters.id ?? '');
    logger.info('wish claimed by a team', { requestId: claimed.id, teamId });
    return { status: 200, json: { id: claimed.id, status: claimed.status, deadline: claimed.claim?.deadline } };
  },
  'POST /team/claims/{id}/give-up': async (request) => {
    const teamId = await authenticateTeam(deps.teams, request.headers.authorization);
    const back = await giveUpClaim(deps, { kind: 'team', id: teamId }, request.pathParameters.id ?? '');
    logger.info('claim given up by a team', { requestId: back.id, teamId });
    return { status: 200, json: { id: back.id, status: back.status } };
  },
});

export const handler = httpHandler({ logger }, byRouteKey(routes));
