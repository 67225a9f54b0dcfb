/**
 * POST /admin/requests/{id}/hours-correction: staff of the request's area correct a closed
 * request's hours per volunteer (`shared/domain/hours-correction.ts`). Everything that refuses it
 * is checked before anything is written; the request's record is written first (conditional on
 * its version, with the timeline's note); then each named volunteer's credit is brought to what a
 * first posting of the record as it stands would credit under the request's own rules (those it
 * was priced by, `credit-rules-of-request.ts`; never rules changed since): posted for someone
 * left out, else an adjustment line with the change. Each answer's `to` is what the ledger holds. Each try reads the ledger, then the
 * request again, so a correction that came after this one's record is what the ledger follows,
 * and one found voided (`creditsVoided`) after a write voids what it wrote. The business key is
 * the volunteer's minutes on the request: a repeat, or a retry after a crash between the writes,
 * finds the record and the ledger agreeing and changes nothing more. A ledger holding a merged
 * guest's credit of the request (priced as a row apart) is brought to the record's price too.
 */
import { creditsFor, ledgerKeyOf, creditedLedgers, servedByLedger, type CreditEntry, type CreditRules } from '#shared/domain/credit';
import type { NamedHours } from '#shared/domain/completion';
import { ConflictError, IllegalTransitionError, NotFoundError } from '#shared/domain/errors';
import { keptReason } from '#shared/domain/retention';
import { correctClosedVisit, parseHoursCorrection, teamOfClosedVisit } from '#shared/domain/hours-correction';
import type { ServiceRequest } from '#shared/domain/service-request';
import { assertInScope, type Staff } from '#shared/domain/staff';
import { orderMonth } from '#shared/domain/team';
import { volunteerIdOf } from '#shared/domain/volunteer';
import type { CertificateStore } from '#shared/ports/certificate-store';
import type { Clock } from '#shared/ports/clock';
import type { CreditLedger } from '#shared/ports/credit-ledger';
import type { RequestRepository } from '#shared/ports/request-repository';
import type { VolunteerRegistry } from '#shared/ports/volunteer-registry';
import { recoveredCreditRules } from '#shared/domain/credit-rules-of-request';
import { certificatesAffectedBy } from './certificate-corrections';
import { correctionRows } from './correction-rows';
import { voidStanding } from './volunteer-credits';

