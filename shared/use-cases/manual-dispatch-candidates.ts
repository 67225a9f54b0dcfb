/**
 * The teams the center may choose from when it dispatches an escalated request by hand: the
 * usual reach (teams serving the request's community, street, district or city) plus one level
 * further up (teams serving any other community of the same street), ranked like automatic
 * dispatch. Teams that declined or let it lapse stay on the list, marked, since a phone call
 * from the center may change their answer. The admin side (issue 5) shows and uses it.
 */
import { lineage, parentId } from '#shared/domain/area';
import { ConflictError, NotFoundError } from '#shared/domain/errors';
import { passedOn } from '#shared/domain/exclusion';
import { rankCandidates, type RankedTeam } from '#shared/domain/matching';
import type { Clock } from '#shared/ports/clock';
import type { RequestRepository } from '#shared/ports/request-repository';
import type { ServiceRequest } from '#shared/domain/service-request';
import type { TeamRepository } from '#shared/ports/team-repository';

export interface ManualCandidate extends RankedTeam {
  /** Outside the request's usual reach: eligible only because it was escalated. */
  readonly widened: boolean;
  readonly declinedBefore: boolean;
}

export async function manualDispatchCandidates(
  deps: { readonly requests: RequestRepository; readonly teams: TeamRepository; readonly clock: Clock },
  requestId: string,
): Promise<ManualCandidate[]> {
  const request = await deps.requests.get(requestId);
  if (!request) throw new NotFoundError('Request');
  if (request.status !== 'ESCALATED')
    throw new ConflictError(`Only escalated requests are dispatched by hand; this one is ${request.status}`);
  return candidatesByHand(deps, request);
}

/** The candidates for `request` whatever its state (a reassign looks before taking it back). */
export async function candidatesByHand(
  deps: { readonly teams: TeamRepository; readonly clock: Clock },
  request: ServiceRequest,
): Promise<ManualCandidate[]> {
  const street = parentId(request.areaId);
  const [usual, wider] = await Promise.all([
    deps.teams.candidates(request.serviceCode, lineage(request.areaId)),
    street ? deps.teams.servingWithin([request.serviceCode], street) : Promise.resolve([]),
  ]);
  const usualIds = new Set(usual.map((t) => t.id));
  const merged = [...usual, ...wider.filter((t) => !usualIds.has(t.id))];
  return rankCandidates(request, merged, deps.clock.now()).map((ranked) => ({
    ...ranked,
    widened: !usualIds.has(ranked.team.id),
    declinedBefore: passedOn(request, ranked.team.id),
  }));
}
