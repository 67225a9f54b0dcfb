/**
 * 评单: after completion the resident rates the service (which closes it), or reopens it within
 * seven days when the problem is back; unrated, it closes by itself after seven days.
 */
import * as z from '#shared/domain/zod';
import { addMinutes } from './dispatch-policy';
import { ConflictError } from './errors';
import type { Transition } from './offer-lifecycle';
import { statusEvent, visitsOf, withCreditsDue, withStatus, type ServiceRequest } from './service-request';
import { optionalPlainText, parseOrThrow } from './validation';

/**
 * A resident's action that found the request already where that same action by the resident took
 * it (a second tap on cancel or rate): done as asked, so nothing to say was not done.
 */
export class ActionAlreadyDoneError extends ConflictError {
  override readonly code = 'ALREADY_DONE';
}

/** Days after completion in which a resident may rate or reopen before it closes by itself. */
export const FEEDBACK_DAYS = 7;

export const ratingSchema = z.strictObject({
  stars: z.pipe(
    z.transform((v: unknown) => (typeof v === 'string' && v !== '' ? Number(v) : v)),
    z.int().check(z.gte(1), z.lte(5)),
  ),
  comment: optionalPlainText(500, { multiline: true }),
});
export type RatingInput = z.output<typeof ratingSchema>;

export function parseRating(input: unknown): RatingInput {
  return parseOrThrow(ratingSchema, input ?? {});
}

/** When a completed request closes by itself. */
export function feedbackDeadline(completedAt: string): string {
  return addMinutes(completedAt, FEEDBACK_DAYS * 24 * 60);
}

function withoutDue(request: ServiceRequest): ServiceRequest {
  const { dueAt: _dueAt, ...rest } = request;
  return rest;
}

/** Closed: its volunteers' hours are due on the credit ledger now. */
function closed(request: ServiceRequest, at: string): ServiceRequest {
  return withCreditsDue(withoutDue(withStatus(request, 'CLOSED', at)), at);
}

/**
 * Who passes on the resident's word: the resident, or staff who called them back or took their
 * call (回访: a resident ordered for by staff has no link of their own, one who ordered on the web
 * may have lost theirs). `staffId` is the staff member's subject, stored on the rating; the name goes to the timeline.
 */
export type FeedbackBy = { readonly staffId: string; readonly staffName: string } | undefined;

/** The event of the resident's word, recorded by them or by staff on their behalf. */
function residentSaid(after: ServiceRequest, message: { zh: string; en: string }, by: FeedbackBy) {
  if (!by) return statusEvent(after, message, 'resident');
  return { ...statusEvent(after, message, 'admin'), detail: `${by.staffName} 回访代录 (recorded for the resident)` };
}

/** Rated only in the week after completion: after it, the request closes by itself (the sweep may not have run yet). */
export function canRate(request: ServiceRequest, now: Date): boolean {
  const completedAt = request.completion?.completedAt;
  return request.status === 'COMPLETED' && (!completedAt || now.toISOString() < feedbackDeadline(completedAt));
}

export function rate(request: ServiceRequest, input: RatingInput, now: Date, by?: FeedbackBy): Transition {
  if (request.status !== 'COMPLETED') throw new ConflictError('Only a completed request can be rated, and only once');
  if (!canRate(request, now)) throw new ConflictError(`A request can be rated only within ${FEEDBACK_DAYS} days of its completion`);
  const at = now.toISOString();
  const after: ServiceRequest = {
    ...closed(request, at),
    rating: { stars: input.stars, ...(input.comment ? { comment: input.comment } : {}), ratedAt: at, by: by ? by.staffId : 'resident' },
  };
  return {
    after,
    event: residentSaid(after, { zh: `居民评价：${'★'.repeat(input.stars)}`, en: `Rated ${input.stars} of 5 by the resident` }, by),
  };
}

export function closeUnrated(request: ServiceRequest, now: Date): Transition {
  const after = closed(request, now.toISOString());
  return {
    after,
    event: statusEvent(
      after,
      { zh: `${FEEDBACK_DAYS} 天内未评价，自动结单`, en: `Closed without a rating after ${FEEDBACK_DAYS} days` },
      'system',
    ),
  };
}

export function canReopen(request: ServiceRequest, now: Date): boolean {
  const completedAt = request.completion?.completedAt;
  return request.status === 'COMPLETED' && !!completedAt && now.toISOString() < feedbackDeadline(completedAt);
}

/**
 * The problem is back: dispatched again, to the team that did the work first. The completion
 * becomes an earlier one: that visit's hours are credited with the next when the request closes.
 */
export function reopen(request: ServiceRequest, now: Date, by?: FeedbackBy): Transition {
  if (!canReopen(request, now)) throw new ConflictError(`A request can be reopened only within ${FEEDBACK_DAYS} days of its completion`);
  const at = now.toISOString();
  const {
    completion: _completion,
    claim: _claim,
    assignedTeam,
    offersWithdrawn: _w,
    ...rest
  } = withoutDue(withStatus(request, 'WAITING', at));
  const after: ServiceRequest = {
    ...rest,
    earlierCompletions: visitsOf(request),
    ...(assignedTeam ? { preferredTeam: assignedTeam.id } : {}),
    offersMade: 0,
    reopenedAt: at,
    dueAt: at,
  };
  return {
    after,
    event: residentSaid(after, { zh: '居民反映问题仍在，已重新派单', en: 'Reopened by the resident: the problem is back' }, by),
  };
}
