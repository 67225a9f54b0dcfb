/**
 * A resident's service request (点单) and its timeline.
 */
import type { DeclineReason, ReleaseCause } from './decline';
import { assertTransition, type RequestStatus } from './request-state';

export type Urgency = 'normal' | 'urgent';

/** How the request reached us: the web form, an API client, or staff ordering for a resident (代点单). */
export const requestChannels = ['web', 'api', 'proxy'] as const;
export type Channel = (typeof requestChannels)[number];

export interface Contact {
  readonly name: string;
  /** E.164, e.g. +8613812345678. */
  readonly phone: string;
  readonly address: string;
}

export interface ServiceRequest {
  readonly id: string;
  readonly trackingCode: string;
  readonly serviceCode: string;
  readonly areaId: string;
  readonly description: string;
  readonly contact: Contact;
  readonly urgency: Urgency;
  readonly preferredTime?: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly channel: Channel;
  readonly status: RequestStatus;
  /** Rises by one on every change; conditional writes check it. */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** SHA-256 of the resident's access token; the token itself is never stored here. */
  readonly accessTokenHash: string;
  readonly assignedTeam?: { readonly id: string; readonly name: string };
  /**
   * When a team last accepted it or a claimer claimed it: a visit's minutes fit between then and
   * the completion (`visit-minutes.ts`). Kept when staff take an accepted offer back, dropped
   * with a team's claim taken back (a request stored before `offerAcceptedAt` is read by it).
   */
  readonly acceptedAt?: string;
  /**
   * When a team last accepted an offer of it (never a claim): kept when staff take it back, so
   * the statistics count a round's acceptance once (`acceptedAgain`); one before `reopenedAt` is
   * a past round's.
   */
  readonly offerAcceptedAt?: string;
  /** The open offer while OFFERED. */
  readonly offer?: Offer;
  /** Teams that declined (out of area or skill, other) or were taken back from; never offered this request again. */
  readonly excludedTeams?: readonly string[];
  /** Teams that declined as busy, let an offer lapse or had it withdrawn: not offered it again until then (`exclusion.ts`). */
  readonly coolingOff?: Readonly<Record<string, string>>;
  /** The team the request's last offers in a row ended unreached for, and how many (`excludeAfter`, exclusion.ts). */
  readonly unreachedInARow?: { readonly teamId: string; readonly count: number };
  /**
   * The resident's rating, once CLOSED by rating. `by`: `resident` (through their link), or the
   * subject of the staff member who recorded it for them (回访); absent on ratings stored before.
   */
  readonly rating?: { readonly stars: number; readonly comment?: string; readonly ratedAt: string; readonly by?: string };
  /** When the resident last reopened it; waiting, escalation and expiry count from here. */
  readonly reopenedAt?: string;
  /** After a reopen: the team that did the work, offered first. */
  readonly preferredTeam?: string;
  /**
   * The credit rules its volunteers' hours are priced by (`credit-rules-of-request.ts`): those in
   * force when it was first completed; posting and every hours correction use them. (The shape of
   * `CreditRules`, spelled out: credit.ts is not for the browser's bundle.)
   */
  readonly creditRules?: { readonly hoursPerPoint: number; readonly maxHoursPerActivity: number };
  /** Closed with volunteers' hours not yet on the credit ledger (the sweep posts them). */
  readonly creditsPending?: boolean;
  /** An upheld complaint withheld the credits while pending: whatever a sweep posts after is voided. */
  readonly creditsWithheld?: { readonly at: string; readonly reason: string };
  /**
   * An upheld complaint voided the posted credits: set (a new version) before any is voided, so no
   * hours correction writes the record after it, and one whose ledger step sees it voids what it wrote.
   */
  readonly creditsVoided?: { readonly at: string; readonly reason: string };
  /**
   * Ledgers an hours correction took off the record (0 minutes): their credit for the request may
   * still stand (the ledger follows the record), so a void cancels them too.
   */
  readonly correctedOff?: readonly string[];
  /** The accepting team's report, once COMPLETED. */
  readonly completion?: Completion;
  /** The completions before each reopening, oldest first: their hours are credited at the close too (`visitsOf`). */
  readonly earlierCompletions?: readonly Visit[];
  /** Automatic offers made so far. */
  readonly offersMade?: number;
  /** Of those, the ones staff withdrew (the team paused or no longer serving it): not counted toward the limit. */
  readonly offersWithdrawn?: number;
  /**
   * When it first went to the center (escalated) since its submission or latest reopening: an
   * offer the center makes by hand that is declined or lapses returns it there, unannounced and
   * uncounted (`escalatedBefore`).
   */
  readonly escalatedAt?: string;
  /**
   * When the sweeper must look at the request next: an offer's deadline, a waiting request's
   * retry or escalation, an escalated request's expiry, an accepted order's reminder or overdue
   * warning, a claim's reminder or deadline, an unrated completion's close, credits to post.
   */
  readonly dueAt?: string;
  /** A wish the station reviewed for the wall (微心愿): only this is ever public. */
  readonly wish?: PublishedWish;
  /** Who claimed the wish from the wall and by when they fulfil it, while ACCEPTED by claim. */
  readonly claim?: Claim;
  /**
   * By when the team that accepted it should complete it (`completion-deadline.ts`), and which of
   * its notices the sweep sent; set on accept, dropped when it leaves ACCEPTED (`withStatus`).
   * Absent on requests accepted before 2026-12-07.
   */
  readonly completeBy?: CompleteBy;
  /** The claimer who last gave the wish up: their repeated give-up (a second tap, a retry) is answered as the first was. */
  readonly givenUp?: { readonly claimer: Pick<Claimer, 'kind' | 'id'>; readonly at: string };
  /**
   * Storage, set by the table adapter when it stores the resident's free text (description,
   * attributes, preferred time) in an item of their own, written once, because it is long; a
   * change copies it along like any field. Nothing else reads it.
   */
  readonly detailsApart?: true;
  /**
   * Set by the table adapter on a request read without its details item (damaged storage): its
   * description and attributes are then empty and its preferred time absent because they are not
   * known, not because the resident wrote nothing. Views say so; a write never stores it (the
   * request keeps `detailsApart`, so a change writes no text over the lost one).
   */
  readonly detailsUnavailable?: true;
  /**
   * When its resident's personal data was anonymised (`retention.ts`): by the retention rule, or
   * erased on request. Its contact and free text are then empty; views say they were removed.
   */
  readonly anonymisedAt?: string;
}

