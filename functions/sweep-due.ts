/** Scheduled: lapses offers past their deadline, retries, escalates and expires waiting requests. */
import { scheduledHandler } from '#shared/lambda/scheduled-handler';
import { sweepDue } from '#shared/use-cases/sweep-due';
import { queuePublisher } from '#shared/wiring/composition';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { logger, tables, publisher, clock } = functionContext(
  'sweep-due',
  { ...table.dispatching, credits: table.credits, volunteers: table.volunteers },
  queuePublisher,
);
const deps = { ...tables, publisher, clock };

export const handler = scheduledHandler(logger, async () => {
  const { failures, ...counts } = await sweepDue(deps);
  if (Object.values(counts).some((n) => n > 0)) logger.info('sweep done', { ...counts });
  // Request ids and error names only; each failed request is tried again on the next run.
  if (failures.length > 0) logger.error('sweep: requests failed; the next run tries them again', { failures });
  return { ...counts, failures };
});
