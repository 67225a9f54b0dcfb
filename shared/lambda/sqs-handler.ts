/**
 * The wrapper of the queue consumers that handle a record at a time (dispatch, notify), through
 * Powertools' BatchProcessor. A record whose handler throws is reported in `batchItemFailures` so
 * only it is delivered again (and reaches the DLQ after maxReceiveCount), and its next delivery
 * is put off by a growing delay (`redelivery-backoff.ts`), so a failing channel or a throttled
 * table is retried with backoff rather than every visibility timeout. Each record is handled with
 * a logger of its own, carrying its `messageId` and `receiveCount`. Record bodies are never
 * logged: they may lead to personal data.
 *
 * Records are handled one after another, or all at once (`concurrent`, the notify consumer: a
 * batch then takes as long as its slowest record, one `recordBudgetMs`, so it fits the timeout
 * whatever its size). One after another, a record is not started with less time left than one
 * record may take (`recordBudgetMs`; a batch's first always is): it is reported untried and
 * released to come back at once, so a few slow records cannot time out the invocation, which
 * would bring the whole batch back unhandled, each receive count raised, none put off.
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
  /** The longest one record may take: with less time left, no record is started. @default 5000 */
  readonly recordBudgetMs?: number;
  /**
   * Handle a batch's records all at once rather than one after another: every record starts at
   * the start of the invocation, so none is left untried; for records that wait on others (a
   * provider, a webhook) rather than contend with each other for the same items.
   */
  readonly concurrent?: boolean;
}

/** A record left untried for lack of time: reported in `batchItemFailures`, neither handled nor put off. */
class UntriedRecordError extends Error {
  override readonly name = 'UntriedRecordError';
}

export function sqsHandler(
  logger: Logger,
  /** `log`: the logger of this record (its `messageId` and `receiveCount`), for every line about it. */
  handleRecord: (record: SQSRecord, context: Context, log: Logger) => Promise<void>,
  options: SqsHandlerOptions = {},
) {
  const processor = new BatchProcessor(EventType.SQS);
  const budgetMs = options.recordBudgetMs ?? 5000;
  let redelivery = options.redelivery;
  // Its module and SQS client load on the first failure: most containers never need them.
  const redeliveryOnFirstUse = async () => (redelivery ??= (await import('#shared/adapters/sqs/redelivery')).sqsRedelivery());
  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event, context) => {
      const untried: SQSRecord[] = [];
      let started = 0;
      const record = async (r: SQSRecord) => {
        const tooLate = () => untried.length > 0 || (started > 0 && context.getRemainingTimeInMillis() < budgetMs);
        if (!options.concurrent && tooLate()) {
          untried.push(r);
          throw new UntriedRecordError();
        }
        started++;
        // A child of its own: records handled at once would otherwise log under each other's ids.
        const log = logger.createChild();
        log.appendKeys({ messageId: r.messageId, receiveCount: r.attributes.ApproximateReceiveCount });
        try {
          await handleRecord(r, context, log);
        } catch (error) {
          // Without the backoff the record still comes back, after the queue's visibility timeout.
          const retryInSeconds = await (await redeliveryOnFirstUse()).postpone(r).catch((e: unknown) => {
            log.warn('could not put off the next delivery', { error: (e as Error).name });
            return undefined;
          });
          log.warn('record failed; it will be delivered again', {
            error: (error as Error).name,
            ...(retryInSeconds ? { retryInSeconds } : {}),
          });
          throw error;
        }
      };
      const response = await processPartialResponse(event, record, processor, {
        context,
        throwOnFullBatchFailure: false,
        processInParallel: options.concurrent === true,
      });
      if (untried.length > 0) await release(untried, await redeliveryOnFirstUse(), logger, context.getRemainingTimeInMillis());
      return response;
    });
}

/** Untried records come back at once; those the call fails for, after the queue's visibility timeout. */
async function release(records: SQSRecord[], redelivery: Redelivery, logger: Logger, remainingMs: number): Promise<void> {
  const released = await Promise.allSettled(records.map((r) => redelivery.release(r)));
  logger.warn('records left untried for lack of time; they will be delivered again', {
    untried: records.length,
    notReleased: released.filter((r) => r.status === 'rejected').length,
    remainingMs,
  });
}