/** The public text of a wish, written by station staff; never the resident's own words unreviewed. */
export interface PublishedWish {
  /** What is wished, e.g. 一件过冬的棉衣. */
  readonly text: string;
  /** How the wall names the wisher, e.g. 王奶奶. */
  readonly wisher: string;
  /** First published. */
  readonly publishedAt: string;
  /** When it (last) went on the wall: the wall lists newest first by this. */
  readonly listedAt: string;
  /** The staff member who reviewed it. */
  readonly reviewedBy: string;
  /** Claims that lapsed or were given up so far. */
  readonly returns?: number;
}

export type ClaimerKind = 'volunteer' | 'team' | 'unit';

export interface Claimer {
  readonly kind: ClaimerKind;
  /** A person's id, a team's id or a work unit's id. */
  readonly id: string;
  readonly name: string;
}

export interface Claim {
  readonly claimer: Claimer;
  readonly claimedAt: string;
  /** Fulfil by then, or the wish goes back on the wall at the next sweep. */
  readonly deadline: string;
  /** When the claimer is reminded (once) before the deadline. */
  readonly remindAt: string;
  readonly reminded?: boolean;
}

export interface CompleteBy {
  readonly deadline: string;
  /** The team was reminded before the deadline. */
  readonly reminded?: true;
  /** The team was warned, a day after the deadline, that the order is overdue. */
  readonly warned?: true;
}

export interface Completion {
  readonly completedAt: string;
  readonly note?: string;
  /** Minutes each volunteer served; credited as hours when the request closes. */
  /** `volunteerId` for a registered member (credited to the person), else a guest known by name. */
  readonly hours: ReadonlyArray<{ readonly volunteer: string; readonly volunteerId?: string; readonly minutes: number }>;
}

