/** The accepting team's completion report (完成): a note and the minutes of each volunteer. */
import * as z from 'zod';
import { ConflictError } from './errors';
import type { Transition } from './offer-lifecycle';
import { statusEvent, withStatus, type ServiceRequest } from './service-request';
import { optionalPlainText, parseOrThrow, plainText } from './validation';
import { feedbackDeadline } from './resident-feedback';

export const completionSchema = z.strictObject({
  note: optionalPlainText(1000, { multiline: true }),
  hours: z
    .array(
      z.strictObject({
        /** A volunteer id or name, as the team knows its members. */
        volunteer: plainText().trim().min(1).max(60),
        minutes: z
          .number()
          .int()
          .min(1)
          .max(24 * 60),
      }),
    )
    .min(1, 'List at least one volunteer and the minutes served')
    .max(50),
});

export type CompletionReport = z.output<typeof completionSchema>;

export function parseCompletion(input: unknown): CompletionReport {
  return parseOrThrow(completionSchema, input ?? {});
}

export function complete(request: ServiceRequest, teamId: string, now: Date, report: CompletionReport): Transition {
  if (request.status !== 'ACCEPTED' || request.assignedTeam?.id !== teamId) {
    throw new ConflictError('Only the team that accepted this request can complete it, once');
  }
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