export interface CorrectHoursDeps {
  readonly requests: RequestRepository;
  readonly credits: CreditLedger;
  readonly volunteers: Pick<VolunteerRegistry, 'members' | 'get' | 'countService'>;
  readonly certificates: Pick<CertificateStore, 'listFor' | 'markCorrected'>;
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

/** Reads of one volunteer's credit (a write takes one, its confirmation another) before giving up when other corrections keep landing. */
const LEDGER_ATTEMPTS = 6;

const voidedMessage = 'A complaint was upheld for this request: its credits are voided, not corrected';

export async function correctClosedHours(
  deps: CorrectHoursDeps,
  staff: Staff,
  id: string,
  body: unknown,
): Promise<{ id: string; volunteers: CorrectedVolunteer[]; certificates?: string[] }> {
  const parsed = parseHoursCorrection(body);
  const request = await deps.requests.get(id);
  if (!request) throw new NotFoundError('Request');
  assertInScope(staff, request.areaId, 'Request');
  // On an anonymised request the hours are still corrected (the volunteers' records), its reason not kept:
  // the record's write is conditional on this version, so one anonymised meanwhile is refused (409).
  const input = { ...parsed, reason: keptReason(request, parsed.reason) };
  const team = teamOfClosedVisit(request);
  const named = await correctionRows(deps, request, team.id, input.hours);
  const now = deps.clock.now();
  // Checked (and refused) before anything is written: nothing half-done.
  const change = correctClosedVisit(request, staff, now, { hours: named, reason: input.reason });
  await refuseUncorrectable(deps, request, team.id, named);
  const { rules, keep } = request.creditRules ? { rules: request.creditRules, keep: false } : await recovered(deps, request);
  // A request posted before requests kept their rules keeps those read back from its ledger now (not a guess).
  if (change) await written(deps, request, keep ? { ...change, after: { ...change.after, creditRules: rules } } : change);
  const at = now.toISOString();
  const volunteers: CorrectedVolunteer[] = [];
  const done = new Set<string>();
  for (const record of named) {
    const key = ledgerKeyOf(team.id, record);
    // A merged guest's row and the person's own name one ledger: brought to the record once, answered once.
    if (done.has(key)) continue;
    done.add(key);
    const outcome = await creditAsRecorded(deps, id, key, rules, { reason: input.reason, by: staff.id, at });
    volunteers.push({ volunteer: record.volunteer, ...(record.volunteerId ? { volunteerId: record.volunteerId } : {}), ...outcome });
  }
  // Certificates issued before that vouch for the hours as they were: marked, and named to staff.
  const corrected = await deps.requests.get(id);
  const certificates = corrected ? await certificatesAffectedBy(deps, corrected) : [];
  return certificates.length ? { id, volunteers, certificates } : { id, volunteers };
}

/**
 * 409 before anything is written: a voided credit (an upheld complaint) stays voided, for any
 * ledger of the visit or one named. (A guest's line merged into a person's is corrected there:
 * `correction-rows.ts` names the person, and the ledger step follows the line.)
 */
async function refuseUncorrectable(deps: CorrectHoursDeps, request: ServiceRequest, teamId: string, named: NamedHours): Promise<void> {
  const namedKeys = new Set(named.map((record) => ledgerKeyOf(teamId, record)));
  for (const key of new Set([...servedByLedger(request).keys(), ...namedKeys])) {
    if ((await deps.credits.creditFor(key, request.id))?.voided) throw new ConflictError(voidedMessage);
  }
}

/**
 * What the record credits the ledger `home` (`key`'s, or the person's its line was merged into):
 * the sum of the record's entries whose credit lives there (the person's own and merged guests').
 */
async function dueAt(deps: CorrectHoursDeps, request: ServiceRequest, entries: CreditEntry[], key: string, home: string) {
  const there: CreditEntry[] = [];
  for (const entry of entries) {
    if (entry.volunteerKey === key || entry.volunteerKey === home) there.push(entry);
    else if (!volunteerIdOf(entry.volunteerKey)) {
      // A guest of the record merged into the same person (whether the row names the guest or the person).
      if ((await deps.credits.creditFor(entry.volunteerKey, request.id))?.entry.volunteerKey === home) there.push(entry);
    }
  }
  if (there.length === 0) return undefined;
  const sum = (field: 'minutes' | 'hours' | 'points') => tidy(there.reduce((total, entry) => total + entry[field], 0));
  return { ...there[0]!, volunteerKey: home, minutes: sum('minutes'), hours: sum('hours'), points: sum('points') };
}

/** The rules of a request posted before requests kept them: read back from its ledger lines, as far as they show them. */
async function recovered(deps: CorrectHoursDeps, request: ServiceRequest): Promise<ReturnType<typeof recoveredCreditRules>> {
  const lines = new Map<string, CreditEntry>();
  for (const key of servedByLedger(request).keys()) {
    const credit = await deps.credits.creditFor(key, request.id);
    // A guest's line merged into a person's holds more than the guest's visits: it shows no cap.
    if (credit && !credit.voided && credit.entry.volunteerKey === key) lines.set(key, credit.entry);
  }
  return recoveredCreditRules(request, lines, await deps.credits.rules(request.areaId));
}

/** Writes the corrected record; a twin's with the same hours that came first will do (else 409). */
async function written(deps: CorrectHoursDeps, request: ServiceRequest, change: NonNullable<ReturnType<typeof correctClosedVisit>>) {
  try {
    await deps.requests.changeStatus({ before: request, ...change });
    return;
  } catch (error) {
    if (!(error instanceof IllegalTransitionError)) throw error;
  }
  const now = await deps.requests.get(request.id);
  const same = JSON.stringify(now?.completion?.hours) === JSON.stringify(change.after.completion?.hours);
  if (now && same && !now.creditsVoided) return;
  throw new ConflictError('The request changed in the meantime; reload and try again');
}

/**
 * Brings one ledger's credit for the request to what the request's record as it stands credits:
 * each try reads the credit, then the request, and writes the change once (`seq`); after a write
 * the next try confirms that the record did not change meanwhile (else it follows the new one).
 */
async function creditAsRecorded(
  deps: CorrectHoursDeps,
  requestId: string,
  key: string,
  rules: CreditRules,
  why: { readonly reason: string; readonly by: string; readonly at: string },
): Promise<Omit<CorrectedVolunteer, 'volunteer' | 'volunteerId'>> {
  let wrote: { outcome: 'posted' | 'adjusted'; from: Figures } | undefined;
  for (let attempt = 1; attempt <= LEDGER_ATTEMPTS; attempt++) {
    const credit = await deps.credits.creditFor(key, requestId);
    const request = await deps.requests.get(requestId);
    if (!request) throw new NotFoundError('Request');
    if (request.creditsVoided || request.creditsWithheld) {
      // The void may have read this ledger before this correction wrote it: what stands goes too.
      if (request.creditsVoided) await voidStanding(deps.credits, key, requestId, request.creditsVoided.reason, request.creditsVoided.at);
      throw new ConflictError(voidedMessage);
    }
    if (credit?.voided) throw new ConflictError(voidedMessage);
    // A guest's line merged into a person's (even since this correction began) is followed there.
    const home = credit?.entry.volunteerKey ?? key;
    const due = await dueAt(deps, request, creditsFor(request, request.creditRules ?? rules, why.at), key, home);
    const from = figures(credit?.entry);
    const to = figures(due);
    if (from.minutes === to.minutes && (samePrice(from, to) || !(await holdsMergedGuest(deps, request, home)))) {
      // What the ledger holds now (`from`, this try's read) is the answer, and what is counted (0 h: taken off the record).
      if (credit) await countService(deps, request, credit.entry, from.hours);
      return { outcome: wrote?.outcome ?? 'unchanged', from: wrote?.from ?? from, to: from };
    }
    if (!credit) {
      // Left out of the record when it closed: credited now, as the close would have.
      const posted = await deps.credits.post(due!);
      if (posted === 'voided') throw new ConflictError(voidedMessage);
      if (posted === 'posted') wrote = { outcome: 'posted', from: wrote?.from ?? from };
      continue;
    }
    const outcome = await deps.credits.adjust({
      volunteerKey: home,
      requestId,
      ...((due?.teamId ?? credit.entry.teamId) ? { teamId: due?.teamId ?? credit.entry.teamId } : {}),
      seq: (credit.entry.adjustments ?? 0) + 1,
      minutes: to.minutes - from.minutes,
      hours: tidy(to.hours - from.hours),
      points: tidy(to.points - from.points),
      ...why,
    });
    if (outcome === 'adjusted') wrote = { outcome: wrote?.outcome ?? 'adjusted', from: wrote?.from ?? from };
    if (outcome === 'voided') throw new ConflictError(voidedMessage);
  }
  throw new ConflictError('The credit changed in the meantime; reload and try again');
}

const samePrice = (a: Figures, b: Figures) => a.hours === b.hours && a.points === b.points;

/**
 * Whether the ledger `home` holds the request's credit of a guest merged into it: posted as a row
 * of its own, priced (capped) apart from the person's, while the record may hold them as one row
 * now. Such a ledger is brought to what the record prices to even with the minutes unchanged;
 * otherwise the same minutes are a repeat, not priced again under rules changed since.
 */
async function holdsMergedGuest(deps: CorrectHoursDeps, request: ServiceRequest, home: string): Promise<boolean> {
  for (const key of creditedLedgers(request)) {
    if (key === home || volunteerIdOf(key)) continue;
    if ((await deps.credits.creditFor(key, request.id))?.entry.volunteerKey === home) return true;
  }
  return false;
}

/**
 * A registered person credited for the request is counted in the volunteer statistics with the
 * hours the ledger holds (`hours`), as at the close, under the ledger's version of them (its
 * corrections): the count follows the correction (the difference; 0 h takes the service out),
 * once, and a stale or retried count changes nothing. On every pass, so a crash between the
 * ledger's write and the count is made good by a repeat.
 */
async function countService(deps: CorrectHoursDeps, request: ServiceRequest, entry: CreditEntry, hours: number): Promise<void> {
  const volunteerId = volunteerIdOf(entry.volunteerKey);
  if (!volunteerId) return;
  const month = orderMonth(new Date(servedByLedger(request).get(entry.volunteerKey)?.lastVisit.completedAt ?? request.updatedAt));
  const version = entry.adjustments ?? 0;
  await deps.volunteers.countService({ volunteerId, requestId: request.id, areaId: request.areaId, month, hours, version });
}
