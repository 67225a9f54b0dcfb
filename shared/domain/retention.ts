/**
 * How long a resident's personal data is kept (PIPL arts. 19 and 47): a request's contact, free
 * text, notes and comments are anonymised a fixed time after it ends (`isSettled`: CLOSED,
 * CANCELLED, EXPIRED, REJECTED, the states nothing leaves), or at once on the resident's request
 * (erasure by a center admin). Ids, status, service, area, times, team, volunteers' hours and the
 * statistics' facts stay: they hold no resident's personal data, and volunteers' service records
 * are kept under the national record rules.
 */
import { ConflictError, ValidationError } from './errors';
import { isSettled, type ServiceRequest, type TimelineEvent } from './service-request';

/**
 * Days after a request ends before its resident's data is anonymised. After the 7-day rating
 * window, complaints and the station's callbacks (回访), which read the contact; long enough for a
 * season's statistics, which keep only facts anyway.
 */
export const DEFAULT_RETENTION_DAYS = 180;
/** Below this the data would go before a complaint about the visit could be looked into. */
export const MIN_RETENTION_DAYS = 30;
export const MAX_RETENTION_DAYS = 3650;

/** The deploy option's value (context `retentionDays`, the function's `RETENTION_DAYS`) as days, or why not. */
export function retentionDaysOf(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_RETENTION_DAYS;
  const days = Number(value);
  if (!/^\d+$/.test(value) || days < MIN_RETENTION_DAYS || days > MAX_RETENTION_DAYS) {
    throw new Error(
      `retentionDays must be a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}, got ${JSON.stringify(value)}`,
    );
  }
  return days;
}

/** Requests that ended before this time are due for anonymising. */
export function retentionCutoff(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString();
}

type Listed = Pick<ServiceRequest, 'status' | 'updatedAt' | 'anonymisedAt'>;

/** Ended, not yet anonymised, and unchanged since before `cutoff` (its last change is when it ended, or later). */
export function dueForAnonymising(request: Listed, cutoff: string): boolean {
  return request.anonymisedAt === undefined && isSettled(request) && request.updatedAt < cutoff;
}

/** Still to be anonymised some day: open, or ended within the window. */
export function anonymisedLater(request: Listed, cutoff: string): boolean {
  return request.anonymisedAt === undefined && !dueForAnonymising(request, cutoff);
}

/** Refuses (409) to erase a request still open: cancelling it first tells the team and frees its capacity. */
export function assertErasable(request: Pick<ServiceRequest, 'status'>): void {
  if (!isSettled(request)) {
    throw new ConflictError(`This request is still open (${request.status}): cancel it first, then erase the resident's data`);
  }
}

/**
 * The request without its resident's personal data: contact, description, service answers,
 * preferred time, the rating's comment, the completion's note and the staff's free-text reasons
 * for withholding or voiding credits. A new version, so a change written on an older copy is refused.
 */
export function anonymised(request: ServiceRequest, at: string): ServiceRequest {
  if (request.anonymisedAt) throw new ValidationError([{ field: 'anonymisedAt', message: 'Anonymised already' }]);
  const { preferredTime: _p, detailsUnavailable: _u, rating, completion, creditsWithheld, creditsVoided, ...rest } = request;
  const { comment: _c, ...ratingKept } = rating ?? { stars: 0, ratedAt: '' };
  const { note: _n, ...completionKept } = completion ?? { completedAt: '', hours: [] };
  return {
    ...rest,
    contact: { name: '', phone: '', address: '' },
    description: '',
    attributes: {},
    ...(rating ? { rating: ratingKept } : {}),
    ...(completion ? { completion: completionKept } : {}),
    ...(creditsWithheld ? { creditsWithheld: { ...creditsWithheld, reason: '' } } : {}),
    ...(creditsVoided ? { creditsVoided: { ...creditsVoided, reason: '' } } : {}),
    version: request.version + 1,
    anonymisedAt: at,
  };
}

/**
 * What stands for staff's free-text reason written on a request after its resident's data was
 * anonymised (an upheld complaint's void, an hours correction: the volunteers' records, kept, so
 * these still go through): the text may name or describe the resident, and would be kept for good.
 */
export const REASON_NOT_KEPT = '原因未保存：居民的个人信息已删除 (reason not kept: the resident’s data was erased)';

/** Staff's `reason` as it may be kept on `request` (and its timeline and ledger lines): none once it is anonymised. */
export function keptReason(request: Pick<ServiceRequest, 'anonymisedAt'>, reason: string): string {
  return request.anonymisedAt ? REASON_NOT_KEPT : reason;
}

const reasonRemoved = {
  CANCELLED: {
    zh: '社区已取消需求（原因已按个人信息保护规定删除）',
    en: 'Cancelled by staff (the reason was removed under the personal-data rules)',
  },
  REJECTED: { zh: '未能受理（原因已按个人信息保护规定删除）', en: 'Not accepted (the reason was removed under the personal-data rules)' },
} as const;

/**
 * A timeline event without free text: `detail` (decline and completion notes, staff names and
 * notes) and `reason` go; a message that quoted staff's reason (a cancellation or rejection by
 * staff) says it was removed. Undefined when the event holds none.
 */
export function anonymisedEvent(event: TimelineEvent): TimelineEvent | undefined {
  const quoted = event.actor === 'admin' && (event.status === 'CANCELLED' || event.status === 'REJECTED');
  if (event.detail === undefined && event.reason === undefined && !quoted) return undefined;
  const { detail: _d, reason: _r, ...rest } = event;
  return quoted && (event.status === 'CANCELLED' || event.status === 'REJECTED') ? { ...rest, message: reasonRemoved[event.status] } : rest;
}
