/** Scheduled: sends committed messages whose direct send was never confirmed. */
import { scheduledHandler } from '#shared/lambda/scheduled-handler';
import { GIVEN_UP } from '#shared/observability/given-up';
import { relayOutbox } from '#shared/use-cases/relay-outbox';
import { queuePublisher } from '#shared/wiring/composition';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { logger, tables, publisher, clock } = functionContext('reconcile-outbox', { outbox: table.outbox }, queuePublisher);
const deps = { outbox: tables.outbox, publisher, clock };

export const handler = scheduledHandler(logger, async () => {
  const { relayed, failed, dropped, givenUp } = await relayOutbox(deps);
  if (relayed.length > 0 || dropped.length > 0) logger.info('outbox relayed', { relayed: relayed.length, dropped: dropped.length });
  // Never sent, and never will be: counted for the alarm; each request id and kind to tell those people by hand.
  if (givenUp.length > 0)
    logger.warn('notices given up: not sent by their give-up time; tell these people by hand', {
      [GIVEN_UP]: givenUp.length,
      notices: givenUp.map((n) => `${n.requestId}:${n.kind}`),
    });
  // Each failed message stays due and is sent again by a later run; two hours of failures alarm.
  if (failed.length > 0) logger.error('outbox: messages could not be sent; a later run sends them again', { failed: failed.length });
  return { relayed: relayed.length, failed: failed.length, ...(dropped.length > 0 ? { dropped: dropped.length } : {}) };
});
