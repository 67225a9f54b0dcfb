/**
 * Scheduled: folds each day that is over into the statistics counters (`foldStats`), then rolls
 * up the counters of each month that is over, and of months listed as stale.
 */
import { scheduledHandler } from '#shared/lambda/scheduled-handler';
import { foldStats } from '#shared/use-cases/fold-stats';
import { rollUpStats } from '#shared/use-cases/roll-up-stats';
import { statsCounters, statsFacts, statsRollUps } from '#shared/wiring/composition';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { env, logger, tables, db, clock } = functionContext('roll-up-stats', {
  areas: table.areas,
  catalog: table.catalog,
  credits: table.credits,
});
const rollUps = statsRollUps(env.TABLE_NAME, db, clock);
const folding = {
  facts: statsFacts(env.TABLE_NAME, db),
  counters: statsCounters(env.TABLE_NAME, db),
  rollUps,
  catalog: tables.catalog,
  credits: tables.credits,
  clock,
};

export const handler = scheduledHandler(logger, async () => {
  const folded = await foldStats(folding);
  if (folded.days.length > 0 || folded.refolded.length > 0) logger.info('statistics folded', { ...folded });
  // Keys only (day, area, request id, version): the fold goes no further until the fact is repaired or deleted.
  if (folded.held) logger.error('statistics: day not folded, a stored fact does not parse', { held: folded.held });
  if (folded.skipped > 0) logger.warn('statistics: days never folded, their facts expired', { skipped: folded.skipped });
  const report = await rollUpStats({ rollUps, areas: tables.areas, clock });
  if (report.months.length > 0 || report.stale.length > 0) logger.info('statistics rolled up', { ...report });
  // Area ids and months only: those left are read day by day, or tried again on the next run.
  if (report.leftOver.length > 0) logger.warn('statistics: months not rolled up', { leftOver: report.leftOver });
  return { folded, rolledUp: report };
});
