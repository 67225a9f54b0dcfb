/** GET /offers/{id}: the page behind a team's signed one-tap link (JSON for API clients). */
import { tableAdapters } from '#shared/wiring/composition';
import { envVars, readEnv } from '#shared/config/env';
import type { OfferLinkParams } from '#shared/domain/offer-link';
import { linkParamsOf } from '#shared/http/offer-links';
import { pageOptions } from '#shared/http/page-options';
import { httpHandler } from '#shared/lambda/http-handler';
import { createLogger } from '#shared/observability/logger';
import { systemClock } from '#shared/ports/clock';
import { viewTeamOffer } from '#shared/use-cases/team-offer';
import { offerPageUrls } from '#shared/web/links';
import { renderOfferPage } from '#shared/web/offer-page';

const env = readEnv({ TABLE_NAME: envVars.tableName });
const logger = createLogger('view-offer');
const deps = { ...tableAdapters(env.TABLE_NAME), clock: systemClock };

export const handler = httpHandler({ logger }, async (request) => {
  const id = request.pathParameters.id ?? '';
  const link = linkParamsOf(request);
  const view = await viewTeamOffer(deps, id, link);
  if (!request.wantsHtml) return { status: 200, json: view };
  const options = pageOptions(request);
  const urls = offerPageUrls(request.origin, id, link as OfferLinkParams, options);
  return { status: 200, html: renderOfferPage({ view, ...urls, ...options }) };
});
