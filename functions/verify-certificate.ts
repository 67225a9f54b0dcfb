/**
 * The public check of a certificate number (核验): GET /certificates (the form; `?number=`
 * checks) and GET /certificates/{number} (the link printed on the certificate). The name is
 * masked; no identity number, no services' places.
 */
import { pageOptions } from '#shared/http/page-options';
import { httpHandler } from '#shared/lambda/http-handler';
import { byRouteKey, routeTable } from '#shared/lambda/http-routes';
import { verifyCertificate } from '#shared/use-cases/certificates';
import { renderVerifyPage } from '#shared/web/certificate-pages';
import { functionContext } from '#shared/wiring/function-context';

const { logger, tables } = functionContext('verify-certificate');

async function check(options: ReturnType<typeof pageOptions>, number: string | undefined) {
  if (!number) return { status: 200, html: renderVerifyPage(options) };
  const found = await verifyCertificate(tables, number);
  return { status: found ? 200 : 404, html: renderVerifyPage({ ...options, number, result: found ?? 'not-found' }) };
}

export const routes = routeTable('verify-certificate', {
  'GET /certificates': (request) => check(pageOptions(request), request.query.number?.trim()),
  'GET /certificates/{number}': (request) => check(pageOptions(request), request.pathParameters.number),
});

export const handler = httpHandler({ logger }, byRouteKey(routes));
