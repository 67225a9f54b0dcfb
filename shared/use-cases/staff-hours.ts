/**
 * POST /admin/requests/{id}/hours: staff of the request's area record a team's visit hours past
 * the bound of the team's own report (`shared/domain/staff-hours.ts`). The hours take the team's
 * path to the ledger: the completion holds them, and the close posts them once per volunteer and
 * request (`post-credits.ts`). So a repeat, or a correction before the close, never credits twice.
 */
import { NotFoundError, IllegalTransitionError, ConflictError } from '#shared/domain/errors';
import type { ServiceRequest } from '#shared/domain/service-request';
import { assertInScope, type Staff } from '#shared/domain/staff';
import { parseStaffHours, recordHoursByStaff, sameHours, teamOfVisit } from '#shared/domain/staff-hours';
import type { NamedHours } from '#shared/domain/completion';
import type { CreditLedger } from '#shared/ports/credit-ledger';
import type { VolunteerRegistry } from '#shared/ports/volunteer-registry';
import { withCreditRules } from './credit-rules-snapshot';
import type { DispatchDeps } from './dispatch-request';
import { offerWaitingTo } from './offer-waiting';
import { namedHours } from './team-work';

export interface StaffHoursDeps extends DispatchDeps {
  readonly volunteers: Pick<VolunteerRegistry, 'members' | 'get'>;
  readonly credits: Pick<CreditLedger, 'rules'>;
}

/**
 * Records the hours: an accepted order becomes COMPLETED for its team, which gets its capacity back,
 * as on its own report. A completed one has its minutes replaced. Volunteers are named as in a
 * team's report (`namedHours`): the team's members by id, volunteer number or exact name, anyone
 * else as a guest, each person once. Writes
 * only if nothing changed the request since it was read (409 otherwise). A racing twin with the
 * same hours is answered as the first was.
 */
export async function recordHoursForTeam(deps: StaffHoursDeps, staff: Staff, id: string, body: unknown): Promise<ServiceRequest> {
  const input = parseStaffHours(body);
  const request = await deps.requests.get(id);
  if (!request) throw new NotFoundError('Request');
  assertInScope(staff, request.areaId, 'Request');
  const team = teamOfVisit(request);
  const hours = await namedHours(deps, team.id, input.hours);
  const change = recordHoursByStaff(request, staff, deps.clock.now(), { hours, reason: input.reason });
  if (!change) return request;
  if (request.status === 'ACCEPTED') {
    const completed = await withCreditRules(deps, change);
    if ((await deps.requests.releaseOffer({ before: request, ...completed, teamId: team.id })) === 'released') {
      await offerWaitingTo(deps, team.id).catch(() => undefined);
      return completed.after;
    }
  } else {
    try {
      await deps.requests.changeStatus({ before: request, ...change });
      return change.after;
    } catch (error) {
      if (!(error instanceof IllegalTransitionError)) throw error;
    }
  }
  return recordedMeanwhile(deps, id, hours);
}

/** After a lost race: the request as it is if it holds these very hours (a twin won), else 409. */
async function recordedMeanwhile(deps: StaffHoursDeps, id: string, hours: NamedHours): Promise<ServiceRequest> {
  const now = await deps.requests.get(id);
  if (now?.status === 'COMPLETED' && now.completion && sameHours(now.completion.hours, hours)) return now;
  throw new ConflictError('The request changed in the meantime; reload and try again');
}
