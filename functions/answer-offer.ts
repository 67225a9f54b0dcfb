/** POST /offers/{id}/accept and /offers/{id}/decline: a team answers, by its signed link or its token. */
import { parseDecline } from '#shared/domain/decline';
import { offerUrls, type OfferLinkParams } from '#shared/domain/offer-link';
import { linkParamsOf } from '#shared/http/offer-links';
import { offerRefusalPage } from '#shared/http/offer-refusal';
import { pageOptions } from '#shared/http/page-options';
import { httpHandler } from '#shared/lambda/http-handler';
import { byRouteKey, routeTable } from '#shared/lambda/http-routes';
import type { HttpRequest } from '#shared/http/request';
import { withPageOptions } from '#shared/web/links';
import { acceptOffer, declineOffer } from '#shared/use-cases/answer-offer';
import { acceptByLink, declineByLink } from '#shared/use-cases/team-offer';
import { authenticateTeam } from '#shared/use-cases/team-work';
import { queuePublisher } from '#shared/wiring/composition';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { env, logger, tables, publisher, clock } = functionContext(
  'answer-offer',
  { ...table.dispatching, areas: table.areas, signingKeys: table.signingKeys },
  queuePublisher,
);
const deps = { ...tables, publisher, clock };

/** Accept or decline, by the team's token or its signed link; a page caller goes back to the offer's page. */
const answer = (accepting: boolean) => async (request: HttpRequest) => {
  const id = request.pathParameters.id ?? '';
  const link = linkParamsOf(request);
  const decline = accepting ? undefined : parseDecline(request.bodyKind === 'none' ? {} : request.body);
  const byToken = request.headers.authorization ? await authenticateTeam(deps.teams, request.headers.authorization) : undefined;
  if (byToken) await (decline ? declineOffer(deps, id, byToken, decline.reason, decline.note) : acceptOffer(deps, id, byToken));
  else await (decline ? declineByLink(deps, id, link, decline) : acceptByLink(deps, id, link));
  logger.info(accepting ? 'offer accepted' : 'offer declined', { requestId: id, teamId: byToken ?? link.team });
  if (request.wantsHtml)
    return { status: 303, redirect: withPageOptions(offerUrls(request.origin, id, link as OfferLinkParams).view, pageOptions(request)) };
  return { status: 200, json: { id, answer: accepting ? 'accepted' : 'declined' } };
};

export const routes = routeTable('answer-offer', {
  'POST /offers/{id}/accept': answer(true),
  'POST /offers/{id}/decline': answer(false),
});

export const handler = httpHandler(
  { logger, publicUrl: env.PUBLIC_URL, htmlError: (error, request) => offerRefusalPage(deps, error, request) },
  byRouteKey(routes),
);
