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
] as const;

export type RequestStatus = (typeof requestStatuses)[number];

const transitions: Readonly<Record<RequestStatus, readonly RequestStatus[]>> = {
  // Queued for dispatch; the dispatcher offers it, parks it, or escalates it.
  SUBMITTED: ['OFFERED', 'WAITING', 'ESCALATED', 'CANCELLED', 'REJECTED'],
  // No team free: re-dispatched when capacity frees or by the sweep.
  WAITING: ['OFFERED', 'ESCALATED', 'EXPIRED', 'CANCELLED', 'REJECTED'],
  // Offered to one team with a deadline; a decline or timeout sends it back to WAITING.
  OFFERED: ['ACCEPTED', 'WAITING', 'ESCALATED', 'EXPIRED', 'CANCELLED'],
  // Staff may take an accepted order back from a team that cannot do it (reassign).
  ACCEPTED: ['COMPLETED', 'CANCELLED', 'WAITING'],
  // Reopened within 7 days when the problem is back; otherwise rated or closed by time.
  COMPLETED: ['CLOSED', 'WAITING'],
  // The center dispatches by hand, or rejects with a reason the resident sees.
  ESCALATED: ['OFFERED', 'EXPIRED', 'CANCELLED', 'REJECTED'],
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