/**
 * A completed visit: when, by which team (none for a wish a volunteer or a work unit claimed)
 * and each volunteer's minutes. A reopening keeps the completion as one, without its note (that
 * stays in the timeline's event).
 */
export interface Visit {
  readonly completedAt: string;
  readonly team?: { readonly id: string; readonly name: string };
  readonly hours: Completion['hours'];
}

/**
 * A request whose visits are credited: closed, or ended otherwise (cancelled, expired, rejected)
 * after a reopening, the visits before it having happened all the same.
 */
export function isSettled(request: Pick<ServiceRequest, 'status'>): boolean {
  return request.status === 'CLOSED' || request.status === 'CANCELLED' || request.status === 'EXPIRED' || request.status === 'REJECTED';
}

/** A request just settled (`isSettled`): its volunteers' hours, if any, are due on the credit ledger now. */
export function withCreditsDue(after: ServiceRequest, at: string): ServiceRequest {
  return visitsOf(after).some((visit) => visit.hours.length > 0) ? { ...after, creditsPending: true, dueAt: at } : after;
}

/** Every visit of the request, oldest first: those before each reopening, then the current completion. */
export function visitsOf(request: Pick<ServiceRequest, 'completion' | 'assignedTeam' | 'earlierCompletions'>): Visit[] {
  const { completion, assignedTeam } = request;
  const current = completion
    ? [{ completedAt: completion.completedAt, ...(assignedTeam ? { team: assignedTeam } : {}), hours: completion.hours }]
    : [];
  return [...(request.earlierCompletions ?? []), ...current];
}

export interface Offer {
  readonly teamId: string;
  readonly teamName: string;
  readonly offeredAt: string;
  /** The team must accept by then, or the offer lapses. */
  readonly deadline: string;
  readonly reason: { readonly zh: string; readonly en: string };
  /** Made by the center's hand, from ESCALATED; absent on offers made before 2026-12-07 (`escalatedBefore`). */
  readonly byHand?: boolean;
}

export type TimelineEventType = 'SUBMITTED' | 'QUEUED' | 'STATUS_CHANGED' | 'NOTE';

export interface TimelineEvent {
  readonly requestId: string;
  readonly at: string;
  /** Orders events that share a millisecond. */
  readonly seq: number;
  readonly type: TimelineEventType;
  readonly status?: RequestStatus;
  /** Shown to the resident; never personal data. */
  readonly message: { readonly zh: string; readonly en: string };
  readonly actor: 'resident' | 'system' | 'team' | 'admin';
  /** Free text from a team or admin (e.g. a decline note): for staff, never shown to residents. */
  readonly detail?: string;
  /** On a cancellation by staff: the reason they gave (also in `message`), for the resident's notice (`cancelled`). */
  readonly reason?: string;
  /** On a release (OFFERED → WAITING or ESCALATED): why the offer ended, as data for the statistics. */
  readonly release?: { readonly cause: ReleaseCause; readonly reason?: DeclineReason };
}

/** A request after a change, and the timeline event that explains it; storage writes both only if nothing raced it. */
export interface Transition {
  readonly after: ServiceRequest;
  readonly event: TimelineEvent;
}

/**
 * The request after a legal status change; throws IllegalTransitionError otherwise. Leaving
 * ACCEPTED drops the completion deadline: it is read only while ACCEPTED, and would weigh on every
 * later write of the item.
 */
export function withStatus(request: ServiceRequest, to: RequestStatus, at: string): ServiceRequest {
  assertTransition(request.status, to);
  const { completeBy, ...rest } = request;
  const kept = to === 'ACCEPTED' && completeBy ? { completeBy } : {};
  return { ...rest, ...kept, status: to, version: request.version + 1, updatedAt: at };
}

/** A timeline event for the change that produced `after` (its version orders same-time events). */
export function statusEvent(after: ServiceRequest, message: TimelineEvent['message'], actor: TimelineEvent['actor']): TimelineEvent {
  return { requestId: after.id, at: after.updatedAt, seq: after.version, type: 'STATUS_CHANGED', status: after.status, message, actor };
}
