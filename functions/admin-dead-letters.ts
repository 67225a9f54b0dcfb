/** GET /admin/dead-letters and POST /admin/dead-letters/{queue}/redrive, for center admins. */
import { sqsClient } from '#shared/adapters/sqs/client';
import { SqsDeadLetters } from '#shared/adapters/sqs/dead-letters';
import { functionEnv } from '#shared/config/function-env';
import { staffTokensOf } from '#shared/http/staff-token';
import { httpHandler } from '#shared/lambda/http-handler';
import { byRouteKey, routeTable } from '#shared/lambda/http-routes';
import { createLogger } from '#shared/observability/logger';
import { deadLetterUrlEnv, queueNamesOf, queueUrlEnv } from '#shared/topology/topology';
import { listDeadLetters, redriveDeadLetters } from '#shared/use-cases/admin-dead-letters';

const env = functionEnv('admin-dead-letters');
const pairs = Object.fromEntries(queueNamesOf().map((q) => [q, { url: env[queueUrlEnv(q)], dlqUrl: env[deadLetterUrlEnv(q)] }]));
const deadLetters = new SqsDeadLetters(sqsClient(), pairs);
const logger = createLogger('admin-dead-letters');

export const routes = routeTable('admin-dead-letters', {
  'GET /admin/dead-letters': async (request) => ({
    status: 200,
    json: { queues: await listDeadLetters(deadLetters, request.staff(), request.query) },
  }),
  'POST /admin/dead-letters/{queue}/redrive': async (request) => {
    const staff = request.staff();
    const result = await redriveDeadLetters(deadLetters, staff, request.pathParameters.queue ?? '', request.body ?? {});
    logger.info('dead letters redriven', { ...result, staff: staff.id });
    return { status: 200, json: result };
  },
});

export const handler = httpHandler({ logger, staffTokens: staffTokensOf(env) }, byRouteKey(routes));
