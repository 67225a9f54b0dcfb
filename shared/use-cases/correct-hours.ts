/**
 * POST /admin/requests/{id}/hours-correction: staff of the request's area correct a closed
 * request's hours per volunteer (`shared/domain/hours-correction.ts`). The request's record is
 * written first (conditional on its version, with the timeline's note); then each named
 * volunteer's credit is brought to what a first posting of the corrected record would credit
 * under the rules in force: posted for someone left out, else an adjustment line with the change.
 * The business key is the volunteer's minutes on the request: a repeat, or a retry after a crash
 * between the two writes, finds the record and the ledger agreeing and changes nothing more.
 */
import { creditsFor, ledgerKeyOf, servedByLedger, type CreditEntry } from '#shared/domain/credit';
import type { NamedHours } from '#shared/domain/completion';
import { ConflictError, IllegalTransitionError, NotFoundError } from '#shared/domain/errors';
import { correctClosedVisit, parseHoursCorrection, teamOfClosedVisit } from '#shared/domain/hours-correction';
import type { ServiceRequest } from '#shared/domain/service-request';
import { assertInScope, type Staff } from '#shared/domain/staff';
import { orderMonth } from '#shared/domain/team';
import { volunteerIdOf } from '#shared/domain/volunteer';
import type { Clock } from '#shared/ports/clock';
import type { CreditLedger } from '#shared/ports/credit-ledger';
import type { RequestRepository } from '#shared/ports/request-repository';
import type { VolunteerRegistry } from '#shared/ports/volunteer-registry';
import { namedHours } from './team-work';

export interface CorrectHoursDeps {
  readonly requests: RequestRepository;
  readonly credits: CreditLedger;
  readonly volunteers: Pick<VolunteerRegistry, 'members' | 'get' | 'countService'>;
  readonly clock: Clock;
}

type Figures = Pick<CreditEntry, 'minutes' | 'hours' | 'points'>;

export interface CorrectedVolunteer {
  readonly volunteer: string;
  readonly volunteerId?: string;
  /** `posted`: credited for the first time; `adjusted`: a correction line; `unchanged`: the ledger held these minutes already. */
  readonly outcome: 'posted' | 'adjusted' | 'unchanged';
  readonly from: Figures;
  readonly to: Figures;
}

const none: Figures = { minutes: 0, hours: 0, points: 0 };
const figures = (entry: Figures | undefined): Figures =>
  entry ? { minutes: entry.minutes, hours: entry.hours, points: entry.points } : none;
const tidy = (n: number) => Math.round(n * 10_000) / 10_000;

/** Tries of one volunteer's credit before giving up when other corrections keep landing first. */
const LEDGER_ATTEMPTS = 5;

export async function correctClosedHours(
  deps: CorrectHoursDeps,
  staff: Staff,
  id: string,
  body: unknown,
): Promise<{ id: string; volunteers: CorrectedVolunteer[] }> {
  const input = parseHoursCorrection(body);
  const request = await deps.requests.get(id);
  if (!request) throw new NotFoundError('Request');
  assertInScope(staff, request.areaId, 'Request');
  const team = teamOfClosedVisit(request);
  const named = await namedHours(deps, team.id, input.hours);
  const now = deps.clock.now();
  // Checked (and refused) before anything is written: nothing half-done.
  const change = correctClosedVisit(request, staff, now, { hours: named, reason: input.reason });
  await refuseVoided(deps, request, team.id, named);
  const rules = await deps.credits.rules(request.areaId);
  const corrected = change ? await written(deps, request, change) : request;
  const at = now.toISOString();
  const due = new Map(creditsFor(corrected, rules, at).map((entry) => [entry.volunteerKey, entry]));
  const volunteers: CorrectedVolunteer[] = [];
  for (const record of named) {
    const key = ledgerKeyOf(team.id, record);
    const outcome = await creditAsRecorded(deps, corrected, key, due.get(key), { reason: input.reason, by: staff.id, at });
    volunteers.push({ volunteer: record.volunteer, ...(record.volunteerId ? { volunteerId: record.volunteerId } : {}), ...outcome });
  }
  return { id, volunteers };
}

