/**
 * The wrapper for a queue consumer that handles its batch as a whole (the stats counters add a
 * batch's facts in one write). Each record is parsed on its own: one that does not parse is
 * reported in `batchItemFailures`, comes back, and reaches the DLQ after maxReceiveCount. If
 * the batch's work throws, every parsed record is reported, so the whole batch comes back;
 * the work must therefore be idempotent per record. Record bodies are never logged.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Logger } from '#shared/observability/logger';

export function sqsBatchHandler<T>(
  logger: Logger,
  parse: (body: string) => T,
  handleBatch: (values: T[], context: Context) => Promise<void>,
) {
  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event, context) => {
      const parsed: Array<{ messageId: string; value: T }> = [];
      const failed: string[] = [];
      for (const record of event.Records) {
        try {
          parsed.push({ messageId: record.messageId, value: parse(record.body) });
        } catch (error) {
          logger.warn('record refused; it will be delivered again', {
            messageId: record.messageId,
            receiveCount: record.attributes.ApproximateReceiveCount,
            error: (error as Error).name,
          });
          failed.push(record.messageId);
        }
      }
      if (parsed.length > 0) {
        try {
          await handleBatch(
            parsed.map((p) => p.value),
            context,
          );
        } catch (error) {
          logger.warn('batch failed; its records will be delivered again', { records: parsed.length, error: (error as Error).name });
          failed.push(...parsed.map((p) => p.messageId));
        }
      }
      return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
    });
}
