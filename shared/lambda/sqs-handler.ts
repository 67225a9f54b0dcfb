/**
 * The wrapper every queue consumer uses. Records are handled one by one through Powertools'
 * BatchProcessor; a record whose handler throws is reported in `batchItemFailures` so only it
 * is delivered again (and reaches the DLQ after maxReceiveCount). Record bodies are never
 * logged: they may lead to personal data.
 */
import middy from '@middy/core';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Logger } from '#shared/observability/logger';

export function sqsHandler(logger: Logger, handleRecord: (record: SQSRecord, context: Context) => Promise<void>) {
  const processor = new BatchProcessor(EventType.SQS);
  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event, context) => {
      const record = async (r: SQSRecord) => {
        logger.appendKeys({ messageId: r.messageId, receiveCount: r.attributes.ApproximateReceiveCount });
        try {
          await handleRecord(r, context);
        } catch (error) {
          logger.warn('record failed; it will be delivered again', { error: (error as Error).name });
          throw error;
        } finally {
          logger.removeKeys(['messageId', 'receiveCount']);
        }
      };
      return processPartialResponse(event, record, processor, { context, throwOnFullBatchFailure: false });
    });
}
