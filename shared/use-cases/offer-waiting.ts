/**
 * When a team frees capacity, the waiting requests it can serve are dispatched again, most
 * urgent and oldest first, until it is full. The line is read for the team's served area (per
 * county, `RequestRepository.waiting`), so a request in it is found whatever waits ahead of it
 * elsewhere in the service's line, up to the team's free units and `MARGIN` more per service;
 * read again, up to `MOST`, when too many of those are ones the team is excluded from. The
 * sweep's re-check catches the rest.
 *
 * Each dispatch is also given the team as just read (`FreshTeam`): called on the team's creation
 * or a change of its area or services, the coverage index the dispatch reads its candidates from
 * may not name it yet (it lags the write by up to a second in AWS). The offer holds only on that
 * version of the team (`OfferReservation.teamVersion`): one changed meanwhile by another call
 * (moved, given other services) is refused, and the run begins again on the team as it now is.
 */
import { excludedAt } from '#shared/domain/exclusion';
import { takesWorkNow } from '#shared/domain/matching';
import type { ServiceRequest } from '#shared/domain/service-request';
import { dispatchRequest, type DispatchDeps } from './dispatch-request';

/**
 * Waiting requests read per service beyond the team's free units: for those it is excluded
 * from (it declined or let them lapse) and those another team, ranked first, takes.
 */
const MARGIN = 8;
/** The most read per service when the first read comes back full of requests the team is excluded from. */
const MOST = 100;
/** Runs begun again on the team as changed meanwhile, before the rest is left to the sweep. */
const RESTARTS = 2;

export async function offerWaitingTo(deps: DispatchDeps, teamId: string): Promise<number> {
  let offered = 0;
  for (let run = 0; run <= RESTARTS; run++) {
    const outcome = await offerRun(deps, teamId);
    offered += outcome.offered;
    if (!outcome.changed) break;
  }
  return offered;
}

/** One run on the team as read at its start; `changed` when the team's own fields changed meanwhile. */
async function offerRun(deps: DispatchDeps, teamId: string): Promise<{ offered: number; changed: boolean }> {
  let team = await deps.teams.get(teamId);
  // Paused, full or on a day off: it would be offered none of them, so none is dispatched for it.
  if (!team || !takesWorkNow(team, deps.clock.now())) return { offered: 0, changed: false };
  const version = team.version;
  let free = team.capacity - team.active;
  let offered = 0;
  const services = await deps.teams.handledServices(teamId);
  const handles = new Set(services);
  for (const serviceCode of services) {
    if (free <= 0) break;
    for (const request of await waitingFor(deps, teamId, serviceCode, team.servesAreaId, free)) {
      if (free <= 0) break;
      const outcome = await dispatchRequest(deps, { requestId: request.id, version: request.version }, { team, handles });
      if (outcome.kind === 'offered' && outcome.request.offer?.teamId === teamId) {
        free--;
        offered++;
        continue;
      }
      // Not offered to this team: it may have filled up, paused, gone off or been changed meanwhile.
      const now = await deps.teams.get(teamId);
      if (!now || !takesWorkNow(now, deps.clock.now())) return { offered, changed: false };
      if (now.version !== version) return { offered, changed: true };
      team = now;
      free = Math.min(free, now.capacity - now.active);
    }
  }
  return { offered, changed: false };
}

/**
 * The head of the service's line in the team's area, less the requests it is excluded from:
 * `free` and `MARGIN` more read, and read again up to `MOST` when the read came back full and
 * fewer than `free` are left once those are taken out.
 */
async function waitingFor(
  deps: DispatchDeps,
  teamId: string,
  serviceCode: string,
  areaId: string,
  free: number,
): Promise<ServiceRequest[]> {
  for (let limit = free + MARGIN; ; limit = MOST) {
    const read = await deps.requests.waiting(serviceCode, areaId, limit);
    const open = read.filter((r) => !excludedAt(r, deps.clock.now()).has(teamId));
    if (open.length >= free || read.length < limit || limit >= MOST) return open;
  }
}
