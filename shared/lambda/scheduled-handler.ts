/** The wrapper for functions run on a schedule (EventBridge in AWS, a timer in the local stack). */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { ScheduledEvent } from 'aws-lambda';
import type { Logger } from '#shared/observability/logger';

export function scheduledHandler<T>(logger: Logger, run: () => Promise<T>) {
  return middy<ScheduledEvent, T>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async () => run());
}
