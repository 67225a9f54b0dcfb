/**
 * The credit supermarket (信用超市) counter and complaint handling, for staff: redeem a
 * volunteer's points for an item, look a redemption up by its pickup code when the item is
 * collected, and void what a request earned when a complaint is upheld. Station staff act only
 * for teams stationed in their area and requests in it (404 otherwise).
 */
import * as z from '#shared/domain/zod';
import { creditedLedgers, pickupCodeSchema } from '#shared/domain/credit';
import type { ServiceRequest } from '#shared/domain/service-request';
import { NotFoundError, ValidationError } from '#shared/domain/errors';
import { keptReason } from '#shared/domain/retention';
import { assertInScope, type Staff } from '#shared/domain/staff';
import { parseOrThrow, plainText } from '#shared/domain/validation';
import type { CertificateStore } from '#shared/ports/certificate-store';
import type { Clock } from '#shared/ports/clock';
import type { CreditLedger, PickupCodes } from '#shared/ports/credit-ledger';
import type { RequestRepository } from '#shared/ports/request-repository';
import type { TeamRepository } from '#shared/ports/team-repository';
import type { VolunteerRegistry } from '#shared/ports/volunteer-registry';
import { volunteerIdOf } from '#shared/domain/volunteer';
import { certificatesAffectedBy } from './certificate-corrections';
import { uncountVoidedService } from './uncount-voided';
import { redeemPoints, voidRequestCredits } from './volunteer-credits';

export interface AdminCreditDeps {
  readonly credits: CreditLedger & PickupCodes;
  readonly teams: TeamRepository;
  readonly volunteers: Pick<VolunteerRegistry, 'get' | 'uncountService'>;
  readonly requests: RequestRepository;
  readonly certificates: Pick<CertificateStore, 'listFor' | 'markCorrected'>;
  readonly clock: Clock;
  /** Draws a pickup code (tests inject one); the domain's random one by default. */
  readonly newPickupCode?: () => string;
}

const redemptionInput = z.strictObject({
  /** `person#<volunteer id>` for a registered volunteer; `<teamId>:<name>` for a guest, as the team reported them. */
  volunteer: z
    .string()
    .check(z.regex(/^(person#[0-9a-z]{20}|[a-z0-9-]{2,40}:.{1,80})$/, 'Write person#<volunteer id>, or <teamId>:<name> for a guest')),
  // The message is the int check's alone: `z.int(message)` would also give it to a non-number and to the min/max refusals.
  points: z.number().check(z.int('A whole number of points'), z.gte(1), z.lte(10_000)),
  item: plainText().check(z.trim(), z.minLength(1), z.maxLength(100)),
});

/** A client's `Idempotency-Key` header: the same key redeems once, so a retried or double-sent request spends once. */
const idempotencyKeySchema = z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, '8 to 64 letters, digits, - or _')));

export async function redeemAtCounter(deps: AdminCreditDeps, staff: Staff, body: unknown, idempotencyKey?: string) {
  const input = parseOrThrow(redemptionInput, body);
  const key = parseOrThrow(idempotencyKeySchema, idempotencyKey, 'Idempotency-Key');
  const stationAreaId = await ledgerHome(deps, input.volunteer);
  assertInScope(staff, stationAreaId, 'Volunteer');
  const { pickupCode } = await redeemPoints(deps, {
    volunteerKey: input.volunteer,
    points: input.points,
    item: input.item,
    by: { id: staff.id, name: staff.name },
    stationAreaId,
    ...(key ? { idempotencyKey: key } : {}),
  });
  const balance = await deps.credits.balance(input.volunteer);
  return { pickupCode, volunteer: input.volunteer, points: input.points, item: input.item, balance: balance.balance };
}

