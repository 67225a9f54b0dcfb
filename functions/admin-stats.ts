/** GET /admin/stats and /admin/stats.csv: needs statistics (问需统计) and KPIs, from the day counters. */
import { statsCounters, tableAdapters } from '#shared/wiring/composition';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { envVars, readEnv } from '#shared/config/env';
import { statsCsv, statsCsvFileName } from '#shared/http/stats-csv';
import { httpHandler } from '#shared/lambda/http-handler';
import { createLogger } from '#shared/observability/logger';
import { systemClock } from '#shared/ports/clock';
import { statsDashboard, statsExport } from '#shared/use-cases/needs-statistics';

const env = readEnv({ TABLE_NAME: envVars.tableName });
const logger = createLogger('admin-stats');
const db = createDocumentClient();
const deps = { ...tableAdapters(env.TABLE_NAME, db), counters: statsCounters(env.TABLE_NAME, db), clock: systemClock };

export const handler = httpHandler({ logger }, async (request) => {
  const staff = request.staff();
  if (request.path.endsWith('.csv')) {
    const data = await statsExport(deps, staff, request.query);
    logger.info('stats exported', {
      area: data.area.id,
      from: data.period.from,
      to: data.period.to,
      rows: data.rows.length,
      staff: staff.id,
    });
    // A CSV download: the body is text like a page's, the type and file name are set here.
    const headers = {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${statsCsvFileName(data)}"`,
    };
    return { status: 200, html: statsCsv(data), headers };
  }
  const report = await statsDashboard(deps, staff, request.query);
  logger.info('stats read', { area: report.area.id, from: report.period.from, to: report.period.to, staff: staff.id });
  return { status: 200, json: report };
});
