/** POST /requests/{id}/complete: the accepting team reports the order done, with volunteers' minutes. */
import { queuePublisher, tableAdapters } from '#shared/adapters/composition';
import { envVars, readEnv } from '#shared/config/env';
import { parseCompletion } from '#shared/domain/completion';
import { httpHandler } from '#shared/lambda/http-handler';
import { createLogger } from '#shared/observability/logger';
import { systemClock } from '#shared/ports/clock';
import { authenticateTeam, completeRequest } from '#shared/use-cases/team-work';

const env = readEnv({ TABLE_NAME: envVars.tableName, NOTIFY_QUEUE_URL: envVars.queueUrl });
const logger = createLogger('complete-request');
const deps = { ...tableAdapters(env.TABLE_NAME, undefined, queuePublisher({ notify: env.NOTIFY_QUEUE_URL })), clock: systemClock };

export const handler = httpHandler({ logger }, async (request) => {
  const teamId = await authenticateTeam(deps.teams, request.headers.authorization);
  const report = parseCompletion(request.body);
  const id = request.pathParameters.id ?? '';
  const completed = await completeRequest(deps, id, teamId, report);
  logger.info('order completed', { requestId: id, teamId, volunteers: report.hours.length });
  return { status: 200, json: { id, status: completed.status, completedAt: completed.completion?.completedAt } };
});
