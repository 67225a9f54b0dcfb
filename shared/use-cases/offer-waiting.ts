/**
 * When a team frees capacity, the waiting requests it can serve are dispatched again, most
 * urgent and oldest first, until it is full. The line is read for the team's served area (per
 * county, `RequestRepository.waiting`), so a request in it is found whatever waits ahead of it
 * elsewhere in the service's line, up to `PER_SERVICE` per service. The sweep's re-check catches the rest.
 */
import { takesWorkNow } from '#shared/domain/matching';
import { dispatchRequest, type DispatchDeps } from './dispatch-request';

/** Waiting requests read per service: an area with more waiting is past what one freed unit needs. */
const PER_SERVICE = 100;

export async function offerWaitingTo(deps: DispatchDeps, teamId: string): Promise<number> {
  const team = await deps.teams.get(teamId);
  // Paused, full or on a day off: it would be offered none of them, so none is dispatched for it.
  if (!team || !takesWorkNow(team, deps.clock.now())) return 0;
  let free = team.capacity - team.active;
  let offered = 0;
  for (const serviceCode of await deps.teams.handledServices(teamId)) {
    if (free <= 0) break;
    const waiting = (await deps.requests.waiting(serviceCode, team.servesAreaId, PER_SERVICE)).filter(
      (r) => !(r.excludedTeams ?? []).includes(teamId),
    );
    for (const request of waiting) {
      if (free <= 0) break;
      const outcome = await dispatchRequest(deps, { requestId: request.id, version: request.version });
      // Nobody took a request this team serves and may be offered: it has filled up, paused or gone off meanwhile.
      if (outcome.kind === 'waiting') return offered;
      if (outcome.kind === 'offered' && outcome.request.offer?.teamId === teamId) {
        free--;
        offered++;
      }
    }
  }
  return offered;
}
