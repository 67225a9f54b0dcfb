/**
 * GET /lookup and POST /lookup: a resident without the private link finds their request with
 * the tracking code and the last four digits of their phone, read-only. Each client address
 * has a few lookups per window, and each tracking code a few wrong ones a day from all addresses
 * (a guess of the last four digits is 1 in 10,000).
 */
import { NotFoundError, ValidationError } from '#shared/domain/errors';
import { pageOptions } from '#shared/http/page-options';
import type { HttpRequest } from '#shared/http/request';
import { httpHandler } from '#shared/lambda/http-handler';
import { byRouteKey, routeTable } from '#shared/lambda/http-routes';
import { admitLookup } from '#shared/use-cases/admit-submission';
import { lookupRequest } from '#shared/use-cases/lookup-request';
import { renderLookupPage } from '#shared/web/lookup-page';
import { renderStatusPage } from '#shared/web/status-page';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { logger, tables, clock } = functionContext('resident-lookup', { ...table.requestViews, limiter: table.limiter });
const deps = { ...tables, clock };

/** A refused lookup shows the form again, the code kept, with one message for any mismatch. */
async function refusedLookup(error: unknown, request: HttpRequest) {
  if (!(error instanceof ValidationError || error instanceof NotFoundError) || request.method !== 'POST') return undefined;
  const form = (request.bodyKind === 'form' ? request.body : {}) as Record<string, unknown>;
  const values = { code: typeof form.code === 'string' ? form.code : '', phone4: typeof form.phone4 === 'string' ? form.phone4 : '' };
  const refusal = error instanceof NotFoundError ? { notFound: true } : { issues: error.issues };
  return { status: error instanceof NotFoundError ? 404 : 400, html: renderLookupPage({ ...pageOptions(request), values, ...refusal }) };
}

export const routes = routeTable('resident-lookup', {
  'GET /lookup': async (request) => ({ status: 200, html: renderLookupPage(pageOptions(request)) }),
  'POST /lookup': async (request) => {
    await admitLookup(deps, request.sourceIp);
    const view = await lookupRequest(deps, request.bodyKind === 'none' ? {} : request.body);
    logger.info('request looked up by tracking code', { requestId: view.id });
    if (!request.wantsHtml) return { status: 200, json: view };
    return { status: 200, html: renderStatusPage({ view, readOnly: true, ...pageOptions(request) }) };
  },
});

export const handler = httpHandler({ logger, htmlError: refusedLookup }, byRouteKey(routes));
