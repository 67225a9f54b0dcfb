/**
 * When a team frees capacity, the waiting requests it can serve are dispatched again, most
 * urgent and oldest first, until it is full. The line is read for the team's served area (per
 * county, `RequestRepository.waiting`), so a request in it is found whatever waits ahead of it
 * elsewhere in the service's line, up to the team's free units and `MARGIN` more per service.
 * The sweep's re-check catches the rest.
 *
 * Each dispatch is also given the team as just read (`FreshTeam`): called on the team's creation
 * or a change of its area or services, the coverage index the dispatch reads its candidates from
 * may not name it yet (it lags the write by up to a second in AWS).
 */
import { takesWorkNow } from '#shared/domain/matching';
import { dispatchRequest, type DispatchDeps } from './dispatch-request';

/**
 * Waiting requests read per service beyond the team's free units: for those it is excluded
 * from (it declined or let them lapse) and those another team, ranked first, takes.
 */
const MARGIN = 8;

export async function offerWaitingTo(deps: DispatchDeps, teamId: string): Promise<number> {
  let team = await deps.teams.get(teamId);
  // Paused, full or on a day off: it would be offered none of them, so none is dispatched for it.
  if (!team || !takesWorkNow(team, deps.clock.now())) return 0;
  let free = team.capacity - team.active;
  let offered = 0;
  const services = await deps.teams.handledServices(teamId);
  const handles = new Set(services);
  for (const serviceCode of services) {
    if (free <= 0) break;
    const waiting = (await deps.requests.waiting(serviceCode, team.servesAreaId, free + MARGIN)).filter(
      (r) => !(r.excludedTeams ?? []).includes(teamId),
    );
    for (const request of waiting) {
      if (free <= 0) break;
      const outcome = await dispatchRequest(deps, { requestId: request.id, version: request.version }, { team, handles });
      if (outcome.kind === 'waiting') {
        // Nobody took a request this team serves and may be offered: it may have filled up, paused or gone off meanwhile.
        const now = await deps.teams.get(teamId);
        if (!now || !takesWorkNow(now, deps.clock.now())) return offered;
        team = now;
        free = Math.min(free, now.capacity - now.active);
      }
      if (outcome.kind === 'offered' && outcome.request.offer?.teamId === teamId) {
        free--;
        offered++;
      }
    }
  }
  return offered;
}
