/** GET /admin/dead-letters and POST /admin/dead-letters/{queue}/redrive, for center admins. */
import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsDeadLetters } from '#shared/adapters/sqs/dead-letters';
import { functionEnv } from '#shared/config/function-env';
import { httpHandler } from '#shared/lambda/http-handler';
import { createLogger } from '#shared/observability/logger';
import { deadLetterUrlEnv, queueNamesOf, queueUrlEnv } from '#shared/topology/topology';
import { listDeadLetters, redriveDeadLetters } from '#shared/use-cases/admin-dead-letters';

const env = functionEnv('admin-dead-letters');
const pairs = Object.fromEntries(queueNamesOf().map((q) => [q, { url: env[queueUrlEnv(q)], dlqUrl: env[deadLetterUrlEnv(q)] }]));
const deadLetters = new SqsDeadLetters(new SQSClient({}), pairs);
const logger = createLogger('admin-dead-letters');

export const handler = httpHandler({ logger }, async (request) => {
  const staff = request.staff();
  const queue = request.pathParameters.queue;
  if (!queue) return { status: 200, json: { queues: await listDeadLetters(deadLetters, staff, request.query) } };
  const result = await redriveDeadLetters(deadLetters, staff, queue, request.body ?? {});
  logger.info('dead letters redriven', { ...result, staff: staff.id });
  return { status: 200, json: result };
});
