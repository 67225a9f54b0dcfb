/**
 * 接单: the offered team accepts or declines. Both are conditional on the request's version,
 * so an answer racing the deadline sweep has exactly one winner.
 */
import { ConflictError, IllegalTransitionError, NotFoundError } from '#shared/domain/errors';
import { accept, type DeclineReason } from '#shared/domain/offer-lifecycle';
import type { ServiceRequest } from '#shared/domain/service-request';
import { releaseOffer, type ReleaseDeps } from './release-offer';

async function openOffer(deps: ReleaseDeps, requestId: string, teamId: string): Promise<ServiceRequest> {
  const request = await deps.requests.get(requestId);
  // A team sees nothing of requests that were never offered to it.
  if (
    !request ||
    (request.offer?.teamId !== teamId && request.assignedTeam?.id !== teamId && !(request.excludedTeams ?? []).includes(teamId))
  ) {
    throw new NotFoundError('Offer');
  }
  return request;
}

/** Accepts; a team that accepted already (a retry, a second tap) is told it holds the order, not that it lost it. */
export async function acceptOffer(deps: ReleaseDeps, requestId: string, teamId: string): Promise<ServiceRequest> {
  const request = await openOffer(deps, requestId, teamId);
  if (acceptedBy(request, teamId)) return request;
  const { after, event } = accept(request, teamId, deps.clock.now());
  try {
    await deps.requests.changeStatus({ before: request, after, event });
  } catch (error) {
    if (!(error instanceof IllegalTransitionError)) throw error;
    const now = await deps.requests.get(requestId);
    if (now && acceptedBy(now, teamId)) return now;
    throw new ConflictError('This offer changed while you answered: it expired or was withdrawn');
  }
  return after;
}

const acceptedBy = (request: ServiceRequest, teamId: string) => request.status === 'ACCEPTED' && request.assignedTeam?.id === teamId;

export async function declineOffer(
  deps: ReleaseDeps,
  requestId: string,
  teamId: string,
  reason: DeclineReason,
  note?: string,
): Promise<void> {
  const request = await openOffer(deps, requestId, teamId);
  if (request.status !== 'OFFERED' || request.offer?.teamId !== teamId) throw new ConflictError('This offer is no longer open');
  const outcome = await releaseOffer(deps, request, 'declined', reason, note);
  if (outcome === 'request-changed') throw new ConflictError('This offer changed while you answered: it expired or was withdrawn');
}