/** Where a ledger belongs: a person's home community, a guest's team's station. */
async function ledgerHome(deps: Pick<AdminCreditDeps, 'teams' | 'volunteers'>, key: string): Promise<string> {
  const personId = volunteerIdOf(key);
  if (personId !== undefined) {
    const person = await deps.volunteers.get(personId);
    if (!person) throw new ValidationError([{ field: 'volunteer', message: 'No such volunteer' }]);
    return person.homeAreaId;
  }
  const team = await deps.teams.get(key.split(':')[0]!);
  if (!team) throw new ValidationError([{ field: 'volunteer', message: 'No such team' }]);
  return team.stationAreaId;
}

/**
 * At pickup: what a code was given for (volunteer, points, item, when, by whom). Codes are
 * read forgivingly (lower case, spaces, hyphens); an unknown code, or one of a team stationed
 * outside a station's area, is 404.
 */
export async function redemptionByPickupCode(deps: Pick<AdminCreditDeps, 'credits'>, staff: Staff, code: string | undefined) {
  const pickupCode = parseOrThrow(pickupCodeSchema, code ?? '', 'code');
  const found = await deps.credits.findRedemption(pickupCode);
  if (!found) throw new NotFoundError('Pickup code');
  assertInScope(staff, found.stationAreaId, 'Pickup code');
  return {
    pickupCode: found.pickupCode,
    volunteer: found.volunteerKey,
    points: found.points,
    item: found.item,
    at: found.at,
    by: found.by.name,
  };
}

const voidInput = z.strictObject({
  reason: plainText({ multiline: true }).check(z.trim(), z.minLength(1, 'Say why the credit is voided'), z.maxLength(500)),
});

export async function voidCreditsForComplaint(deps: AdminCreditDeps, staff: Staff, requestId: string, body: unknown) {
  const { reason } = parseOrThrow(voidInput, body);
  const request = await deps.requests.get(requestId);
  assertInScope(staff, request?.areaId ?? '', 'Credited request');
  const { voided } = await voidRequestCredits(deps, requestId, reason);
  // Out of the volunteer statistics too; a repeat makes good a crash before this step.
  const marked = await deps.requests.get(requestId);
  if (marked) await uncountVoidedService(deps, marked);
  // What stands, not what this call did: a twin, or a retry after a failure here, may have voided
  // or withheld the credits, and may be the one whose note is written.
  const creditedThenVoided = marked ? await anyCreditVoided(deps, marked) : voided > 0;
  // One note per request whatever runs at once: a repeat (or a concurrent twin) voids nothing more
  // and says so, rather than telling the resident again.
  const noted = await deps.requests.addNoteOnce(
    {
      requestId,
      at: deps.clock.now().toISOString(),
      seq: request!.version,
      type: 'NOTE',
      message: creditedThenVoided
        ? { zh: '投诉属实，志愿时长与积分已作废', en: 'Complaint upheld: the volunteer hours and points were voided' }
        : { zh: '投诉属实（本单未记入志愿时长与积分）', en: 'Complaint upheld (no volunteer hours or points had been credited for it)' },
      actor: 'admin',
      // Anonymised (erased) before or meanwhile: the staff member is named, their reason is not kept.
      detail: `${staff.name}: ${keptReason(marked ?? request!, reason)}`,
    },
    'complaint-upheld',
  );
  // Certificates issued before that vouch for the voided hours: marked, and named to staff (a repeat names them again).
  const certificates = marked ? await certificatesAffectedBy(deps, marked) : [];
  const named = certificates.length ? { certificates } : {};
  return noted ? { id: requestId, voided, ...named } : { id: requestId, voided, alreadyVoided: true as const, ...named };
}

/** Withheld before they were posted, or voided on any ledger the request credited. */
async function anyCreditVoided(deps: Pick<AdminCreditDeps, 'credits'>, request: ServiceRequest): Promise<boolean> {
  if (request.creditsWithheld) return true;
  for (const key of creditedLedgers(request)) if ((await deps.credits.creditFor(key, request.id))?.voided) return true;
  return false;
}
