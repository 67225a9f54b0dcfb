/**
 * The public check of a certificate number (核验): GET /certificates (the form; `?number=`
 * checks) and GET /certificates/{number} (the link printed on the certificate). The name is
 * masked; no identity number, no services' places.
 */
import { CHECKS_PER_ADDRESS } from '#shared/domain/certificate';
import { pageOptions } from '#shared/http/page-options';
import type { HttpRequest } from '#shared/http/request';
import { httpHandler } from '#shared/lambda/http-handler';
import { byRouteKey, routeTable } from '#shared/lambda/http-routes';
import { verifyCertificate } from '#shared/use-cases/certificates';
import { renderVerifyPage } from '#shared/web/certificate-pages';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { logger, tables, clock } = functionContext('verify-certificate', { certificates: table.certificates, limiter: table.limiter });

async function check(request: HttpRequest, number: string | undefined) {
  const options = pageOptions(request);
  if (!number) return { status: 200, html: renderVerifyPage(options) };
  // Checks per address are bounded, so nobody walks the numbers (their check part already makes that slow).
  const { limit, windowSeconds } = CHECKS_PER_ADDRESS;
  if (!(await tables.limiter.take(`verify-ip:${request.sourceIp}`, limit, windowSeconds, clock.now())))
    return {
      status: 429,
      html: renderVerifyPage({ ...options, number, limited: true }),
      headers: { 'retry-after': String(windowSeconds) },
    };
  const found = await verifyCertificate(tables, number);
  return { status: found ? 200 : 404, html: renderVerifyPage({ ...options, number, result: found ?? 'not-found' }) };
}

export const routes = routeTable('verify-certificate', {
  'GET /certificates': (request) => check(request, request.query.number?.trim()),
  'GET /certificates/{number}': (request) => check(request, request.pathParameters.number),
});

export const handler = httpHandler({ logger }, byRouteKey(routes));
