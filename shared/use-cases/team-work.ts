/**
 * What a team does with its API token: prove who it is, list its open offers and accepted
 * orders, and report an order complete. A wrong or unknown token is a 401 and shows nothing.
 */
import { UnauthorizedError, NotFoundError, ConflictError } from '#shared/domain/errors';
import { complete, type CompletionReport } from '#shared/domain/completion';
import { parseTeamToken, teamTokenMatches } from '#shared/domain/team-token';
import type { LocalizedText } from '#shared/domain/catalog';
import type { ServiceRequest } from '#shared/domain/service-request';
import type { TeamRepository } from '#shared/ports/team-repository';
import type { DispatchDeps } from './dispatch-request';
import { offerWaitingTo } from './offer-waiting';
import { teamView, type TeamOfferView, type ViewDeps } from './team-offer';

export async function authenticateTeam(teams: Pick<TeamRepository, 'tokenHash'>, authorization: string | undefined): Promise<string> {
  const claimed = parseTeamToken(authorization);
  if (!claimed || !teamTokenMatches(claimed.secret, await teams.tokenHash(claimed.teamId))) throw new UnauthorizedError();
  return claimed.teamId;
}

const LIST_LIMIT = 100;

/** Who a signed-in team is, as its console names it: its id and its name in both languages. */
export async function teamIdentity(
  deps: { readonly teams: Pick<TeamRepository, 'get'> },
  teamId: string,
): Promise<{ id: string; name: LocalizedText }> {
  const team = await deps.teams.get(teamId);
  return { id: teamId, name: team?.name ?? { zh: teamId, en: teamId } };
}

export async function teamWork(deps: ViewDeps, teamId: string, kind: 'offers' | 'orders'): Promise<TeamOfferView[]> {
  const status = kind === 'offers' ? 'OFFERED' : 'ACCEPTED';
  const requests = await deps.requests.openForTeam(teamId, status, LIST_LIMIT);
  return Promise.all(requests.map((r) => teamView(deps, r, kind === 'offers' ? 'open' : 'accepted', deps.clock.now())));
}

/** The accepting team reports the order done: COMPLETED, and its capacity comes back once. */
export async function completeRequest(
  deps: DispatchDeps,
  requestId: string,
  teamId: string,
  report: CompletionReport,
): Promise<ServiceRequest> {
  const request = await deps.requests.get(requestId);
  // Another team's order, or none: nothing to see here.
  if (!request || request.assignedTeam?.id !== teamId) throw new NotFoundError('Order');
  const { after, event } = complete(request, teamId, deps.clock.now(), report);
  const outcome = await deps.requests.releaseOffer({ before: request, after, event, teamId });
  if (outcome === 'request-changed') throw new ConflictError('The order changed in the meantime; reload and try again');
  await offerWaitingTo(deps, teamId).catch(() => undefined);
  return after;
}
