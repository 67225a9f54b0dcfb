/**
 * The timing rules of dispatch, in one place: how long a team has to accept, how often and how
 * long a request waits, when it goes to the center, and when it expires. Defaults follow the
 * Dispatch issue and the 12345 hotline practice in DOMAIN.md; a service may set its own
 * acceptance and escalation times (`Service.dispatch`).
 */
import { MAX_ACCEPT_MINUTES, type Service } from './catalog';
import { serviceHoursEnd } from './service-hours';
import type { ServiceRequest, Urgency } from './service-request';

/** Automatic offers before a request is escalated to the center for manual dispatch. */
export const MAX_AUTOMATIC_OFFERS = 3;

/** A wish its station has not reviewed in this many days expires (the resident is told). */
export const REVIEW_DAYS = 7;

/**
 * How often the sweeper tries a waiting request again, at first. A team that frees capacity,
 * resumes, grows or takes on a service is offered the waiting requests it can serve at once
 * (`offerWaitingTo`); nothing announces the end of a team's day off or an offer made elsewhere
 * coming free by other paths, so the re-check is what finds those. The longer a request waits,
 * the rarer its re-checks (a quarter of its wait so far, at most `WAITING_RETRY_MAX_MINUTES`, an
 * urgent one's at most `WAITING_RETRY_URGENT_MAX_MINUTES`), so a long line does not fill the sweep.
 */
export const WAITING_RETRY_MINUTES = 5;
export const WAITING_RETRY_MAX_MINUTES = 10;
export const WAITING_RETRY_URGENT_MAX_MINUTES = 5;

/** Minutes until a request waiting since `clockStart` is tried again at `at`. */
export function waitingRetryMinutes(request: Pick<ServiceRequest, 'createdAt' | 'reopenedAt' | 'urgency'>, at: string): number {
  const waited = (Date.parse(at) - Date.parse(clockStart(request))) / 60_000;
  const cap = request.urgency === 'urgent' ? WAITING_RETRY_URGENT_MAX_MINUTES : WAITING_RETRY_MAX_MINUTES;
  return Math.min(cap, Math.max(WAITING_RETRY_MINUTES, Math.floor(waited / 4)));
}

/** The parts of a service that dispatch timing depends on. */
export type ServiceTiming = Pick<Service, 'kind'> & Partial<Pick<Service, 'dispatch'>>;

export function acceptanceMinutes(urgency: Urgency, service: ServiceTiming | undefined): number {
  const own = urgency === 'urgent' ? service?.dispatch?.acceptUrgentMinutes : service?.dispatch?.acceptNormalMinutes;
  if (own !== undefined) return own;
  if (urgency === 'urgent') return 30;
  return service?.kind === 'micro-wish' ? 24 * 60 : 4 * 60;
}

/**
 * When an offer made at `at` to a team with days off `daysOff` must be answered: an urgent one
 * after its minutes of clock time; any other after its minutes of service hours (`service-hours.ts`:
 * not at night nor on the team's days off), but never more than `MAX_ACCEPT_MINUTES` of
 * clock time on (a signed offer link lives no longer than a retired signing key is honoured).
 */
export function acceptanceDeadline(
  urgency: Urgency,
  service: ServiceTiming | undefined,
  at: string,
  daysOff: readonly string[] = [],
): string {
  const minutes = acceptanceMinutes(urgency, service);
  if (urgency === 'urgent') return addMinutes(at, minutes);
  const end = serviceHoursEnd(at, minutes, daysOff);
  const latest = addMinutes(at, MAX_ACCEPT_MINUTES);
  return end < latest ? end : latest;
}

/** Waiting longer than this (from submission) escalates the request to the center. */
export function escalationMinutes(urgency: Urgency, service: ServiceTiming | undefined): number {
  const own = service?.dispatch?.escalateAfterMinutes;
  if (own !== undefined) return own;
  if (urgency === 'urgent') return 2 * 60;
  return service?.kind === 'micro-wish' ? 72 * 60 : 24 * 60;
}

/** Where waiting, escalation and the time limit count from: submission, or the latest reopening. */
export function clockStart(request: Pick<ServiceRequest, 'createdAt' | 'reopenedAt'>): string {
  return request.reopenedAt ?? request.createdAt;
}

/**
 * The end of the service's time limit (`slaHours` of clock time): a request still waiting for a
 * team then goes to the center, whatever its escalation time. The sweep expires no request that
 * waits for a team or for the center: staff end an escalated one (dispatch by hand, or reject
 * with the reason), and the console flags it overdue past this time (`isOverdue`).
 */
export function expiresAt(
  request: Pick<ServiceRequest, 'createdAt' | 'reopenedAt'>,
  service: Pick<Service, 'slaHours'> | undefined,
): string {
  const hours = service?.slaHours ?? 7 * 24;
  return new Date(Date.parse(clockStart(request)) + hours * 3600_000).toISOString();
}

/**
 * With the center already since its submission or latest reopening (reopening sets `offersMade`
 * back to 0): escalating it again (a hand offer declined or lapsed) is no news to the resident and no second escalation in the statistics.
 */
export function escalatedBefore(
  request: Pick<ServiceRequest, 'createdAt' | 'reopenedAt' | 'escalatedAt' | 'offersMade' | 'offer'>,
): boolean {
  if (request.escalatedAt !== undefined) return request.escalatedAt >= clockStart(request);
  // An offer made before `escalatedAt` was kept (it has no `byHand`): more offers this round than
  // dispatch makes by itself, so one was the center's. Any later offer says whether it was by hand,
  // and one from ESCALATED set `escalatedAt`: a reassign's extra offers are no escalation.
  return request.offer !== undefined && request.offer.byHand === undefined && (request.offersMade ?? 0) > MAX_AUTOMATIC_OFFERS;
}

/** When a request waiting since its submission (or reopening) goes to the center. */
export function escalatesAt(
  request: Pick<ServiceRequest, 'createdAt' | 'reopenedAt' | 'urgency'>,
  service: ServiceTiming | undefined,
): string {
  return addMinutes(clockStart(request), escalationMinutes(request.urgency, service));
}

export const addMinutes = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/** A waiting line's order: urgent first, then oldest (then by id, for a stable order). */
export function inLineOrder<R extends Pick<ServiceRequest, 'urgency' | 'createdAt' | 'id'>>(requests: readonly R[]): R[] {
  const key = (r: R) => `${r.urgency === 'urgent' ? 0 : 1}#${r.createdAt}#${r.id}`;
  return [...requests].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
