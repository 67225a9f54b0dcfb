/**
 * The wrapper every queue consumer uses. Records are handled one after another through
 * Powertools' BatchProcessor; a record whose handler throws is reported in `batchItemFailures` so only it
 * is delivered again (and reaches the DLQ after maxReceiveCount), and its next delivery is put
 * off by a growing delay (`redelivery-backoff.ts`), so a failing channel or a throttled table
 * is retried with backoff rather than every visibility timeout. Record bodies are never logged:
 * they may lead to personal data.
 */
import middy from '@middy/core';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Redelivery } from '#shared/adapters/sqs/redelivery';
import type { Logger } from '#shared/observability/logger';

export interface SqsHandlerOptions {
  /** How a failed record's next delivery is put off; SQS itself by default. */
  readonly redelivery?: Redelivery;
}

export function sqsHandler(
  logger: Logger,
  handleRecord: (record: SQSRecord, context: Context) => Promise<void>,
  options: SqsHandlerOptions = {},
) {
  const processor = new BatchProcessor(EventType.SQS);
  let redelivery = options.redelivery;
  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event, context) => {
      const record = async (r: SQSRecord) => {
        logger.appendKeys({ messageId: r.messageId, receiveCount: r.attributes.ApproximateReceiveCount });
        try {
          await handleRecord(r, context);
        } catch (error) {
          // Its module and SQS client load on the first failure: most containers never need them.
          redelivery ??= (await import('#shared/adapters/sqs/redelivery')).sqsRedelivery();
          // Without the backoff the record still comes back, after the queue's visibility timeout.
          const retryInSeconds = await redelivery.postpone(r).catch((e: unknown) => {
            logger.warn('could not put off the next delivery', { error: (e as Error).name });
            return undefined;
          });
          logger.warn('record failed; it will be delivered again', {
            error: (error as Error).name,
            ...(retryInSeconds ? { retryInSeconds } : {}),
          });
          throw error;
        } finally {
          logger.removeKeys(['messageId', 'receiveCount']);
        }
      };
      // One record at a time: the logger's keys (messageId, receiveCount) belong to one record,
      // so records handled in parallel would log under each other's ids.
      return processPartialResponse(event, record, processor, { context, throwOnFullBatchFailure: false, processInParallel: false });
    });
}
