/** Scheduled: sends committed messages whose direct send was never confirmed. */
import { scheduledHandler } from '#shared/lambda/scheduled-handler';
import { GIVEN_UP } from '#shared/observability/given-up';
import { relayOutbox } from '#shared/use-cases/relay-outbox';
import { queuePublisher } from '#shared/wiring/composition';
import { functionContext } from '#shared/wiring/function-context';
import { topology } from '#shared/topology/topology';
import * as table from '#shared/wiring/table-adapters';

const { env, logger, tables, publisher, clock } = functionContext('reconcile-outbox', { outbox: table.outbox }, queuePublisher);
const deps = { outbox: tables.outbox, publisher, clock, quietHours: env.PAIDAN_QUIET_HOURS !== 'off' };
/** Half the function's timeout: a run takes no new message after it, and the next run goes on. */
const budgetMs = topology.functions['reconcile-outbox'].timeoutSeconds * 500;

export const handler = scheduledHandler(logger, async () => {
  const { relayed, failed, dropped, held, givenUp, stoppedAtBudget } = await relayOutbox(deps, { budgetMs });
  if (relayed.length > 0 || dropped.length > 0 || held.length > 0)
    logger.info('outbox relayed', { relayed: relayed.length, dropped: dropped.length, held: held.length });
  if (stoppedAtBudget) logger.warn('outbox: stopped at its time budget with messages still due; the next run goes on', { budgetMs });
  // Never sent, and never will be: counted for the alarm; each request id and kind to tell those people by hand.
  if (givenUp.length > 0)
    logger.warn('notices given up: not sent by their give-up time; tell these people (an offer: its team) by hand', {
      [GIVEN_UP]: givenUp.length,
      notices: givenUp.map((n) => `${n.requestId}:${n.kind}`),
    });
  // Each failed message stays due and is sent again by a later run; two hours of failures alarm.
  if (failed.length > 0) logger.error('outbox: messages could not be sent; a later run sends them again', { failed: failed.length });
  const some = (name: string, list: readonly unknown[]) => (list.length > 0 ? { [name]: list.length } : {});
  return { relayed: relayed.length, failed: failed.length, ...some('dropped', dropped), ...some('held', held) };
});
