/**
 * The dispatch transitions of a request: offered, parked, released (declined or lapsed),
 * accepted, escalated, expired. Each returns the request after the change and the timeline
 * event that explains it; storage then writes both only if nothing raced the change.
 */
import { matchingMode, type Service } from './catalog';
import { withCompletionDeadline } from './completion-deadline';
import {
  MAX_AUTOMATIC_OFFERS,
  REVIEW_DAYS,
  acceptanceDeadline,
  addMinutes,
  escalatedBefore,
  escalatesAt,
  type ServiceTiming,
  waitingRetryMinutes,
} from './dispatch-policy';
import type { DeclineReason } from './decline';
import { ConflictError } from './errors';
import { excludeAfter, notTheTeams, type OfferEnd, prospects, prospectsText, whyEnded, withdrawn } from './exclusion';
import type { RankedTeam } from './matching';
import { canTransition } from './request-state';
import { statusEvent, withCreditsDue, withStatus, type Offer, type ServiceRequest, type Transition } from './service-request';
import type { TeamLoad } from './team';

export { declineReasons, type DeclineReason, type ReleaseCause } from './decline';

export type { Transition } from './service-request';

/**
 * Without its offer, due time and any earlier claim (a fulfilled wish reopened keeps its claim
 * as history until then): what every transition starts from.
 */
function cleared(request: ServiceRequest): ServiceRequest {
  const { offer: _offer, dueAt: _dueAt, claim: _claim, ...rest } = request;
  return rest;
}

export function offerTo(request: ServiceRequest, candidate: RankedTeam, now: Date, service?: ServiceTiming): Transition {
  const at = now.toISOString();
  const { team, reason } = candidate;
  const deadline = acceptanceDeadline(request.urgency, service, at, team.blackoutDates);
  const after: ServiceRequest = {
    ...cleared(withStatus(request, 'OFFERED', at)),
    // Offered by the center's hand: it goes back there if this offer ends (an item from before `escalatedAt`: since its last change).
    ...(request.status === 'ESCALATED' && !escalatedBefore(request) ? { escalatedAt: request.updatedAt } : {}),
    offer: { teamId: team.id, teamName: team.name.zh, offeredAt: at, deadline, reason, byHand: request.status === 'ESCALATED' },
    offersMade: (request.offersMade ?? 0) + 1,
    dueAt: deadline,
  };
  return {
    after,
    event: statusEvent(after, { zh: `派给 ${team.name.zh}: ${reason.zh}`, en: `Offered to ${team.name.en}: ${reason.en}` }, 'system'),
  };
}

/** The next time the sweeper looks at a waiting request: a retry (backing off), or its escalation if sooner. */
export function nextWaitingCheck(request: ServiceRequest, at: string, service?: ServiceTiming): string {
  const retry = addMinutes(at, waitingRetryMinutes(request, at));
  const escalation = escalatesAt(request, service);
  return retry < escalation ? retry : escalation;
}

export function park(request: ServiceRequest, now: Date, service?: ServiceTiming): Transition {
  const at = now.toISOString();
  const after = { ...cleared(withStatus(request, 'WAITING', at)), dueAt: nextWaitingCheck(request, at, service) };
  return {
    after,
    event: statusEvent(after, { zh: '暂无空闲的服务队，已进入等待队列', en: 'No team is free right now; waiting for one' }, 'system'),
  };
}

/**
 * The team declined or let the offer lapse, or staff paused it or changed what it serves, or it
 * was never reached (`unreached`; neither is an answer of the team's): it is excluded
 * (`excludeAfter`), and the request waits for another team, or goes to the center after the last
 * automatic offer (one withdrawn by staff or never reached does not count) or when none of `teams`
 * (those serving its area and service, when known) could ever take it.
 */