/** A voided credit (an upheld complaint) stays voided: 409 if any ledger of the visit, or one named, was. */
async function refuseVoided(deps: CorrectHoursDeps, request: ServiceRequest, teamId: string, named: NamedHours): Promise<void> {
  const keys = new Set([...servedByLedger(request).keys(), ...named.map((record) => ledgerKeyOf(teamId, record))]);
  for (const key of keys) {
    const credit = await deps.credits.creditFor(key, request.id);
    if (credit?.voided) throw new ConflictError('A complaint was upheld for this request: its credits are voided, not corrected');
  }
}

/** The corrected request as stored: this change, or a twin's with the same hours that came first (else 409). */
async function written(deps: CorrectHoursDeps, request: ServiceRequest, change: NonNullable<ReturnType<typeof correctClosedVisit>>) {
  try {
    await deps.requests.changeStatus({ before: request, ...change });
    return change.after;
  } catch (error) {
    if (!(error instanceof IllegalTransitionError)) throw error;
  }
  const now = await deps.requests.get(request.id);
  const same = JSON.stringify(now?.completion?.hours) === JSON.stringify(change.after.completion?.hours);
  if (now && same) return now;
  throw new ConflictError('The request changed in the meantime; reload and try again');
}

/**
 * Brings one ledger's credit for the request to `due` (undefined: nothing due): each try reads
 * what stands and writes the change from it, once (`seq`); another writer first makes it read
 * again, and then usually find nothing left to do.
 */
async function creditAsRecorded(
  deps: CorrectHoursDeps,
  request: ServiceRequest,
  key: string,
  due: CreditEntry | undefined,
  why: { readonly reason: string; readonly by: string; readonly at: string },
): Promise<Omit<CorrectedVolunteer, 'volunteer' | 'volunteerId'>> {
  for (let attempt = 1; attempt <= LEDGER_ATTEMPTS; attempt++) {
    const credit = await deps.credits.creditFor(key, request.id);
    if (credit?.voided) throw new ConflictError('A complaint was upheld for this request: its credits are voided, not corrected');
    if (credit && credit.entry.volunteerKey !== key)
      throw new ConflictError("This guest's hours were merged into a registered volunteer's: correct them under the person");
    const from = figures(credit?.entry);
    const to = figures(due);
    if (from.minutes === to.minutes) return { outcome: 'unchanged', from, to };
    if (!credit) {
      // Left out of the record when it closed: credited now, as the close would have.
      if ((await deps.credits.post(due!)) === 'posted') {
        await countService(deps, request, due!);
        return { outcome: 'posted', from, to };
      }
      continue;
    }
    const outcome = await deps.credits.adjust({
      volunteerKey: key,
      requestId: request.id,
      ...((due?.teamId ?? credit.entry.teamId) ? { teamId: due?.teamId ?? credit.entry.teamId } : {}),
      seq: (credit.entry.adjustments ?? 0) + 1,
      minutes: to.minutes - from.minutes,
      hours: tidy(to.hours - from.hours),
      points: tidy(to.points - from.points),
      ...why,
    });
    if (outcome === 'adjusted') return { outcome: 'adjusted', from, to };
    if (outcome === 'voided') throw new ConflictError('A complaint was upheld for this request: its credits are voided, not corrected');
  }
  throw new ConflictError('The credit changed in the meantime; reload and try again');
}

/** A registered person credited for the first time is counted in the volunteer statistics, as at the close. */
async function countService(deps: CorrectHoursDeps, request: ServiceRequest, entry: CreditEntry): Promise<void> {
  const volunteerId = volunteerIdOf(entry.volunteerKey);
  if (!volunteerId) return;
  const month = orderMonth(new Date(servedByLedger(request).get(entry.volunteerKey)?.lastVisit.completedAt ?? request.updatedAt));
  await deps.volunteers.countService({ volunteerId, requestId: request.id, areaId: request.areaId, month, hours: entry.hours });
}
