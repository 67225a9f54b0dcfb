/** GET /offers/{id}: the page behind a team's signed one-tap link (JSON for API clients). */
import type { OfferLinkParams } from '#shared/domain/offer-link';
import { linkParamsOf } from '#shared/http/offer-links';
import { offerRefusalPage } from '#shared/http/offer-refusal';
import { pageOptions } from '#shared/http/page-options';
import { httpHandler } from '#shared/lambda/http-handler';
import { viewTeamOffer } from '#shared/use-cases/team-offer';
import { offerPageUrls } from '#shared/web/links';
import { renderOfferPage } from '#shared/web/offer-page';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { env, logger, tables, clock } = functionContext('view-offer', { ...table.requestViews, signingKeys: table.signingKeys });
const deps = { ...tables, clock };

/** A refused link (cut off in a chat, forged, no longer the team's) gets the team's pages, as its answers do. */
export const handler = httpHandler(
  { logger, publicUrl: env.PUBLIC_URL, htmlError: (error, request) => offerRefusalPage(deps, error, request) },
  async (request) => {
    const id = request.pathParameters.id ?? '';
    const link = linkParamsOf(request);
    const view = await viewTeamOffer(deps, id, link);
    if (!request.wantsHtml) return { status: 200, json: view };
    const options = pageOptions(request);
    const urls = offerPageUrls(request.origin, id, link as OfferLinkParams, options);
    return { status: 200, html: renderOfferPage({ view, ...urls, ...options }) };
  },
);
