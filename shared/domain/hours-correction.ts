/**
 * Staff correct a closed request's hours, per volunteer (更正志愿服务时长): 2 h entered for a 4 h
 * visit, a volunteer left out, one credited who was not there. Under 谁记录谁证明 the station that
 * organized the visit keeps its record true after the close too. The correction changes the
 * visit's record on the request (who served how long, what the service-record export reads) and
 * the credit ledger follows it with an adjustment line per volunteer (`correct-hours.ts`), so
 * what was uploaded and certified before stays explained. The last visit is the one corrected;
 * each volunteer still counts a day at most on it. The timeline says who, when and why, with
 * minutes in all, never a volunteer's name.
 */
import * as z from '#shared/domain/zod';
import { MAX_VISIT_VOLUNTEERS, type NamedHours } from './completion';
import { ledgerKeyOf, servedByLedger } from './credit';
import { ConflictError, ValidationError } from './errors';
import type { Transition } from './offer-lifecycle';
import { isSettled, type ServiceRequest } from './service-request';
import type { Staff } from './staff';
import { minutesInAll, sameHours, staffReason } from './staff-hours';
import { parseOrThrow, plainText } from './validation';
import { MAX_VISIT_MINUTES, minutesBoundMessage } from './visit-minutes';

const correctedRecord = z
  .strictObject({
    /** A registered member of the team (`GET /team/members`). */
    volunteerId: z.optional(z.string().check(z.regex(/^[0-9a-z]{20}$/, "A volunteer id from the team's members"))),
    /** A guest's name as the visit's record holds it (or a member's exact registered name). */
    volunteer: z.optional(plainText().check(z.trim(), z.minLength(1), z.maxLength(60))),
    /** The minutes the volunteer served on the visit; 0: they were not there. */
    minutes: z
      .int()
      .check(
        z.gte(0, 'At least 0 (0: not there)'),
        z.lte(MAX_VISIT_MINUTES, minutesBoundMessage({ minutes: MAX_VISIT_MINUTES, by: 'day' }, false)),
      ),
  })
  .check(
    z.refine((r) => r.volunteerId !== undefined || r.volunteer !== undefined, {
      message: "Give volunteerId (a member) or volunteer (a guest's name)",
      path: ['volunteer'],
    }),
  );

export const hoursCorrectionSchema = z.strictObject({
  hours: z.array(correctedRecord).check(z.minLength(1, 'List at least one volunteer and their corrected minutes'), z.maxLength(50)),
  reason: staffReason('Say why the hours are corrected (e.g. the visit took 4 hours, not 2)'),
});

export type HoursCorrectionInput = z.output<typeof hoursCorrectionSchema>;

export function parseHoursCorrection(body: unknown): HoursCorrectionInput {
  return parseOrThrow(hoursCorrectionSchema, body ?? {});
}

/**
 * The team whose closed visit staff may correct. Before the close the hours are recorded through
 * POST /admin/requests/{id}/hours; while the credits are being posted, or once a complaint
 * withheld them, there is nothing to correct against.
 */
export function teamOfClosedVisit(request: ServiceRequest): { readonly id: string; readonly name: string } {
  if (!isSettled(request))
    throw new ConflictError(
      `This request is ${request.status}: until it is closed, record its hours through POST /admin/requests/{id}/hours`,
    );
  if (!request.completion) throw new ConflictError(`This request is ${request.status} without a visit: it has no hours to correct`);
  // A wish claimed by a volunteer or a work unit has no team: the claimer reports their own hours.
  if (!request.assignedTeam) throw new ConflictError("Only a team's visit has hours staff correct");
  if (request.creditsWithheld || request.creditsVoided)
    throw new ConflictError('A complaint was upheld for this request: its credits are voided, not corrected');
  if (request.creditsPending) throw new ConflictError('The credits of this request are being posted; try again in a minute');
  return request.assignedTeam;
}

/**
 * A corrected row: who and how long. `replaces`: the ledger key of a guest's row on the record
 * whose line was merged into this person's (`correction-rows.ts`): the person takes the guest's place.
 */
export type CorrectionRow = NamedHours[number] & { readonly replaces?: string };

