/** Scheduled: lapses offers past their deadline, retries, escalates and expires waiting requests. */
import { scheduledHandler } from '#shared/lambda/scheduled-handler';
import { sweepDue } from '#shared/use-cases/sweep-due';
import { queuePublisher } from '#shared/wiring/composition';
import { functionContext } from '#shared/wiring/function-context';
import { topology } from '#shared/topology/topology';
import * as table from '#shared/wiring/table-adapters';

const { logger, tables, publisher, clock } = functionContext(
  'sweep-due',
  { ...table.dispatching, credits: table.credits, volunteers: table.volunteers },
  queuePublisher,
);
const deps = { ...tables, publisher, clock };
/** Half the function's timeout: a run takes no new request after it, and the next run goes on. */
const budgetMs = topology.functions['sweep-due'].timeoutSeconds * 500;

export const handler = scheduledHandler(logger, async () => {
  const { failures, stoppedAtBudget, ...counts } = await sweepDue(deps, { budgetMs });
  if (Object.values(counts).some((n) => n > 0)) logger.info('sweep done', { ...counts });
  if (stoppedAtBudget) logger.warn('sweep: stopped at its time budget with requests still due; the next run goes on', { budgetMs });
  // Request ids and error names only; each failed request is tried again on the next run.
  if (failures.length > 0) logger.error('sweep: requests failed; the next run tries them again', { failures });
  return { ...counts, failures, stoppedAtBudget };
});
