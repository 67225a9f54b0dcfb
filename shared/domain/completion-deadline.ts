/**
 * An accepted order's completion deadline (完成时限), after the hotline rules in DOMAIN.md: a
 * deadline per service, a reminder to the team before it, and a warning the day after it when the
 * order is still not done. The deadline is set on accept; the sweep sends each notice once (a
 * change of the request's own, conditional on its version, which carries the notice).
 *
 * Counted in clock days from the accept, nights, weekends and holidays included, like `slaHours`:
 * the hotline rules count working days, which nothing here models yet.
 */
import type { Service } from './catalog';
import { addMinutes } from './dispatch-policy';
import type { CompleteBy, ServiceRequest, TimelineEvent, Transition } from './service-request';

/** Days a team has to complete an accepted order unless its service sets `dispatch.completeDays`. */
export const COMPLETE_DAYS = 3;
/** The reminder goes this long before the deadline (or halfway, for a shorter one). */
const REMIND_BEFORE_MINUTES = 24 * 60;
/** The overdue warning goes this long after the deadline: "the next day". */
export const OVERDUE_WARNING_AFTER_MINUTES = 24 * 60;

export type CompletionNoticeKind = 'completion-reminder' | 'completion-overdue';

export function completeDays(service: Partial<Pick<Service, 'dispatch'>> | undefined): number {
  return service?.dispatch?.completeDays ?? COMPLETE_DAYS;
}

/** An order just accepted at `at`: its deadline, and due for its reminder. */
export function withCompletionDeadline(
  after: ServiceRequest,
  at: string,
  service: Partial<Pick<Service, 'dispatch'>> | undefined,
): ServiceRequest {
  const completeBy = { deadline: addMinutes(at, completeDays(service) * 1440) };
  return { ...after, completeBy, dueAt: remindAt(at, completeBy.deadline) };
}

function remindAt(acceptedAt: string, deadline: string): string {
  const minutes = (Date.parse(deadline) - Date.parse(acceptedAt)) / 60_000;
  return addMinutes(acceptedAt, Math.max(minutes - REMIND_BEFORE_MINUTES, minutes / 2));
}

/**
 * By when an accepted request should be done: a claimed wish by its claim's deadline; an order by
 * its completion deadline, or, accepted before deadlines were set, `completeDays` from its accept.
 */
export function completionDeadline(
  request: Pick<ServiceRequest, 'status' | 'claim' | 'completeBy' | 'acceptedAt'>,
  service: Partial<Pick<Service, 'dispatch'>> | undefined,
): string | undefined {
  if (request.status !== 'ACCEPTED') return undefined;
  if (request.claim) return request.claim.deadline;
  if (request.completeBy) return request.completeBy.deadline;
  return request.acceptedAt ? addMinutes(request.acceptedAt, completeDays(service) * 1440) : undefined;
}

/** An accepted order (not a claimed wish) with its completion deadline. */
type Due = ServiceRequest & { readonly status: 'ACCEPTED'; readonly completeBy: CompleteBy; readonly acceptedAt: string };

function due(request: ServiceRequest): request is Due {
  return request.status === 'ACCEPTED' && !request.claim && request.completeBy !== undefined && request.acceptedAt !== undefined;
}

/** When the sweep is next due for the order's deadline notices, from `at`; undefined once both are done (or none apply). */
export function nextCompletionCheck(request: ServiceRequest, at: string): string | undefined {
  if (!due(request) || request.completeBy.warned) return undefined;
  const { deadline, reminded } = request.completeBy;
  const reminder = remindAt(request.acceptedAt, deadline);
  if (!reminded && at < reminder) return reminder;
  return addMinutes(deadline, OVERDUE_WARNING_AFTER_MINUTES);
}

/**
 * The notice the order calls for at `now`, as a change (version + 1, so two sweeps send it once):
 * the reminder between its time and the deadline (a sweep later than that sends none), the
 * overdue warning from a day after the deadline. Undefined when neither is due.
 */
export function completionStep(request: ServiceRequest, now: Date): { kind: 'reminded' | 'warned'; change: Transition } | undefined {
  if (!due(request) || request.completeBy.warned) return undefined;
  const at = now.toISOString();
  const { deadline, reminded } = request.completeBy;
  if (at >= addMinutes(deadline, OVERDUE_WARNING_AFTER_MINUTES)) {
    const message = {
      zh: '已超过完成期限仍未完成，已提醒服务队尽快完成',
      en: 'Not completed a day after its completion deadline; the team was warned',
    };
    const { dueAt: _due, ...rest } = request;
    return { kind: 'warned', change: noted({ ...rest, completeBy: { ...request.completeBy, warned: true } }, at, message) };
  }
  if (reminded || at < remindAt(request.acceptedAt, deadline) || at >= deadline) return undefined;
  const message = { zh: '已提醒服务队按期完成服务', en: 'The team was reminded of the completion deadline' };
  const completeBy = { ...request.completeBy, reminded: true as const };
  const after = { ...request, completeBy, dueAt: addMinutes(deadline, OVERDUE_WARNING_AFTER_MINUTES) };
  return { kind: 'reminded', change: noted(after, at, message) };
}

function noted(request: ServiceRequest, at: string, message: TimelineEvent['message']): Transition {
  const after = { ...request, version: request.version + 1, updatedAt: at };
  return { after, event: { requestId: after.id, at, seq: after.version, type: 'NOTE', message, actor: 'system' } };
}

/** The deadline notice a change carries: the one the sweep's step marked sent (`completionStep`). */
export function completionNoticeOf(before: ServiceRequest, after: ServiceRequest): CompletionNoticeKind | undefined {
  if (after.status !== 'ACCEPTED' || before.status !== 'ACCEPTED' || !after.completeBy) return undefined;
  if (after.completeBy.warned && !before.completeBy?.warned) return 'completion-overdue';
  if (after.completeBy.reminded && !before.completeBy?.reminded) return 'completion-reminder';
  return undefined;
}
