/** The team's members, for its leader (team token): GET and POST /team/members, DELETE /team/members/{id}. */
import { httpHandler } from '#shared/lambda/http-handler';
import { byRouteKey, routeTable } from '#shared/lambda/http-routes';
import { authenticateTeam } from '#shared/use-cases/team-work';
import { addTeamMember, removeTeamMember, teamMembers } from '#shared/use-cases/volunteers';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { logger, tables, clock } = functionContext('team-members', {
  teams: table.teams,
  volunteers: table.volunteers,
  limiter: table.limiter,
});
const deps = { ...tables, clock };

export const routes = routeTable('team-members', {
  'GET /team/members': async (request) => {
    const teamId = await authenticateTeam(deps.teams, request.headers.authorization);
    return { status: 200, json: { teamId, members: await teamMembers(deps, teamId) } };
  },
  'POST /team/members': async (request) => {
    const teamId = await authenticateTeam(deps.teams, request.headers.authorization);
    const member = await addTeamMember(deps, teamId, request.body);
    logger.info('member added', { teamId, volunteerId: member.id });
    return { status: 201, json: member };
  },
  'DELETE /team/members/{id}': async (request) => {
    const teamId = await authenticateTeam(deps.teams, request.headers.authorization);
    const volunteerId = request.pathParameters.id ?? '';
    await removeTeamMember(deps, teamId, volunteerId);
    logger.info('member removed', { teamId, volunteerId });
    return { status: 200, json: { teamId, removed: volunteerId } };
  },
});

export const handler = httpHandler({ logger }, byRouteKey(routes));
