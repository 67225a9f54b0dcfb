/** GET /team/offers and GET /team/orders: a team's open offers and accepted orders (team token). */
import { tableAdapters } from '#shared/wiring/composition';
import { envVars, readEnv } from '#shared/config/env';
import { httpHandler } from '#shared/lambda/http-handler';
import { createLogger } from '#shared/observability/logger';
import { systemClock } from '#shared/ports/clock';
import { authenticateTeam, teamWork } from '#shared/use-cases/team-work';

const env = readEnv({ TABLE_NAME: envVars.tableName });
const logger = createLogger('team-work');
const deps = { ...tableAdapters(env.TABLE_NAME), clock: systemClock };

export const handler = httpHandler({ logger }, async (request) => {
  const teamId = await authenticateTeam(deps.teams, request.headers.authorization);
  const kind = request.path.endsWith('/orders') ? 'orders' : 'offers';
  const items = await teamWork(deps, teamId, kind);
  return { status: 200, json: { teamId, [kind]: items } };
});
