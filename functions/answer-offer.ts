/** POST /offers/{id}/accept and /offers/{id}/decline: a team answers through its signed link. */
import { queuePublisher, tableAdapters } from '#shared/adapters/composition';
import { envVars, readEnv } from '#shared/config/env';
import { parseDecline } from '#shared/domain/decline';
import type { OfferLinkParams } from '#shared/domain/offer-link';
import { linkParamsOf, offerUrls } from '#shared/http/offer-links';
import { httpHandler } from '#shared/lambda/http-handler';
import { createLogger } from '#shared/observability/logger';
import { systemClock } from '#shared/ports/clock';
import { acceptByLink, declineByLink } from '#shared/use-cases/team-offer';

const env = readEnv({ TABLE_NAME: envVars.tableName, DISPATCH_QUEUE_URL: envVars.queueUrl });
const logger = createLogger('answer-offer');
const deps = { ...tableAdapters(env.TABLE_NAME), publisher: queuePublisher({ dispatch: env.DISPATCH_QUEUE_URL }), clock: systemClock };

export const handler = httpHandler({ logger }, async (request) => {
  const id = request.pathParameters.id ?? '';
  const link = linkParamsOf(request);
  const accepting = request.path.endsWith('/accept');
  if (accepting) await acceptByLink(deps, id, link);
  else await declineByLink(deps, id, link, parseDecline(request.bodyKind === 'none' ? {} : request.body));
  logger.info(accepting ? 'offer accepted' : 'offer declined', { requestId: id, teamId: link.team });
  if (request.wantsHtml) return { status: 303, redirect: offerUrls(request.origin, id, link as OfferLinkParams).view };
  return { status: 200, json: { id, answer: accepting ? 'accepted' : 'declined' } };
});