/**
 * The visit's record with each named volunteer's minutes set (their records become one; 0 takes
 * them off; someone left out is added at the end), the others as they were. A row that replaces
 * a merged guest stands in the guest's place; with the person's own row too, their minutes add
 * up, as their ledger lines did when merged.
 */
export function correctedHours(teamId: string, recorded: NamedHours, corrections: readonly CorrectionRow[]): NamedHours {
  const keyOf = (record: { readonly volunteer: string; readonly volunteerId?: string }) => ledgerKeyOf(teamId, record);
  const issues = corrections.flatMap((record, index) =>
    // Two rows of one ledger are one volunteer listed twice, unless one stands for a merged guest and the other for the person.
    corrections.some((other, j) => j < index && keyOf(other) === keyOf(record) && other.replaces === record.replaces)
      ? [{ field: `hours.${index}.volunteer`, message: 'Listed twice' }]
      : [],
  );
  if (issues.length > 0) throw new ValidationError(issues);
  const byLedger = new Map<string, NamedHours[number]>();
  for (const [index, { replaces: _replaces, ...record }] of corrections.entries()) {
    const key = keyOf(record);
    const there = byLedger.get(key);
    const minutes = (there?.minutes ?? 0) + record.minutes;
    if (minutes > MAX_VISIT_MINUTES)
      throw new ValidationError([
        {
          field: `hours.${index}.minutes`,
          message: `With the merged guest's row: ${minutesBoundMessage({ minutes: MAX_VISIT_MINUTES, by: 'day' }, false)}`,
        },
      ]);
    byLedger.set(key, there ? { ...there, minutes } : record);
  }
  const replacedBy = new Map(corrections.flatMap((record) => (record.replaces ? [[record.replaces, keyOf(record)] as const] : [])));
  const placed = new Set<string>();
  const kept = recorded.flatMap((record) => {
    const key = replacedBy.get(keyOf(record)) ?? keyOf(record);
    const correction = byLedger.get(key);
    if (!correction) return [record];
    if (placed.has(key)) return [];
    placed.add(key);
    return correction.minutes > 0 ? [correction] : [];
  });
  const added = [...byLedger].flatMap(([key, record]) => (!placed.has(key) && record.minutes > 0 ? [record] : []));
  const hours = [...kept, ...added];
  if (hours.length === 0)
    throw new ValidationError([
      { field: 'hours', message: 'A visit keeps at least one volunteer; if nobody served, void the credits (void-credits)' },
    ]);
  // The rows kept and added together: a visit lists no more than a completion may.
  if (hours.length > MAX_VISIT_VOLUNTEERS)
    throw new ValidationError([{ field: 'hours', message: `A visit lists at most ${MAX_VISIT_VOLUNTEERS} volunteers` }]);
  return hours;
}

/**
 * The request with its last visit's hours corrected, and a timeline note naming the staff member
 * and the reason. Undefined when the record holds these very minutes already (a repeat).
 */
export function correctClosedVisit(
  request: ServiceRequest,
  staff: Staff,
  now: Date,
  input: { readonly hours: readonly CorrectionRow[]; readonly reason: string },
): Transition | undefined {
  const team = teamOfClosedVisit(request);
  const completion = request.completion!;
  const hours = correctedHours(team.id, completion.hours, input.hours);
  if (sameHours(completion.hours, hours)) return undefined;
  const at = now.toISOString();
  const corrected: ServiceRequest = { ...request, completion: { ...completion, hours } };
  const still = servedByLedger(corrected);
  const off = [...servedByLedger(request).keys()].filter((key) => !still.has(key) && !request.correctedOff?.includes(key));
  const after: ServiceRequest = {
    ...corrected,
    version: request.version + 1,
    updatedAt: at,
    ...(off.length > 0 ? { correctedOff: [...(request.correctedOff ?? []), ...off] } : {}),
  };
  return {
    after,
    event: {
      requestId: after.id,
      at,
      seq: after.version,
      type: 'NOTE',
      message: { zh: '工作人员更正了已结单的志愿服务时长', en: 'Staff corrected the volunteer hours after the close' },
      actor: 'admin',
      detail: `${staff.name}: ${input.reason} (${minutesInAll(completion.hours)} → ${minutesInAll(hours)} min)`,
    },
  };
}
