/** GET /admin/dead-letters and POST /admin/dead-letters/{queue}/redrive, for center admins. */
import { SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import { deadLetterUrlEnv, queueNamesOf, queueUrlEnv } from '#shared/topology/topology';
import { SqsDeadLetters } from '#shared/adapters/sqs/dead-letters';
import { readEnv } from '#shared/config/env';
import { httpHandler } from '#shared/lambda/http-handler';
import { createLogger } from '#shared/observability/logger';
import { listDeadLetters, redriveDeadLetters } from '#shared/use-cases/admin-dead-letters';

const names = queueNamesOf();
const env = readEnv(
  Object.fromEntries(
    names.flatMap((q) => [
      [queueUrlEnv(q), z.url()],
      [deadLetterUrlEnv(q), z.url()],
    ]),
  ),
);
const pairs = Object.fromEntries(names.map((q) => [q, { url: String(env[queueUrlEnv(q)]), dlqUrl: String(env[deadLetterUrlEnv(q)]) }]));
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
