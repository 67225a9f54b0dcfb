/** Consumer of the notify queue: offers to teams, status news to residents. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { notificationAdapters, tableAdapters } from '#shared/wiring/composition';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { envVars, readEnv } from '#shared/config/env';
import { parseNoticeMessage } from '#shared/domain/notices';
import { sqsHandler } from '#shared/lambda/sqs-handler';
import { createLogger } from '#shared/observability/logger';
import { systemClock } from '#shared/ports/clock';
import { sendNotice } from '#shared/use-cases/send-notice';

const env = readEnv({
  TABLE_NAME: envVars.tableName,
  PUBLIC_URL: envVars.publicUrl,
  EMAIL_FROM: z.union([z.literal(''), z.email()]),
  PAIDAN_DEV_OUTBOX: z.literal('on').optional(),
});
const logger = createLogger('send-notifications');
const client = new DynamoDBClient({});
const notify = notificationAdapters(env.TABLE_NAME, { emailFrom: env.EMAIL_FROM, devOutbox: env.PAIDAN_DEV_OUTBOX === 'on' }, client);
const deps = { ...tableAdapters(env.TABLE_NAME, createDocumentClient(client)), ...notify, clock: systemClock, publicUrl: env.PUBLIC_URL };

export const handler = sqsHandler(logger, async (record, context) => {
  notify.deliveries.registerLambdaContext(context);
  const notice = parseNoticeMessage(record.body);
  const outcome = await sendNotice(deps, notice);
  logger.info(outcome.kind === 'delivered' ? 'notice delivered' : 'notice skipped', {
    requestId: notice.requestId,
    notice: notice.kind,
    ...outcome,
  });
});
