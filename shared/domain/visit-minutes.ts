/**
 * The plausibility bound on the minutes reported for a visit: a volunteer can not have served
 * longer than the time since the team accepted the order, or the claimer claimed the wish (only
 * then does the resident's address reach them; a reopened request is accepted anew), nor longer
 * than a day on one visit however long the order was held. Input past it is refused, naming the
 * record; what is credited of plausible minutes is the credit rules' affair (their cap per
 * activity), not this.
 */
import { ValidationError, type FieldIssue } from './errors';
import type { Completion, ServiceRequest } from './service-request';

/** Minutes reported past the bound: a 400 like any bad input, told apart where a page says why in its own words. */
export class ImplausibleMinutesError extends ValidationError {}

/** A day: the most one visit counts for one volunteer, whatever the time since acceptance. */
export const MAX_VISIT_MINUTES = 24 * 60;

export interface MinutesBound {
  readonly minutes: number;
  /** What bounds it: the time since the acceptance or the claim, or the day. */
  readonly by: 'accepted' | 'claimed' | 'day';
}

/**
 * When the work could begin: the acceptance or the claim. A request accepted before
 * `acceptedAt` was kept has its claim's time, or its `updatedAt`: nothing else changes a
 * request while a team holds it but a claim's reminder, and a claim has its own time.
 */
export function workSince(request: Pick<ServiceRequest, 'acceptedAt' | 'claim' | 'updatedAt'>): string {
  return request.acceptedAt ?? request.claim?.claimedAt ?? request.updatedAt;
}

/** The most minutes one volunteer can report for this visit at `now` (a minute begun counts). */
export function visitMinutesBound(request: Pick<ServiceRequest, 'acceptedAt' | 'claim' | 'updatedAt'>, now: Date): MinutesBound {
  const elapsed = Math.max(0, Math.ceil((now.getTime() - Date.parse(workSince(request))) / 60_000));
  if (elapsed >= MAX_VISIT_MINUTES) return { minutes: MAX_VISIT_MINUTES, by: 'day' };
  return { minutes: elapsed, by: request.claim ? 'claimed' : 'accepted' };
}

const why: Readonly<Record<MinutesBound['by'], string>> = {
  accepted: 'the time since the order was accepted',
  claimed: 'the time since the wish was claimed',
  day: 'one visit counts a day at most',
};

/** The refusal's words; `issue-words.ts` has them in Chinese by this pattern. */
export function minutesBoundMessage(bound: MinutesBound, inAll: boolean): string {
  return `At most ${bound.minutes} minute${bound.minutes === 1 ? '' : 's'}${inAll ? ' in all for this volunteer' : ''}: ${why[bound.by]}`;
}

/**
 * Refuses the records past the bound, each named by `field(index)`: a volunteer's minutes count
 * together over every record of theirs (a member by id, a guest by name). A team's report and
 * staff's /hours list each person once (`namedHours` refuses a second row); the sum still bounds
 * any list that reaches here with one.
 */
export function checkVisitMinutes(hours: Completion['hours'], bound: MinutesBound, field: (index: number) => string): void {
  const totals = new Map<string, number>();
  const issues: FieldIssue[] = [];
  hours.forEach((record, index) => {
    const who = record.volunteerId ? `id:${record.volunteerId}` : `name:${record.volunteer}`;
    const total = (totals.get(who) ?? 0) + record.minutes;
    totals.set(who, total);
    if (total > bound.minutes) issues.push({ field: field(index), message: minutesBoundMessage(bound, total > record.minutes) });
  });
  if (issues.length > 0) throw new ImplausibleMinutesError(issues);
}
