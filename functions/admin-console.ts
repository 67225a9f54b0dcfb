/**
 * GET /console: the admins' console. A page shell with one script allowed by its hash; the
 * script signs in (through the Cognito domain in SIGN_IN_DOMAIN_URL with the app client in
 * SIGN_IN_CLIENT_ID, or, when both are empty, at the endpoints of the STAFF_SIGN_IN issuer's
 * discovery document; locally a pasted ID token too) and works through the admin API. No table
 * access: the page holds no data, and the API checks every call.
 */
import { functionEnv } from '#shared/config/function-env';
import { consoleSignIn } from '#shared/http/console-sign-in';
import { pageOptions } from '#shared/http/page-options';
import { parseStaffSignIn } from '#shared/http/staff-sign-in';
import { httpHandler } from '#shared/lambda/http-handler';
import { createLogger } from '#shared/observability/logger';
import { isClientId, renderAdminConsole } from '#shared/web/admin-console';
import { isHttpsOrigin } from '#shared/web/console-shell';

const logger = createLogger('admin-console');
const { SIGN_IN_DOMAIN_URL: domainUrl, SIGN_IN_CLIENT_ID: clientId, STAFF_SIGN_IN: staffSignInJson } = functionEnv('admin-console');
// A malformed value, or one without the other, would send staff to a sign-in that cannot work: stop the cold start.
if (domainUrl && !isHttpsOrigin(domainUrl))
  throw new Error('Environment is invalid: SIGN_IN_DOMAIN_URL must be an https origin without a path');
if (clientId && !isClientId(clientId)) throw new Error('Environment is invalid: SIGN_IN_CLIENT_ID must be a Cognito app client id');
if (Boolean(domainUrl) !== Boolean(clientId)) {
  throw new Error('Environment is invalid: SIGN_IN_DOMAIN_URL and SIGN_IN_CLIENT_ID must both be set or both be empty');
}
const staffSignIn = parseStaffSignIn(staffSignInJson);
if (clientId && clientId !== staffSignIn.clientId) {
  throw new Error('Environment is invalid: SIGN_IN_CLIENT_ID is not the client of STAFF_SIGN_IN');
}
const signIn = consoleSignIn(domainUrl, staffSignIn);

export const handler = httpHandler({ logger }, async (request) => {
  const page = renderAdminConsole({ ...pageOptions(request), signIn: await signIn() });
  return { status: 200, html: page.html, headers: page.headers };
});
