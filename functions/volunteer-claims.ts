/**
 * A volunteer's claims of wishes (认领), under /me where their session cookie goes: POST
 * /me/claims/{id} (claim a wish from its page on the wall), POST /me/claims/{id}/fulfil (report
 * it fulfilled, with the minutes served), POST /me/claims/{id}/give-up (back on the wall). Each
 * answers with their page, where the claimed wishes and their wishers' contacts are listed.
 * Signed out, a post leads to the sign-in; a claim's, back to the wish's page once signed in.
 */
import * as z from '#shared/domain/zod';
import { SESSION_COOKIE } from '#shared/domain/sign-in';
import { optionalPlainText, parseOrThrow } from '#shared/domain/validation';
import { pageOptions } from '#shared/http/page-options';
import type { HttpRequest } from '#shared/http/request';
import { httpHandler } from '#shared/lambda/http-handler';
import { byRouteKey, routeTable } from '#shared/lambda/http-routes';
import { sessionVolunteer } from '#shared/use-cases/volunteer-sign-in';
import { claimAsVolunteer, fulfilAsVolunteer, giveUpClaim } from '#shared/use-cases/wish-claims';
import { withPageOptions } from '#shared/web/links';
import { ME_PATH } from '#shared/web/volunteer-pages';
import { wishPathOf } from '#shared/web/wall-pages';
import { queuePublisher } from '#shared/wiring/composition';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { env, logger, tables, clock } = functionContext(
  'volunteer-claims',
  { ...table.dispatching, signingKeys: table.signingKeys, volunteers: table.volunteers, limiter: table.limiter },
  queuePublisher,
);
const deps = { ...tables, clock };

const fulfilment = z.strictObject({
  minutes: z.coerce.number('Minutes served, a whole number').check(z.int(), z.gte(1), z.lte(24 * 60)),
  note: optionalPlainText(500, { multiline: true }),
});

/**
 * The claim's step for the signed-in volunteer, then their page (where claims are listed); signed
 * out, the sign-in, which leads back to `back` of the wish if given (the wish's page, to claim it).
 */
const asVolunteer =
  (step: (volunteerId: string, requestId: string, request: HttpRequest) => Promise<string>, back?: (requestId: string) => string) =>
  async (request: HttpRequest) => {
    const me = `${request.origin}${withPageOptions(ME_PATH, pageOptions(request))}`;
    const requestId = request.pathParameters.id ?? '';
    const volunteerId = await sessionVolunteer(deps, request.cookies[SESSION_COOKIE]);
    if (!volunteerId)
      return { status: 303, redirect: `${request.origin}${withPageOptions(ME_PATH, pageOptions(request), { next: back?.(requestId) })}` };
    const what = await step(volunteerId, requestId, request);
    logger.info(what, { requestId, volunteerId });
    return { status: 303, redirect: `${me}#claims` };
  };

export const routes = routeTable('volunteer-claims', {
  'POST /me/claims/{id}': asVolunteer(async (volunteerId, requestId) => {
    await claimAsVolunteer(deps, volunteerId, requestId);
    return 'wish claimed';
  }, wishPathOf),
  'POST /me/claims/{id}/fulfil': asVolunteer(async (volunteerId, requestId, request) => {
    await fulfilAsVolunteer(deps, volunteerId, requestId, parseOrThrow(fulfilment, request.body ?? {}));
    return 'wish fulfilled';
  }),
  'POST /me/claims/{id}/give-up': asVolunteer(async (volunteerId, requestId) => {
    await giveUpClaim(deps, { kind: 'volunteer', id: volunteerId }, requestId);
    return 'claim given up';
  }),
});

export const handler = httpHandler({ logger, publicUrl: env.PUBLIC_URL }, byRouteKey(routes));
