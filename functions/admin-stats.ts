/** GET /admin/stats and /admin/stats.csv: needs statistics (问需统计) and KPIs, from the counters and the facts not folded yet. */
import { statsCsv, statsCsvFileName } from '#shared/http/stats-csv';
import { staffTokensOf } from '#shared/http/staff-token';
import { httpHandler } from '#shared/lambda/http-handler';
import { byRouteKey, routeTable } from '#shared/lambda/http-routes';
import { statsDashboard, statsExport } from '#shared/use-cases/needs-statistics';
import { currentStatsReads } from '#shared/wiring/composition';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { env, logger, tables, clock, db } = functionContext('admin-stats', {
  catalog: table.catalog,
  areas: table.areas,
  teams: table.teams,
  credits: table.credits,
});
const deps = { ...tables, counters: currentStatsReads(env.TABLE_NAME, db, tables, clock), clock };

export const routes = routeTable('admin-stats', {
  'GET /admin/stats': async (request) => {
    const staff = request.staff();
    const report = await statsDashboard(deps, staff, request.query);
    logger.info('stats read', { area: report.area.id, from: report.period.from, to: report.period.to, staff: staff.id });
    return { status: 200, json: report };
  },
  'GET /admin/stats.csv': async (request) => {
    const staff = request.staff();
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
  },
});

export const handler = httpHandler({ logger, staffTokens: staffTokensOf(env) }, byRouteKey(routes));
