/** GET /volunteers/{id}/credits: a volunteer's hours, points and history, for the volunteer's team. */
import { httpHandler } from '#shared/lambda/http-handler';
import { authenticateTeam } from '#shared/use-cases/team-work';
import { volunteerCredits } from '#shared/use-cases/volunteer-credits';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { logger, tables } = functionContext('volunteer-credits', {
  teams: table.teams,
  credits: table.credits,
  volunteers: table.volunteers,
});
const { teams } = tables;

export const handler = httpHandler({ logger }, async (request) => {
  const teamId = await authenticateTeam(teams, request.headers.authorization);
  return { status: 200, json: await volunteerCredits(tables, teamId, request.pathParameters.id ?? '') };
});
