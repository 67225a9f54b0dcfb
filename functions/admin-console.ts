/**
 * GET /console: the admins' console. A page shell with one script allowed by its hash; the
 * script signs in (through the Cognito domain in SIGN_IN_DOMAIN_URL with the app client in
 * SIGN_IN_CLIENT_ID, or, when both are empty as in the local stack, with a pasted ID token) and
 * works through the admin API. No table access: the page holds no data, and the API checks
 * every call.
 */
import * as z from 'zod';
import { SIGN_IN_CLIENT_ENV, SIGN_IN_DOMAIN_ENV } from '#shared/topology/topology';
import { readEnv } from '#shared/config/env';
import { pageOptions } from '#shared/http/page-options';
import { httpHandler } from '#shared/lambda/http-handler';
import { createLogger } from '#shared/observability/logger';
import { isClientId, renderAdminConsole, type StaffSignIn } from '#shared/web/admin-console';
import { isHttpsOrigin } from '#shared/web/console-shell';

const logger = createLogger('admin-console');

const env = readEnv({
  [SIGN_IN_DOMAIN_ENV]: z.union([z.literal(''), z.string().refine(isHttpsOrigin, 'an https origin without a path')]),
  [SIGN_IN_CLIENT_ENV]: z.union([z.literal(''), z.string().refine(isClientId, 'a Cognito app client id')]),
});
const domainUrl = env[SIGN_IN_DOMAIN_ENV];
const clientId = env[SIGN_IN_CLIENT_ENV];
// One without the other would send staff to a sign-in that cannot work: stop the cold start.
if (Boolean(domainUrl) !== Boolean(clientId)) {
  throw new Error(`Environment is invalid: ${SIGN_IN_DOMAIN_ENV} and ${SIGN_IN_CLIENT_ENV} must both be set or both be empty`);
}
const signIn: StaffSignIn | undefined = domainUrl ? { domainUrl, clientId } : undefined;

export const handler = httpHandler({ logger }, async (request) => {
  const page = renderAdminConsole({ ...pageOptions(request), signIn });
  return { status: 200, html: page.html, headers: page.headers };
});
