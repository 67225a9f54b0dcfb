/** The service menu for center admins: GET /admin/services, PUT /admin/services/{code}, PUT /admin/categories/{code}. */
import { tableAdapters } from '#shared/wiring/composition';
import { envVars, readEnv } from '#shared/config/env';
import { httpHandler } from '#shared/lambda/http-handler';
import { createLogger } from '#shared/observability/logger';
import { adminMenu, putCategory, putService } from '#shared/use-cases/admin-menu';

const env = readEnv({ TABLE_NAME: envVars.tableName });
const logger = createLogger('admin-menu');
const { catalog } = tableAdapters(env.TABLE_NAME);

export const handler = httpHandler({ logger }, async (request) => {
  const staff = request.staff();
  const code = request.pathParameters.code;
  if (!code) return { status: 200, json: await adminMenu(catalog, staff) };
  if (request.path.startsWith('/admin/categories/')) {
    const category = await putCategory(catalog, staff, code, request.body);
    logger.info('category saved', { code, staff: staff.id });
    return { status: 200, json: category };
  }
  const { service, created } = await putService(catalog, staff, code, request.body);
  logger.info(created ? 'service added' : 'service changed', { code, staff: staff.id });
  return { status: created ? 201 : 200, json: service };
});
