/**
 * A volunteer's credit (积分): balance and history for the volunteer's own team, and redemption
 * at the credit supermarket (信用超市), which never takes the balance below zero.
 */
import { creditedLedgers, newPickupCode, type CreditBalance } from '#shared/domain/credit';
import { ConflictError, NotFoundError, ValidationError } from '#shared/domain/errors';
import { keptReason } from '#shared/domain/retention';
import { isSettled, visitsOf, type ServiceRequest } from '#shared/domain/service-request';
import type { Clock } from '#shared/ports/clock';
import type { CreditLedger, LedgerLine, Redemption } from '#shared/ports/credit-ledger';
import type { RequestRepository } from '#shared/ports/request-repository';
import type { VolunteerRegistry } from '#shared/ports/volunteer-registry';
import { volunteerIdOf } from '#shared/domain/volunteer';
import { isTeamsLedger } from './volunteers';

/** A guest's ledger, the team's own: its balance and every line. */
export interface VolunteerCredits extends CreditBalance {
  readonly history: readonly LedgerLine[];
}

/**
 * A member's ledger as their team sees it: the lines of its own orders and what they add up to
 * (`hours`, `pointsEarned`: earned, less voided, with corrections), and the person's hours with
 * all their teams (`hoursAllTeams`); never what they spent or hold.
 */
export interface MemberCredits {
  readonly volunteerKey: string;
  readonly hours: number;
  readonly pointsEarned: number;
  readonly hoursAllTeams: number;
  readonly history: readonly LedgerLine[];
}

/**
 * `key` is `<teamId>:<name>` for a guest or `person#<id>` for a registered volunteer; a team sees
 * only its own guests and its members (404 otherwise). A guest's ledger is the team's own, every
 * line. Of a member's (one ledger across all their teams, and their redemptions) the team sees
 * its own lines only: the hours served for it, and their voids and corrections with the reasons,
 * the totals of those lines, and the person's hours in all; never another team's orders, a
 * complaint about another team's visit, what the person spent or holds, or what they redeemed
 * and the code that collects it (their own page shows those). A line is a request's, under the
 * team of the person's last visit on it (`creditsFor`): a request reopened and served by another
 * team of theirs too is that team's line alone.
 */
export async function volunteerCredits(
  deps: { readonly credits: CreditLedger; readonly volunteers: Pick<VolunteerRegistry, 'members'> },
  teamId: string,
  key: string,
): Promise<VolunteerCredits | MemberCredits> {
  if (!(await isTeamsLedger(deps, teamId, key))) throw new NotFoundError('Volunteer');
  const { credits } = deps;
  const [balance, history] = await Promise.all([credits.balance(key), credits.history(key)]);
  if (volunteerIdOf(key) === undefined) return { ...balance, history };
  const own = history.filter((line) => line.kind !== 'spend' && line.teamId === teamId);
  // A void takes back what the request stood at (its corrections included); an adjustment is the change.
  const sum = (of: (line: LedgerLine) => number) =>
    exact(own.reduce((total, line) => total + (line.kind === 'void' ? -1 : 1) * of(line), 0));
  return {
    volunteerKey: key,
    hours: sum((line) => line.hours ?? 0),
    pointsEarned: sum((line) => line.points),
    hoursAllTeams: balance.hours,
    history: own,
  };
}

/** A sum of fractions of hours and points without the float's tail (0.1 + 0.2 is 0.3). */
const exact = (n: number) => Math.round(n * 1e6) / 1e6 + 0;

/** Draws of a pickup code before giving up (with 32^8 codes a second draw is already rare). */
export const PICKUP_CODE_ATTEMPTS = 5;

export interface RedeemDeps {
  readonly credits: CreditLedger;
  readonly clock: Clock;
  /** Draws a pickup code; the domain's random one unless a test injects another. */
  readonly newPickupCode?: () => string;
}

/**
 * Spends a volunteer's points for an item and gives the redemption a pickup code unique in the
 * deployment: taken in the same transaction as the points, drawn again if another redemption
 * holds it. Never below a zero balance, whatever runs at once (409).
 */
export async function redeemPoints(
  deps: RedeemDeps,
  input: Omit<Redemption, 'pickupCode' | 'at'>,
): Promise<{ pickupCode: string; at: string }> {
  if (!Number.isInteger(input.points) || input.points < 1)
    throw new ValidationError([{ field: 'points', message: 'A whole number of points, at least 1' }]);
  const draw = deps.newPickupCode ?? newPickupCode;
  const at = deps.clock.now().toISOString();
  for (let attempt = 1; ; attempt++) {
    const pickupCode = draw();
    const outcome = await deps.credits.redeem({ ...input, pickupCode, at });
    if (outcome === 'redeemed') return { pickupCode, at };
    if (outcome === 'key-used') return repeated(deps, input);
    if (outcome === 'insufficient') throw new ConflictError('Not enough points for this item');
    if (outcome === 'merged')
      throw new ConflictError(
        `The ledger ${input.volunteerKey} was merged into a registered volunteer's: redeem from theirs (person#<volunteer id>), after merging it again if it was credited since`,
      );
    if (attempt >= PICKUP_CODE_ATTEMPTS) throw new Error(`No free pickup code in ${PICKUP_CODE_ATTEMPTS} draws`);
  }
}