export function release(
  request: ServiceRequest,
  cause: OfferEnd,
  now: Date,
  service?: ServiceTiming & Pick<Service, 'slaHours'>,
  declineReason?: DeclineReason,
  note?: string,
  teams?: readonly TeamLoad[],
): Transition & { readonly teamId: string } {
  const offer = request.offer;
  if (request.status !== 'OFFERED' || !offer) throw new ConflictError('This request has no open offer');
  const at = now.toISOString();
  // A withdrawn offer, or one the team was never reached about, was no try of a team's: it does not
  // use up one of the request's automatic offers (`offersWithdrawn`, which the statistics read too).
  const withdrawals = (request.offersWithdrawn ?? 0) + (notTheTeams(cause) ? 1 : 0);
  const counted = notTheTeams(cause) ? { offersWithdrawn: withdrawals } : {};
  const excluded = { ...excludeAfter(request, offer.teamId, cause, declineReason, now), ...counted };
  const left = teams ? prospects(excluded, teams, now) : 'others';
  const why = whyEnded(offer.teamName, cause, declineReason);
  // Staff's withdrawal, or an offer the team never heard of, is no answer of the team's: not its decline or lapse in the statistics.
  const released = notTheTeams(cause) ? {} : { release: cause === 'declined' ? { cause, reason: declineReason ?? 'other' } : { cause } };
  const actor = withdrawn(cause) ? ('admin' as const) : ('system' as const);
  const noneLeft = left === 'none';
  const lastOffer = (request.offersMade ?? 0) - withdrawals >= MAX_AUTOMATIC_OFFERS;
  if ((lastOffer || noneLeft) && matchingMode(service) === 'assign-then-claim') {
    const { after, event } = toReview(excluded, now, 'no-team');
    const withWhy = {
      ...event,
      message: { zh: `${why.zh}；${event.message.zh}`, en: `${why.en}; ${event.message.en}` },
      actor,
      ...released,
    };
    return { teamId: offer.teamId, after, event: note ? { ...withWhy, detail: note } : withWhy };
  }
  const again = escalatedBefore(request);
  if (lastOffer || again || noneLeft) {
    const after = toCenter(excluded, at);
    const message = again
      ? { zh: `${why.zh}；已退回中心人工派单`, en: `${why.en}; back with the center to dispatch by hand` }
      : noneLeft
        ? { zh: `${why.zh}；${prospectsText.none.zh}`, en: `${why.en}; ${prospectsText.none.en}` }
        : { zh: `${why.zh}；已转交中心人工派单`, en: `${why.en}; passed to the center to dispatch by hand` };
    const event = { ...statusEvent(after, message, actor), ...released };
    return { teamId: offer.teamId, after, event: note ? { ...event, detail: note } : event };
  }
  const after = { ...cleared(withStatus(excluded, 'WAITING', at)), dueAt: nextWaitingCheck(request, at, service) };
  // Never reached, the team may be offered it again: not "another team".
  const next = cause === 'unreached' && left === 'others' ? OFFERED_AGAIN : prospectsText[left];
  const event = {
    ...statusEvent(after, { zh: `${why.zh}；${next.zh}`, en: `${why.en}; ${next.en}` }, actor),
    ...released,
  };
  return { teamId: offer.teamId, after, event: note ? { ...event, detail: note } : event };
}

const OFFERED_AGAIN = { zh: '正在重新派单', en: 'offering it again' };

/** To the station's review: a claim-mode request, or an `assign-then-claim` one that no team took. */
export function toReview(request: ServiceRequest, now: Date, why: 'claim-mode' | 'no-team'): Transition {
  const at = now.toISOString();
  const after = { ...cleared(withStatus(request, 'REVIEW', at)), dueAt: addMinutes(at, REVIEW_DAYS * 1440) };
  const message =
    why === 'claim-mode'
      ? { zh: '心愿已收到，社区审核后将发布到心愿墙', en: 'Wish received; the station reviews it for the wish wall' }
      : {
          zh: '暂无服务队接单，社区审核后将发布到心愿墙供认领',
          en: 'No team took it; after review it goes on the wish wall to be claimed',
        };
  return { after, event: statusEvent(after, message, 'system') };
}

/**
 * The offer `teamId` may still answer, accepting or declining, by link or by team token: refused
 * once it went elsewhere or its deadline passed (the sweep lets it lapse then; a decline after
 * the deadline would count a lapse as a decline).
 */
