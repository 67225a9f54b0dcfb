/**
 * Staff record or correct a team's visit hours past the bound of the team's own report
 * (`visit-minutes.ts`). Under 谁记录谁证明 the organizer of a service records it. A station often
 * phones a team that goes at once and accepts in the app only afterwards. The team's report is
 * then bounded by the minutes since that late acceptance, and the station that organized the visit
 * records what was served. Each volunteer still counts a day at most.
 * While the team holds the order, staff report it done for the team; once it is done, they replace
 * its minutes. Once the request is closed, its hours are on the credit ledger (once per volunteer
 * and request): they are corrected through `hours-correction.ts`, which adjusts the ledger too.
 * The timeline says who did it, when and why. It gives minutes in all, never names.
 */
import * as z from '#shared/domain/zod';
import { hoursListSchema, type NamedHours } from './completion';
import { ConflictError } from './errors';
import type { Transition } from './offer-lifecycle';
import { feedbackDeadline } from './resident-feedback';
import { statusEvent, withStatus, type ServiceRequest } from './service-request';
import type { Staff } from './staff';
import { parseOrThrow, plainText } from './validation';
import { checkVisitMinutes, MAX_VISIT_MINUTES } from './visit-minutes';

/** Why staff record or correct a visit's hours: required, `missing` saying what a reason looks like. */
export const staffReason = (missing: string) => plainText({ multiline: true }).check(z.trim(), z.minLength(1, missing), z.maxLength(500));

export const staffHoursSchema = z.strictObject({
  hours: hoursListSchema,
  reason: staffReason('Say why staff record these hours (e.g. the station phoned the team, which went before accepting)'),
});

export type StaffHoursInput = z.output<typeof staffHoursSchema>;

export function parseStaffHours(body: unknown): StaffHoursInput {
  return parseOrThrow(staffHoursSchema, body ?? {});
}

/** The team whose visit staff may record: the holder of an accepted order, or the team that completed it. */
export function teamOfVisit(request: ServiceRequest): { readonly id: string; readonly name: string } {
  const open = request.status === 'ACCEPTED' || (request.status === 'COMPLETED' && request.completion !== undefined);
  if (!open) {
    const ended = request.status === 'CANCELLED' || request.status === 'EXPIRED' || request.status === 'REJECTED';
    throw new ConflictError(
      request.status === 'CLOSED'
        ? `This request is ${request.status}: its hours are credited as they stand (correct them through hours-correction)`
        : ended
          ? `This request is ${request.status}: it ended without a visit, so it has no hours to record`
          : `Only an accepted or completed request has hours to record; this one is ${request.status}`,
    );
  }
  // A wish claimed by a volunteer or a work unit has no team: the claimer reports their own hours.
  if (!request.assignedTeam) throw new ConflictError("Only a team's order has hours staff record; a claimer reports their own");
  return request.assignedTeam;
}

/** The minutes of a visit's record, all volunteers together. */
export const minutesInAll = (hours: NamedHours) => hours.reduce((sum, record) => sum + record.minutes, 0);

/** Whether two reports name the same volunteers with the same minutes, in the same order. */
export function sameHours(a: NamedHours, b: NamedHours): boolean {
  return (
    a.length === b.length &&
    a.every((r, i) => r.volunteer === b[i]!.volunteer && r.volunteerId === b[i]!.volunteerId && r.minutes === b[i]!.minutes)
  );
}

/**
 * The change staff make: an accepted order reported done for its team, or a completed one's
 * minutes replaced, each with a timeline event naming the staff member and the reason. Returns
 * undefined when the request is completed with these very hours (a repeat changes nothing).
 */
export function recordHoursByStaff(
  request: ServiceRequest,
  staff: Staff,
  now: Date,
  input: { readonly hours: NamedHours; readonly reason: string },
): Transition | undefined {
  const team = teamOfVisit(request);
  checkVisitMinutes(input.hours, { minutes: MAX_VISIT_MINUTES, by: 'day' }, (index) => `hours.${index}.minutes`);
  const at = now.toISOString();
  const detail = `${staff.name}: ${input.reason}`;
  if (request.status === 'ACCEPTED') {
    const after: ServiceRequest = {
      ...withStatus(request, 'COMPLETED', at),
      completion: { completedAt: at, hours: input.hours },
      // As for a team's report: the sweeper closes it if the resident neither rates nor reopens in time.
      dueAt: feedbackDeadline(at),
    };
    const event = statusEvent(
      after,
      { zh: `${team.name} 已完成服务（服务时长由工作人员登记）`, en: `${team.name} completed the service (hours recorded by staff)` },
      'admin',
    );
    return { after, event: { ...event, detail: `${detail} (${minutesInAll(input.hours)} min)` } };
  }
  const completion = request.completion!;
  if (sameHours(completion.hours, input.hours)) return undefined;
  const after: ServiceRequest = {
    ...request,
    version: request.version + 1,
    updatedAt: at,
    completion: { ...completion, hours: input.hours },
  };
  return {
    after,
    event: {
      requestId: after.id,
      at,
      seq: after.version,
      type: 'NOTE',
      message: { zh: '工作人员更正了志愿服务时长', en: 'Staff corrected the volunteer hours' },
      actor: 'admin',
      detail: `${detail} (${minutesInAll(completion.hours)} → ${minutesInAll(input.hours)} min)`,
    },
  };
}
