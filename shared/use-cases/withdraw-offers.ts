/**
 * A team paused, moved or given other services keeps no offer it could no longer take: each is
 * withdrawn at once and dispatched again in process (the resident gets another team sooner, or
 * the center when no team is left), recorded as staff's and not as the team's decline or lapse.
 * Each withdrawal is conditional on the request's version and gives the unit back in the same
 * write, so a team's accept racing it leaves one winner and a true count. An offer past its
 * deadline is left to the sweep, which lets it lapse.
 */
import { lineage } from '#shared/domain/area';
import type { ServiceRequest } from '#shared/domain/service-request';
import type { TeamLoad } from '#shared/domain/team';
import { dispatchRequest, type DispatchDeps } from './dispatch-request';
import { giveBack } from './release-offer';

/** Whether the team as it is now could still take the request it was offered. */
function couldTake(team: TeamLoad, handles: ReadonlySet<string>, request: ServiceRequest): boolean {
  return !team.paused && handles.has(request.serviceCode) && lineage(request.areaId).includes(team.servesAreaId);
}

/** Withdraws the team's open offers it could no longer take; how many were withdrawn. */
export async function withdrawOffersBeyond(deps: DispatchDeps, teamId: string): Promise<number> {
  const team = await deps.teams.get(teamId);
  // The offers it holds are within its count of open orders (offered or accepted).
  if (!team || team.active === 0) return 0;
  const [offers, handled] = await Promise.all([
    deps.requests.openForTeam(teamId, 'OFFERED', team.active),
    deps.teams.handledServices(teamId),
  ]);
  const handles = new Set(handled);
  const now = deps.clock.now().toISOString();
  let withdrawn = 0;
  for (const request of offers) {
    if (request.offer?.teamId !== teamId || now > request.offer.deadline || couldTake(team, handles, request)) continue;
    const { outcome, requeue } = await giveBack(deps, request, team.paused ? 'paused' : 'moved');
    if (outcome === 'request-changed') continue; // answered or withdrawn meanwhile: that one stands
    withdrawn++;
    for (const message of requeue)
      await dispatchRequest(deps, message.body as { requestId: string; version: number }).catch(() => undefined);
  }
  return withdrawn;
}
