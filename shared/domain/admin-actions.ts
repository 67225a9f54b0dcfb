/**
 * What staff do to a request, as transitions with the timeline event that records who and
 * why: dispatch by hand, reject with a reason the resident sees, cancel. The staff member's
 * name and note go in the event's `detail` (for staff only); the message is what residents see.
 */
import type { Service } from './catalog';
import { completionDeadline } from './completion-deadline';
import { ConflictError, ValidationError } from './errors';
import type { RankedTeam } from './matching';
import { cancel, offerTo, type Transition } from './offer-lifecycle';
import { canTransition } from './request-state';
import { statusEvent, withCreditsDue, withStatus, type ServiceRequest } from './service-request';
import type { Staff } from './staff';
import type { ServiceTiming } from './dispatch-policy';

/** Who did it, and their note: what an admin action's record keeps for staff (`detail`). */
export const who = (staff: Staff, note?: string) => (note ? `${staff.name}: ${note}` : staff.name);

export function offerByHand(
  request: ServiceRequest,
  candidate: RankedTeam,
  staff: Staff,
  now: Date,
  note?: string,
  service?: ServiceTiming,
): Transition {
  const { after } = offerTo(request, candidate, now, service);
  const { team } = candidate;
  const event = statusEvent(after, { zh: `中心人工派给 ${team.name.zh}`, en: `Dispatched by hand to ${team.name.en}` }, 'admin');
  return { after, event: { ...event, detail: who(staff, note) } };
}

/**
 * Staff take the request back from the team holding it (offered or accepted) to give it to
 * another: it waits again with that team excluded, due at once; the caller then offers it by hand.
 */
export function takeBack(request: ServiceRequest, staff: Staff, reason: string, now: Date): Transition {
  const text = reason.trim();
  if (text.length === 0) throw new ValidationError([{ field: 'reason', message: 'Say why the request is reassigned' }]);
  const holder = request.status === 'OFFERED' ? request.offer : request.status === 'ACCEPTED' ? request.assignedTeam : undefined;
  if (!holder) throw new ConflictError(`Only an offered or accepted request can be reassigned; this one is ${request.status}`);
  const teamId = 'teamId' in holder ? holder.teamId : holder.id;
  const teamName = 'teamName' in holder ? holder.teamName : holder.name;
  const at = now.toISOString();
  // A wish a team claimed is theirs no more: its claim goes with the team, and the claim's
  // `acceptedAt` with it (a request stored before `offerAcceptedAt` is counted by `acceptedAt`).
  const { offer: _o, assignedTeam: _a, claim: _c, acceptedAt, ...rest } = withStatus(request, 'WAITING', at);
  const after: ServiceRequest = {
    ...rest,
    ...(acceptedAt && !request.claim ? { acceptedAt } : {}),
    excludedTeams: [...new Set([...(request.excludedTeams ?? []), teamId])],
    // Due now: should the chosen team fill up before the offer lands, the next sweep dispatches it, not a backed-off re-check.
    dueAt: at,
  };
  const event = statusEvent(
    after,
    { zh: `中心已从 ${teamName} 收回，改派其他服务队`, en: `Taken back from ${teamName} to reassign` },
    'admin',
  );
  return { after, event: { ...event, detail: who(staff, text) } };
}

/** Refused by the center or station: the reason is shown to the resident, so it must be given. */
export function reject(request: ServiceRequest, staff: Staff, reason: string, now: Date): Transition {
  const text = reason.trim();
  if (text.length === 0) throw new ValidationError([{ field: 'reason', message: 'Say why; the resident sees it' }]);
  if (!canTransition(request.status, 'REJECTED')) throw new ConflictError(`A request that is ${request.status} can no longer be rejected`);
  const { offer: _o, dueAt: _d, ...rest } = withStatus(request, 'REJECTED', now.toISOString());
  const after = withCreditsDue(rest, now.toISOString());
  const event = statusEvent(after, { zh: `未能受理：${text}`, en: `Not accepted: ${text}` }, 'admin');
  return { after, event: { ...event, detail: who(staff) } };
}

export function cancelByStaff(request: ServiceRequest, staff: Staff, reason: string, now: Date): Transition {
  const text = reason.trim();
  if (text.length === 0) throw new ValidationError([{ field: 'reason', message: 'Say why the request is cancelled' }]);
  const { after } = cancel(request, now);
  const event = statusEvent(after, { zh: `社区已取消需求：${text}`, en: `Cancelled by staff: ${text}` }, 'admin');
  return { after, event: { ...event, detail: who(staff), reason: text } };
}

/**
 * Overdue: an open offer past its deadline; an accepted one past its completion deadline (a
 * claim's, or the order's: `completionDeadline`); a request not yet accepted past its service's
 * time limit (`slaHours` from its creation or reopening). Closed, cancelled and similar are never overdue.
 */
export function isOverdue(
  request: Pick<ServiceRequest, 'status' | 'offer' | 'reopenedAt' | 'createdAt' | 'claim' | 'completeBy' | 'acceptedAt'>,
  service: (Pick<Service, 'slaHours'> & Partial<Pick<Service, 'dispatch'>>) | undefined,
  now: Date,
): boolean {
  if (!['SUBMITTED', 'WAITING', 'OFFERED', 'ACCEPTED', 'ESCALATED'].includes(request.status)) return false;
  if (request.status === 'OFFERED' && request.offer && request.offer.deadline < now.toISOString()) return true;
  const deadline = completionDeadline(request, service);
  if (deadline) return deadline < now.toISOString();
  const start = Date.parse(request.reopenedAt ?? request.createdAt);
  return service !== undefined && start + service.slaHours * 3600_000 < now.getTime();
}
