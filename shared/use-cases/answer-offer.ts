/**
 * 接单: the offered team accepts or declines. Both are conditional on the request's version,
 * so an answer racing the deadline sweep has exactly one winner. Neither is taken after the
 * offer's deadline (`answerableOffer`), whether it comes by link or by team token. A link names
 * the version of the offer it was sent for (`offerVersion`): it is checked on the same read the
 * write is conditional on, so a later offer to the same team is never answered by an earlier link.
 */
import { ConflictError, IllegalTransitionError, NotFoundError } from '#shared/domain/errors';
import { passedOn } from '#shared/domain/exclusion';
import { accept, answerableOffer, type DeclineReason } from '#shared/domain/offer-lifecycle';
import type { ServiceRequest } from '#shared/domain/service-request';
import { releaseOffer, type ReleaseDeps } from './release-offer';

async function openOffer(deps: ReleaseDeps, requestId: string, teamId: string): Promise<ServiceRequest> {
  return seenBy(await deps.requests.get(requestId), teamId);
}

/** A team sees nothing of requests that were never offered to it. */
function seenBy(request: ServiceRequest | undefined, teamId: string): ServiceRequest {
  if (!request || (request.offer?.teamId !== teamId && request.assignedTeam?.id !== teamId && !passedOn(request, teamId))) {
    throw new NotFoundError('Offer');
  }
  return request;
}

/**
 * The offer a link was sent for (its `offerVersion`) ended in that team's decline: the change
 * right after it (the next version) is a release the team declined. Only a link knows its offer's
 * version, and only a signed one was made for an offer to its team, so this needs no other
 * check; it reads the timeline, and only once the offer is no longer open.
 */
export async function declinedByLink(
  deps: { readonly requests: Pick<ReleaseDeps['requests'], 'getWithTimeline'> },
  requestId: string,
  offerVersion: number,
): Promise<boolean> {
  const found = await deps.requests.getWithTimeline(requestId);
  return Boolean(found?.timeline.some((e) => e.seq === offerVersion + 1 && e.release?.cause === 'declined'));
}

/** Accepts; a team that accepted already (a retry, a second tap) is told it holds the order, not that it lost it. */
export async function acceptOffer(deps: ReleaseDeps, requestId: string, teamId: string, offerVersion?: number): Promise<ServiceRequest> {
  const request = await openOffer(deps, requestId, teamId);
  if (acceptedBy(request, teamId)) return request;
  refuseEarlierOffer(request, teamId, offerVersion);
  const service = await deps.catalog.getService(request.serviceCode);
  const { after, event } = accept(request, teamId, deps.clock.now(), service);
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

/** The team holds the order: it accepted, and has not reported it done. */
export const acceptedBy = (request: ServiceRequest, teamId: string) => request.status === 'ACCEPTED' && request.assignedTeam?.id === teamId;

/** A decline from a member whose teammate accepted first (a stale page): not "went to another team", and how to give it back. */
const HELD_BY_TEAM = 'Your team accepted this order already; to give it back, call the station';

export async function declineOffer(
  deps: ReleaseDeps,
  requestId: string,
  teamId: string,
  reason: DeclineReason,
  note?: string,
  offerVersion?: number,
): Promise<void> {
  const read = await deps.requests.get(requestId);
  // First: an earlier link answers nothing while the team holds a later offer (staff offered it again).
  if (read) refuseEarlierOffer(read, teamId, offerVersion);
  // A link's second tap (a slow network, back and send again) is told the decline stands, as accepting is.
  if (read && offerVersion !== undefined && !offeredAt(read, teamId, offerVersion) && (await declinedByLink(deps, requestId, offerVersion)))
    return;
  if (read && acceptedBy(read, teamId)) throw new ConflictError(HELD_BY_TEAM);
  const request = seenBy(read, teamId);
  answerableOffer(request, teamId, deps.clock.now());
  const outcome = await releaseOffer(deps, request, 'declined', reason, note);
  if (outcome === 'released') return;
  if (offerVersion !== undefined && (await declinedByLink(deps, requestId, offerVersion))) return;
  const changed = await deps.requests.get(requestId);
  if (changed && acceptedBy(changed, teamId)) throw new ConflictError(HELD_BY_TEAM);
  throw new ConflictError('This offer changed while you answered: it expired or was withdrawn');
}

const offeredAt = (request: ServiceRequest, teamId: string, version: number) =>
  request.status === 'OFFERED' && request.offer?.teamId === teamId && request.version === version;

/** A link answers the offer it was sent for: not a later offer of the same request to the same team. */
function refuseEarlierOffer(request: ServiceRequest, teamId: string, offerVersion: number | undefined): void {
  if (offerVersion === undefined) return;
  if (request.status === 'OFFERED' && request.offer?.teamId === teamId && request.version !== offerVersion)
    throw new ConflictError('This link is for an earlier offer to your team; answer from the latest notice');
}
