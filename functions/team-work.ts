/** GET /team/offers and GET /team/orders: a team's open offers and accepted orders (team token). */
import { httpHandler } from '#shared/lambda/http-handler';
import { authenticateTeam, teamWork } from '#shared/use-cases/team-work';
import { functionContext } from '#shared/wiring/function-context';

const { logger, tables, clock } = functionContext('team-work');
const deps = { ...tables, clock };

export const handler = httpHandler({ logger }, async (request) => {
  const teamId = await authenticateTeam(deps.teams, request.headers.authorization);
  const kind = request.path.endsWith('/orders') ? 'orders' : 'offers';
  const items = await teamWork(deps, teamId, kind);
  return { status: 200, json: { teamId, [kind]: items } };
});
