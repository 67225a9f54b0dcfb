/**
 * A volunteer's claims of wishes (认领), under /me where their session cookie goes: POST
 * /me/claims/{id} (claim a wish from its page on the wall), POST /me/claims/{id}/fulfil (report
 * it fulfilled, with the minutes served), POST /me/claims/{id}/give-up (back on the wall; from a
 * page, the first post only asks and the second sends confirm=yes). Each answers with their page,
 * where the claimed wishes and their wishers' contacts are listed; a refused step too, with a
 * notice saying why. A repeated step answers as the first did. Signed out, a post leads to the
 * sign-in; a claim's, back to the wish's page once signed in; a report's, saying it was not sent,
 * back to their claims.
 */
import { ConflictError, NotFoundError, RateLimitedError, ValidationError } from '#shared/domain/errors';
import { secureCookies, sessionCookieName } from '#shared/domain/sign-in';
import { ImplausibleMinutesError } from '#shared/domain/visit-minutes';
import { ClaimLimitError, parseFulfilmentReport, WishTakenError } from '#shared/domain/wish';
import { pageOptions } from '#shared/http/page-options';
import type { HttpRequest } from '#shared/http/request';
import type { HttpResult } from '#shared/http/response';
import { httpHandler } from '#shared/lambda/http-handler';
import { byRouteKey, routeTable } from '#shared/lambda/http-routes';
import { sessionVolunteer } from '#shared/use-cases/volunteer-sign-in';
import { claimAsVolunteer, fulfilAsVolunteer, giveUpClaim } from '#shared/use-cases/wish-claims';
import { withPageOptions } from '#shared/web/links';
import { CLAIM_NOTICE_PARAMETER, type ClaimNotice, CONFIRM_GIVE_UP_PARAMETER } from '#shared/web/my-claims';
import { ME_PATH, UNSENT_PARAMETER } from '#shared/web/volunteer-pages';
import { wishPathOf } from '#shared/web/wall-pages';
import { queuePublisher } from '#shared/wiring/composition';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { env, logger, tables, clock } = functionContext(
  'volunteer-claims',
  { ...table.dispatching, signingKeys: table.signingKeys, volunteers: table.volunteers, limiter: table.limiter, credits: table.credits },
  queuePublisher,
);
const deps = { ...tables, clock };
/** The session cookie's name: `__Host-` over https. */
const SESSION = sessionCookieName(secureCookies(env.PUBLIC_URL));

/** Their claims on their page, keeping the language and type size; `flags` say why a step was not done, or ask. */
const myClaims = (request: HttpRequest, flags: Readonly<Record<string, string>> = {}) =>
  `${request.origin}${withPageOptions(`${ME_PATH}#claims`, pageOptions(request), flags)}`;

/**
 * The claim's step for the signed-in volunteer, then their page (where claims are listed); signed
 * out, the sign-in, with `signedOut` of the wish if given: where it leads back to (`next`, the
 * wish's page to claim it) and what it says.
 */
const asVolunteer =
  (
    step: (volunteerId: string, requestId: string, request: HttpRequest) => Promise<string | { readonly ask: string }>,
    signedOut?: (requestId: string) => Readonly<Record<string, string>>,
  ) =>
  async (request: HttpRequest) => {
    const requestId = request.pathParameters.id ?? '';
    const volunteerId = await sessionVolunteer(deps, request.cookies[SESSION]);
    if (!volunteerId)
      return { status: 303, redirect: `${request.origin}${withPageOptions(ME_PATH, pageOptions(request), signedOut?.(requestId))}` };
    const what = await step(volunteerId, requestId, request);
    if (typeof what !== 'string') return { status: 303, redirect: myClaims(request, { [what.ask]: requestId }) };
    logger.info(what, { requestId, volunteerId });
    return { status: 303, redirect: myClaims(request) };
  };

/** Why a step posted from a page was not done, as their page says it; undefined for the generic error page. */
function noticeOf(error: unknown, request: HttpRequest): ClaimNotice | undefined {
  if (error instanceof ClaimLimitError) return 'claim-limit';
  if (error instanceof WishTakenError) return 'wish-taken';
  if (error instanceof RateLimitedError) return 'too-many';
  if (request.routeKey === 'POST /me/claims/{id}') return undefined;
  // Giving up or fulfilling a claim that is no longer theirs: lapsed at its deadline, cancelled, taken by a sweep meanwhile.
  if (error instanceof NotFoundError || error instanceof ConflictError) return 'claim-gone';
  if (error instanceof ImplausibleMinutesError) return 'minutes-bound';
  if (error instanceof ValidationError) return 'report';
  return undefined;
}

async function refusedStep(error: unknown, request: HttpRequest): Promise<HttpResult | undefined> {
  const notice = noticeOf(error, request);
  return notice && { status: 303, redirect: myClaims(request, { [CLAIM_NOTICE_PARAMETER]: notice }) };
}

export const routes = routeTable('volunteer-claims', {
  'POST /me/claims/{id}': asVolunteer(
    async (volunteerId, requestId) => {
      await claimAsVolunteer(deps, volunteerId, requestId);
      return 'wish claimed';
    },
    (requestId) => ({ next: wishPathOf(requestId) }),
  ),
  'POST /me/claims/{id}/fulfil': asVolunteer(
    async (volunteerId, requestId, request) => {
      await fulfilAsVolunteer(deps, volunteerId, requestId, parseFulfilmentReport(request.body));
      return 'wish fulfilled';
    },
    // The minutes and note typed are lost: the sign-in says so, then leads back to the claims (review 63).
    () => ({ next: `${ME_PATH}#claims`, [UNSENT_PARAMETER]: 'report' }),
  ),
  'POST /me/claims/{id}/give-up': asVolunteer(async (volunteerId, requestId, request) => {
    // From their page the first tap only asks (see myClaimsSection); the second sends confirm=yes.
    if (request.wantsHtml && (request.body as Record<string, unknown> | undefined)?.confirm !== 'yes')
      return { ask: CONFIRM_GIVE_UP_PARAMETER };
    await giveUpClaim(deps, { kind: 'volunteer', id: volunteerId }, requestId);
    return 'claim given up';
  }),
});

export const handler = httpHandler({ logger, publicUrl: env.PUBLIC_URL, htmlError: refusedStep }, byRouteKey(routes));
