/**
 * The request lifecycle as a named state machine. Every status change goes through
 * `assertTransition`; storage repeats the check with a conditional write on `status` and
 * `version`, so neither a bug nor a race can take an illegal path.
 */
import { IllegalTransitionError } from './errors';

export const requestStatuses = [
  'SUBMITTED',
  'WAITING',
  'OFFERED',
  'ACCEPTED',
  'COMPLETED',
  'CLOSED',
  'ESCALATED',
  'CANCELLED',
  'REJECTED',
  'EXPIRED',
  'REVIEW',
  'PUBLISHED',
] as const;

export type RequestStatus = (typeof requestStatuses)[number];

const transitions: Readonly<Record<RequestStatus, readonly RequestStatus[]>> = {
  // Queued for dispatch; the dispatcher offers it, parks it, or escalates it.
  // A claim-mode service (a micro-wish) goes to its station's review instead (REVIEW).
  SUBMITTED: ['OFFERED', 'WAITING', 'ESCALATED', 'CANCELLED', 'REJECTED', 'REVIEW'],
  // No team free: re-dispatched when capacity frees or by the sweep; `assign-then-claim` goes to REVIEW where others escalate.
  WAITING: ['OFFERED', 'ESCALATED', 'EXPIRED', 'CANCELLED', 'REJECTED', 'REVIEW'],
  // Offered to one team with a deadline; a decline or timeout sends it back to WAITING (or on after the last offer).
  OFFERED: ['ACCEPTED', 'WAITING', 'ESCALATED', 'EXPIRED', 'CANCELLED', 'REVIEW'],
  // Staff may take an accepted order back from a team that cannot do it (reassign). A claimed
  // wish whose claim lapsed or was given up goes back on the wall (PUBLISHED).
  ACCEPTED: ['COMPLETED', 'CANCELLED', 'WAITING', 'PUBLISHED'],
  // Reopened within 7 days when the problem is back; otherwise rated or closed by time.
  COMPLETED: ['CLOSED', 'WAITING'],
  // The center dispatches by hand, or rejects with a reason the resident sees.
  ESCALATED: ['OFFERED', 'EXPIRED', 'CANCELLED', 'REJECTED'],
  // 微心愿: the station writes the public text and publishes it, or rejects it.
  REVIEW: ['PUBLISHED', 'REJECTED', 'CANCELLED', 'EXPIRED'],
  // On the wall: one claim takes it (ACCEPTED, with `claim`); the station may withdraw it.
  PUBLISHED: ['ACCEPTED', 'REJECTED', 'CANCELLED', 'EXPIRED'],
  CLOSED: [],
  CANCELLED: [],
  REJECTED: [],
  EXPIRED: [],
};

export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return transitions[from].includes(to);
}

export function assertTransition(from: RequestStatus, to: RequestStatus): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
}

/**
 * Storage's refusal of a change written on a version that is no longer the stored one: the stored
 * status `now` may still allow the move (another change got there first), or not.
 */
export function refusedChange(now: RequestStatus, to: RequestStatus): IllegalTransitionError {
  return new IllegalTransitionError(now, to, canTransition(now, to));
}
