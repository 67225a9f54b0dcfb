/** Scheduled: anonymises residents' personal data in requests that ended more than the retention period ago. */
import { retentionDaysOf } from '#shared/domain/retention';
import { scheduledHandler } from '#shared/lambda/scheduled-handler';
import { topology } from '#shared/topology/topology';
import { applyRetention } from '#shared/use-cases/apply-retention';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { env, logger, tables, clock } = functionContext('apply-retention', {
  requests: table.requests,
  retention: table.retention,
  areas: table.areas,
});
const days = retentionDaysOf(env.RETENTION_DAYS);
/** Half the function's timeout: a run takes no new request after it, and the next run goes on. */
const budgetMs = topology.functions['apply-retention'].timeoutSeconds * 500;
/** At most this many requests a run: each is a read and a transaction of up to 100 items. */
const limit = 2_000;

export const handler = scheduledHandler(logger, async () => {
  const report = await applyRetention({ ...tables, clock }, { days, budgetMs, limit });
  if (report.anonymised > 0) logger.info('retention: requests anonymised', { anonymised: report.anonymised, from: report.from });
  if (report.stoppedAtBudget)
    logger.warn('retention: stopped at its budget with requests still due; the next run goes on', { budgetMs, limit });
  // Request ids and error names only; each is tried again on the next run.
  if (report.failures.length > 0) logger.error('retention: requests failed; the next run tries them again', { failures: report.failures });
  return report;
});
