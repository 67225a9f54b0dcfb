/**
 * The resident cancels their request (before completion). A team holding it gets its capacity
 * back in the same transaction, and is offered the waiting requests it can serve.
 */
import { ConflictError, NotFoundError } from '#shared/domain/errors';
import { tokenMatches } from '#shared/domain/identifiers';
import { cancel, capacityHolder } from '#shared/domain/offer-lifecycle';
import type { ServiceRequest } from '#shared/domain/service-request';
import type { DispatchDeps } from './dispatch-request';
import { offerWaitingTo } from './offer-waiting';
import { unlessDoneBefore } from './resident-feedback';

export async function cancelRequest(deps: DispatchDeps, id: string, accessToken: string | undefined): Promise<ServiceRequest> {
  return unlessDoneBefore(deps, id, 'CANCELLED', () => cancelOwn(deps, id, accessToken));
}

async function cancelOwn(deps: DispatchDeps, id: string, accessToken: string | undefined): Promise<ServiceRequest> {
  const request = await deps.requests.get(id);
  if (!request || !accessToken || !tokenMatches(accessToken, request.accessTokenHash)) throw new NotFoundError('Request');
  const { after, event } = cancel(request, deps.clock.now());
  const teamId = capacityHolder(request);
  if (!teamId) {
    await deps.requests.changeStatus({ before: request, after, event });
    return after;
  }
  const outcome = await deps.requests.releaseOffer({ before: request, after, event, teamId });
  if (outcome === 'request-changed') throw new ConflictError('The request changed in the meantime; reload and try again');
  await offerWaitingTo(deps, teamId).catch(() => undefined);
  return after;
}
