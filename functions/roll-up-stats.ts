/** Scheduled: rolls up the statistics counters of each month that is over, and of months a fact came late for. */
import { scheduledHandler } from '#shared/lambda/scheduled-handler';
import { rollUpStats } from '#shared/use-cases/roll-up-stats';
import { statsRollUps } from '#shared/wiring/composition';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { env, logger, tables, db, clock } = functionContext('roll-up-stats', { areas: table.areas });
const deps = { rollUps: statsRollUps(env.TABLE_NAME, db, clock), areas: tables.areas, clock };

export const handler = scheduledHandler(logger, async () => {
  const report = await rollUpStats(deps);
  if (report.months.length > 0 || report.stale.length > 0) logger.info('statistics rolled up', { ...report });
  // Area ids and months only: those left are read day by day, or tried again on the next run.
  if (report.leftOver.length > 0) logger.warn('statistics: months not rolled up', { leftOver: report.leftOver });
  return report;
});
