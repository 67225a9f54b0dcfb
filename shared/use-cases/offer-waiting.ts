/**
 * When a team frees capacity, the waiting requests it can serve are dispatched again, most
 * urgent and oldest first, until it is full. Bounded per call; the sweep catches the rest.
 */
import { isWithin } from '#shared/domain/area';
import { dispatchRequest, type DispatchDeps } from './dispatch-request';

const PER_SERVICE = 10;

export async function offerWaitingTo(deps: DispatchDeps, teamId: string): Promise<number> {
  const team = await deps.teams.get(teamId);
  if (!team || team.paused) return 0;
  let free = team.capacity - team.active;
  let offered = 0;
  for (const serviceCode of await deps.teams.handledServices(teamId)) {
    if (free <= 0) break;
    const waiting = (await deps.requests.waiting(serviceCode, PER_SERVICE)).filter(
      (r) => isWithin(r.areaId, team.servesAreaId) && !(r.excludedTeams ?? []).includes(teamId),
    );
    for (const request of waiting) {
      if (free <= 0) break;
      const outcome = await dispatchRequest(deps, { requestId: request.id, version: request.version });
      if (outcome.kind === 'offered' && outcome.request.offer?.teamId === teamId) {
        free--;
        offered++;
      }
    }
  }
  return offered;
}