/**
 * The redemption first made under this idempotency key, when this is the same redemption sent
 * again: by the volunteer key sent then, so a guest's retry after a merge gave the code to a person
 * gets the code already issued.
 */
async function repeated(deps: RedeemDeps, input: Omit<Redemption, 'pickupCode' | 'at'>): Promise<{ pickupCode: string; at: string }> {
  const earlier = input.idempotencyKey ? await deps.credits.findRedemptionByKey(input.idempotencyKey) : undefined;
  const same = earlier?.volunteerKey === input.volunteerKey && earlier.points === input.points && earlier.item === input.item;
  if (!earlier || !same) throw new ConflictError('This Idempotency-Key was used for another redemption');
  return { pickupCode: earlier.pickupCode, at: earlier.at };
}

/**
 * A complaint about a closed request was upheld: what it earned each volunteer is voided, once.
 * For the admin side (issue 5), which adds who decided and the HTTP route.
 */
export async function voidRequestCredits(
  deps: { readonly credits: CreditLedger; readonly requests: RequestRepository; readonly clock: Clock },
  requestId: string,
  reason: string,
): Promise<{ voided: number; withheld?: true }> {
  if (reason.trim().length === 0) throw new ValidationError([{ field: 'reason', message: 'Say why the credit is voided' }]);
  const request = await deps.requests.get(requestId);
  if (!request || visitsOf(request).length === 0) throw new NotFoundError('Credited request');
  // Credits are posted when it closes: voiding before would answer that nothing was credited, then post them.
  if (!isSettled(request))
    throw new ConflictError(
      'The request is not closed yet: its credits are posted when it closes (rated, or 7 days after completion); uphold the complaint then',
    );
  const withheld = request.creditsPending === true;
  const at = deps.clock.now().toISOString();
  let marked = request;
  if (withheld) {
    // Not posted yet: it never will be (the sweep and the rating post only what is pending). A
    // sweep that read it pending just before finds the mark when it settles, and voids what it posted.
    // A new version, so its fact takes the close's volunteers back on this day (`factOf`).
    const { creditsPending: _pending, dueAt: _due, ...settled } = request;
    const kept = keptReason(request, reason.trim());
    marked = { ...settled, version: request.version + 1, updatedAt: at, creditsWithheld: { at, reason: kept } };
    if (!(await deps.requests.update(request, marked))) throw new ConflictError('The request changed meanwhile; try again');
  } else marked = await markedVoided(deps, request, reason.trim(), at);
  const ledgers = new Set<string>();
  // The ledgers `creditsFor` posted to, of every visit (before a reopening too), and those a
  // correction took off the record since (their credit may stand at 0, or not yet have followed).
  for (const key of creditedLedgers(marked)) {
    // A guest's line merged into a person's since is found, and voided, there (once, if both were theirs).
    const earned = await deps.credits.earnedFor(key, requestId);
    if (earned) ledgers.add(earned.volunteerKey);
  }
  let voided = 0;
  // Anonymised meanwhile (erased, or the retention rule): the ledger's lines keep no text either.
  const kept = keptReason(marked, reason.trim());
  for (const key of ledgers) if ((await voidStanding(deps.credits, key, requestId, kept, at)) === 'voided') voided++;
  return withheld ? { voided, withheld } : { voided };
}

/** Reads of the request before giving up when corrections keep landing between the read and the mark. */
const MARK_ATTEMPTS = 5;

/**
 * The request marked voided (`creditsVoided`) as a new version, before anything is voided: an
 * hours correction cannot write the record after it, and one whose ledger step finds it voids what
 * it wrote. The record of the marked copy is the last one. A twin void's mark will do. The mark's
 * fact, in its write, takes the volunteers' hours and points off the statistics on this day, once.
 */
async function markedVoided(
  deps: { readonly requests: RequestRepository },
  read: ServiceRequest,
  reason: string,
  at: string,
): Promise<ServiceRequest> {
  let request: ServiceRequest | undefined = read;
  for (let attempt = 1; attempt <= MARK_ATTEMPTS && request; attempt++) {
    if (request.creditsVoided || request.creditsWithheld) return request;
    const marked = { ...request, version: request.version + 1, updatedAt: at, creditsVoided: { at, reason: keptReason(request, reason) } };
    if (await deps.requests.update(request, marked)) return marked;
    request = await deps.requests.get(read.id);
  }
  throw new ConflictError('The request changed meanwhile; try again');
}

/** Tries before giving up when corrections keep landing between the read and the void. */
const VOID_ATTEMPTS = 5;

/**
 * Voids what the request credits the volunteer now: the posting with every staff correction
 * since, read again if a correction lands in between or the line is merged into a person's
 * ledger meanwhile (`changed`: `earnedFor` follows it there).
 */
export async function voidStanding(
  credits: Pick<CreditLedger, 'earnedFor' | 'void'>,
  volunteerKey: string,
  requestId: string,
  reason: string,
  at: string,
): Promise<'voided' | 'already-voided' | 'nothing-earned'> {
  for (let attempt = 1; attempt <= VOID_ATTEMPTS; attempt++) {
    const earned = await credits.earnedFor(volunteerKey, requestId);
    if (!earned) return 'nothing-earned';
    const outcome = await credits.void(earned, reason, at);
    if (outcome !== 'changed') return outcome;
  }
  throw new ConflictError('The credit was corrected or merged meanwhile; try again');
}