export function answerableOffer(request: ServiceRequest, teamId: string, now: Date): Offer {
  const offer = request.offer;
  if (request.status !== 'OFFERED' || !offer || offer.teamId !== teamId) {
    throw new ConflictError('This offer is no longer open: it was withdrawn or went to another team');
  }
  if (now.toISOString() > offer.deadline) throw new ConflictError('This offer expired at its deadline');
  return offer;
}

/**
 * The offered team accepts (接单); refused once the offer went elsewhere or lapsed. It is due to
 * complete the order by its service's deadline (`completion-deadline.ts`).
 */
export function accept(request: ServiceRequest, teamId: string, now: Date, service?: Pick<Service, 'dispatch'>): Transition {
  const offer = answerableOffer(request, teamId, now);
  const at = now.toISOString();
  // Accepted: any row of offers the team was not reached about is over.
  const { unreachedInARow: _row, ...answered } = request;
  const accepted = {
    ...cleared(withStatus(answered, 'ACCEPTED', at)),
    assignedTeam: { id: offer.teamId, name: offer.teamName },
    acceptedAt: at,
    offerAcceptedAt: at,
  };
  const after = withCompletionDeadline(accepted, at, service);
  return { after, event: statusEvent(after, { zh: `${offer.teamName} 已接单`, en: `${offer.teamName} accepted` }, 'team') };
}

/**
 * Waited too long, or (`no-team`) no team serving its area could ever take it: to the center, or
 * for `assign-then-claim` to the station's review for the wall.
 */
export function escalate(
  request: ServiceRequest,
  now: Date,
  service?: Pick<Service, 'slaHours' | 'kind'> & Partial<Pick<Service, 'dispatch'>>,
  why: 'waited' | 'no-team' = 'waited',
): Transition {
  if (matchingMode(service) === 'assign-then-claim') return toReview(request, now, 'no-team');
  const after = toCenter(request, now.toISOString());
  const message = escalatedBefore(request)
    ? { zh: '仍无服务队接单，已退回中心人工派单', en: 'Still no team; back with the center to dispatch by hand' }
    : why === 'no-team'
      ? { zh: prospectsText.none.zh, en: `No team serving this area can take it; passed to the center to dispatch by hand` }
      : { zh: '等待时间过长，已转交中心人工派单', en: 'Waited too long; passed to the center to dispatch by hand' };
  return { after, event: statusEvent(after, message, 'system') };
}

/**
 * ESCALATED until staff end it (no due time: `expiresAt`), keeping when it first went to the center
 * in this round.
 */
function toCenter(request: ServiceRequest, at: string): ServiceRequest {
  // A hand offer made before `escalatedAt` was kept: in the queue from when it was made.
  const escalatedAt = escalatedBefore(request) ? (request.escalatedAt ?? request.offer?.offeredAt ?? at) : at;
  return { ...cleared(withStatus(request, 'ESCALATED', at)), escalatedAt };
}

export function expire(request: ServiceRequest, now: Date): Transition {
  // A reopened request that nobody took again: the visits before still earn their hours.
  const after = withCreditsDue(cleared(withStatus(request, 'EXPIRED', now.toISOString())), now.toISOString());
  return {
    after,
    event: statusEvent(
      after,
      { zh: '超过服务时限仍无人接单，需求已过期', en: 'Nobody could take it within the service time limit; expired' },
      'system',
    ),
  };
}

/** The team whose capacity the request holds: the offered team, or the one that accepted. */
export function capacityHolder(request: ServiceRequest): string | undefined {
  if (request.status === 'OFFERED') return request.offer?.teamId;
  if (request.status === 'ACCEPTED') return request.assignedTeam?.id;
  return undefined;
}

export function canCancel(request: Pick<ServiceRequest, 'status'>): boolean {
  return canTransition(request.status, 'CANCELLED');
}

/** The resident withdraws the request (before completion). */
export function cancel(request: ServiceRequest, now: Date): Transition {
  if (!canCancel(request)) throw new ConflictError(`A request that is ${request.status} can no longer be cancelled`);
  const after = withCreditsDue(cleared(withStatus(request, 'CANCELLED', now.toISOString())), now.toISOString());
  return { after, event: statusEvent(after, { zh: '居民已取消需求', en: 'Cancelled by the resident' }, 'resident') };
}
