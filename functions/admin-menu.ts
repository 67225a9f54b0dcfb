/** The service menu for center admins: GET /admin/services, PUT /admin/services/{code}, PUT /admin/categories/{code}. */
import { httpHandler } from '#shared/lambda/http-handler';
import { adminMenu, putCategory, putService } from '#shared/use-cases/admin-menu';
import { functionContext } from '#shared/wiring/function-context';

const { logger, tables } = functionContext('admin-menu');
const { catalog } = tables;

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
