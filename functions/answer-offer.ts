/** POST /offers/{id}/accept and /offers/{id}/decline: a team answers, by its signed link or its token. */
import { parseDecline } from '#shared/domain/decline';
import { offerUrls, type OfferLinkParams } from '#shared/domain/offer-link';
import { linkParamsOf } from '#shared/http/offer-links';
import { pageOptions } from '#shared/http/page-options';
import { httpHandler } from '#shared/lambda/http-handler';
import { withPageOptions } from '#shared/web/links';
import { acceptOffer, declineOffer } from '#shared/use-cases/answer-offer';
import { acceptByLink, declineByLink } from '#shared/use-cases/team-offer';
import { authenticateTeam } from '#shared/use-cases/team-work';
import { queuePublisher } from '#shared/wiring/composition';
import { functionContext } from '#shared/wiring/function-context';

const { logger, tables, publisher, clock } = functionContext('answer-offer', queuePublisher);
const deps = { ...tables, publisher, clock };

export const handler = httpHandler({ logger }, async (request) => {
  const id = request.pathParameters.id ?? '';
  const link = linkParamsOf(request);
  const accepting = request.path.endsWith('/accept');
  const decline = accepting ? undefined : parseDecline(request.bodyKind === 'none' ? {} : request.body);
  const byToken = request.headers.authorization ? await authenticateTeam(deps.teams, request.headers.authorization) : undefined;
  if (byToken) await (decline ? declineOffer(deps, id, byToken, decline.reason, decline.note) : acceptOffer(deps, id, byToken));
  else await (decline ? declineByLink(deps, id, link, decline) : acceptByLink(deps, id, link));
  logger.info(accepting ? 'offer accepted' : 'offer declined', { requestId: id, teamId: byToken ?? link.team });
  if (request.wantsHtml)
    return { status: 303, redirect: withPageOptions(offerUrls(request.origin, id, link as OfferLinkParams).view, pageOptions(request)) };
  return { status: 200, json: { id, answer: accepting ? 'accepted' : 'declined' } };
});
