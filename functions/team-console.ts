/** GET /team: the team's console, one page whose script signs in with the team token and uses the team API. */
import { pageOptions } from '#shared/http/page-options';
import { httpHandler } from '#shared/lambda/http-handler';
import { createLogger } from '#shared/observability/logger';
import { renderTeamConsole } from '#shared/web/team-console';

const logger = createLogger('team-console');

export const handler = httpHandler({ logger }, async (request) => {
  const page = renderTeamConsole(pageOptions(request));
  return { status: 200, html: page.html, headers: page.headers };
});
