/**
 * The resident cancels their request (before completion). A team holding it gets its capacity
 * back in the same transaction, and is offered the waiting requests it can serve. A cancel that
 * lost a race to a change which still lets it cancel (the dispatch right after submitting) is
 * made again on the request as it now is.
 */
import { ConflictError, IllegalTransitionError, NotFoundError } from '#shared/domain/errors';
import { tokenMatches } from '#shared/domain/identifiers';
import { cancel, capacityHolder } from '#shared/domain/offer-lifecycle';
import type { ServiceRequest } from '#shared/domain/service-request';
import type { DispatchDeps } from './dispatch-request';
import { offerWaitingTo } from './offer-waiting';
import { unlessDoneBefore } from './resident-feedback';

/**
 * `only`: cancel only a request in this state (each attempt writes on the version it checked), else
 * a ConflictError: replacing an order with a corrected one must not cancel one a team took meanwhile.
 */
export async function cancelRequest(
  deps: DispatchDeps,
  id: string,
  accessToken: string | undefined,
  only: (request: ServiceRequest) => boolean = () => true,
): Promise<ServiceRequest> {
  return unlessDoneBefore(deps, id, 'CANCELLED', () => cancelOwn(deps, id, accessToken, only));
}

/** Attempts at a cancel that lost a race to a change that still lets it cancel (dispatch right after submitting). */
const ATTEMPTS = 3;

async function cancelOwn(
  deps: DispatchDeps,
  id: string,
  accessToken: string | undefined,
  only: (request: ServiceRequest) => boolean,
): Promise<ServiceRequest> {
  for (let attempt = 1; ; attempt++) {
    const request = await deps.requests.get(id);
    if (!request || !accessToken || !tokenMatches(accessToken, request.accessTokenHash)) throw new NotFoundError('Request');
    if (!only(request)) throw new ConflictError(`A request that is ${request.status} is not cancelled here`);
    const { after, event } = cancel(request, deps.clock.now());
    const teamId = capacityHolder(request);
    if (!teamId) {
      try {
        await deps.requests.changeStatus({ before: request, after, event });
        return after;
      } catch (error) {
        if (error instanceof IllegalTransitionError && error.raced && attempt < ATTEMPTS) continue;
        throw error;
      }
    }
    const outcome = await deps.requests.releaseOffer({ before: request, after, event, teamId });
    if (outcome === 'request-changed') {
      if (attempt < ATTEMPTS) continue;
      throw new ConflictError('The request changed in the meantime; reload and try again');
    }
    await offerWaitingTo(deps, teamId).catch(() => undefined);
    return after;
  }
}
