/**
 * GET /console: the admins' console. A page shell with one script allowed by its hash; the
 * script signs in with an ID token and works through the admin API. No table access: the page
 * holds no data, and the API checks every call.
 */
import { pageOptions } from '#shared/http/page-options';
import { httpHandler } from '#shared/lambda/http-handler';
import { createLogger } from '#shared/observability/logger';
import { renderAdminConsole } from '#shared/web/admin-console';

const logger = createLogger('admin-console');

export const handler = httpHandler({ logger }, async (request) => {
  const page = renderAdminConsole(pageOptions(request));
  return { status: 200, html: page.html, headers: page.headers };
});
