/** The accepting team's completion report (完成): a note and the minutes of each volunteer. */
import * as z from '#shared/domain/zod';
import { ConflictError } from './errors';
import type { Transition } from './offer-lifecycle';
import { statusEvent, withStatus, type ServiceRequest } from './service-request';
import { optionalPlainText, parseOrThrow, plainText } from './validation';
import { feedbackDeadline } from './resident-feedback';
import { checkVisitMinutes, MAX_VISIT_MINUTES, visitMinutesBound } from './visit-minutes';

const hoursRecord = z
  .strictObject({
    /** A registered member of the team (`GET /team/members`): one ledger for the person, whatever team they serve. */
    volunteerId: z.optional(z.string().check(z.regex(/^[0-9a-z]{20}$/, "A volunteer id from the team's members"))),
    /** A name as the team knows a guest not (yet) registered; for a member, their registered name is used. */
    volunteer: z.optional(plainText().check(z.trim(), z.minLength(1), z.maxLength(60))),
    minutes: z.int().check(z.gte(1), z.lte(MAX_VISIT_MINUTES)),
  })
  .check(
    z.refine((r) => r.volunteerId !== undefined || r.volunteer !== undefined, {
      message: "Give volunteerId (a member) or volunteer (a guest's name)",
      path: ['volunteer'],
    }),
  );

/** The most volunteers one visit lists (a request fact carries every visit's, up to 1,000 in all). */
export const MAX_VISIT_VOLUNTEERS = 50;

/** Each volunteer's minutes of one visit, as a team reports them or staff record them (`staff-hours.ts`). */
export const hoursListSchema = z
  .array(hoursRecord)
  .check(z.minLength(1, 'List at least one volunteer and the minutes served'), z.maxLength(MAX_VISIT_VOLUNTEERS));

export const completionSchema = z.strictObject({
  note: optionalPlainText(1000, { multiline: true }),
  hours: hoursListSchema,
});

export type CompletionReport = z.output<typeof completionSchema>;

export function parseCompletion(input: unknown): CompletionReport {
  return parseOrThrow(completionSchema, input ?? {});
}

/** A record of the report as stored: every record named, members by their registered name. */
export type NamedHours = NonNullable<ServiceRequest['completion']>['hours'];

export function complete(
  request: ServiceRequest,
  teamId: string,
  now: Date,
  report: { readonly note?: string | undefined; readonly hours: NamedHours },
): Transition {
  if (request.status !== 'ACCEPTED' || request.assignedTeam?.id !== teamId) {
    throw new ConflictError('Only the team that accepted this request can complete it, once');
  }
  checkVisitMinutes(report.hours, visitMinutesBound(request, now), (index) => `hours.${index}.minutes`);
  const at = now.toISOString();
  const after: ServiceRequest = {
    ...withStatus(request, 'COMPLETED', at),
    completion: { completedAt: at, ...(report.note ? { note: report.note } : {}), hours: report.hours },
    // The sweeper closes it if the resident neither rates nor reopens in time.
    dueAt: feedbackDeadline(at),
  };
  const event = statusEvent(
    after,
    { zh: `${request.assignedTeam.name} 已完成服务`, en: `${request.assignedTeam.name} completed the service` },
    'team',
  );
  return { after, event: report.note ? { ...event, detail: report.note } : event };
}
