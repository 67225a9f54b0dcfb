/** GET /volunteers/{id}/credits: a volunteer's hours, points and history, for the volunteer's team. */
import { tableAdapters } from '#shared/wiring/composition';
import { envVars, readEnv } from '#shared/config/env';
import { httpHandler } from '#shared/lambda/http-handler';
import { createLogger } from '#shared/observability/logger';
import { authenticateTeam } from '#shared/use-cases/team-work';
import { volunteerCredits } from '#shared/use-cases/volunteer-credits';

const env = readEnv({ TABLE_NAME: envVars.tableName });
const logger = createLogger('volunteer-credits');
const { teams, credits } = tableAdapters(env.TABLE_NAME);

export const handler = httpHandler({ logger }, async (request) => {
  const teamId = await authenticateTeam(teams, request.headers.authorization);
  return { status: 200, json: await volunteerCredits(credits, teamId, request.pathParameters.id ?? '') };
});
