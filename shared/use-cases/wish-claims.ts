/**
 * Claiming wishes from the wall (认领): a registered volunteer or a team takes one with one tap;
 * exactly one claim of a wish wins, however many arrive at once, because the change is
 * conditional on the wish's version. A volunteer's open claims are capped (`VOLUNTEER_OPEN_CLAIMS`)
 * by a counter in the same write; a team's count against its capacity like an offer. The winner
 * then sees the wisher's contact; a claim given up, or lapsed at its deadline (the sweep), puts
 * the wish back on the wall once.
 */
import { isWithin } from '#shared/domain/area';
import { beijingDay, untilBeijingMidnight } from '#shared/domain/beijing-day';
import { ConflictError, NotFoundError } from '#shared/domain/errors';
import type { Claimer, ServiceRequest } from '#shared/domain/service-request';
import {
  claim,
  ClaimLimitError,
  claimEndedBy,
  fulfil,
  isClaimedBy,
  remind,
  returnToWall,
  TeamUnavailableError,
  VOLUNTEER_CLAIMS_PER_DAY,
  VOLUNTEER_OPEN_CLAIMS,
  WishTakenError,
} from '#shared/domain/wish';
import type { RateLimiter } from '#shared/ports/rate-limiter';
import type { Transition } from '#shared/domain/service-request';
import { capacityHolder } from '#shared/domain/offer-lifecycle';
import { applyChange } from './apply-change';
import { withCreditRules } from './credit-rules-snapshot';
import type { CreditLedger } from '#shared/ports/credit-ledger';
import type { VolunteerRegistry } from '#shared/ports/volunteer-registry';
import type { DispatchDeps } from './dispatch-request';
import { offerWaitingTo } from './offer-waiting';

export type WishClaimDeps = DispatchDeps;

/** The wish to claim, or `held` when this claimer holds it already (a retry, a second tap). */
export function toClaim(
  request: ServiceRequest | undefined,
  claimer: Pick<Claimer, 'kind' | 'id'>,
): { request: ServiceRequest; held: boolean } {
  // Never published (in review, or an ordinary order): nothing to claim here.
  if (!request?.wish) throw new NotFoundError('Wish');
  if (isClaimedBy(request, claimer)) return { request, held: true };
  if (request.status !== 'PUBLISHED') throw new WishTakenError();
  return { request, held: false };
}

async function wishToClaim(deps: WishClaimDeps, requestId: string, claimer: Pick<Claimer, 'kind' | 'id'>) {
  return toClaim(await deps.requests.get(requestId), claimer);
}

/** A claim that lost its write: no loss when the winner was this claimer's own twin (a double tap). */
export async function ownClaimOrLost(
  deps: WishClaimDeps,
  requestId: string,
  claimer: Pick<Claimer, 'kind' | 'id'>,
): Promise<ServiceRequest> {
  const request = await deps.requests.get(requestId);
  if (request && isClaimedBy(request, claimer)) return request;
  throw new WishTakenError();
}

/** A registered volunteer claims: the wish is theirs, or 409 (someone was first, or they hold their limit). */
export async function claimAsVolunteer(
  deps: WishClaimDeps & { readonly volunteers: Pick<VolunteerRegistry, 'get'>; readonly limiter: Pick<RateLimiter, 'take' | 'giveBack'> },
  personId: string,
  requestId: string,
): Promise<ServiceRequest> {
  const person = await deps.volunteers.get(personId);
  if (!person) throw new NotFoundError('Volunteer');
  const claimer = { kind: 'volunteer' as const, id: person.id };
  const { request, held } = await wishToClaim(deps, requestId, claimer);
  if (held) return request;
  const { limit, windowSeconds } = VOLUNTEER_CLAIMS_PER_DAY;
  const now = deps.clock.now();
  const day = beijingDay(now);
  if (!(await deps.limiter.take(`claims:${person.id}`, limit, windowSeconds, day))) throw untilBeijingMidnight(now);
  // Only a claim that won counts for the day (it shows a contact); one that lost or hit the open-claims limit showed none.
  const giveBack = () => deps.limiter.giveBack(`claims:${person.id}`, windowSeconds, day);
  const service = await deps.catalog.getService(request.serviceCode);
  const change = claim(request, { ...claimer, name: person.name }, deps.clock.now(), service);
  const slot = { claimSlot: { holder: claimer, limit: VOLUNTEER_OPEN_CLAIMS } };
  const won = await applyChange(deps.requests, request, change, slot).catch(async (error: unknown) => {
    if (error instanceof ClaimLimitError) await giveBack();
    throw error;
  });
  if (won) return change.after;
  // Someone else was first, or this volunteer's own twin tap (which counted already).
  await giveBack();
  return ownClaimOrLost(deps, requestId, claimer);
}

/** A team claims a wish in the area it serves; the claim takes one unit of its capacity. */
export async function claimAsTeam(deps: WishClaimDeps, teamId: string, requestId: string): Promise<ServiceRequest> {
  const team = await deps.teams.get(teamId);
  const claimer = { kind: 'team' as const, id: teamId };
  const stored = await deps.requests.get(requestId);
  // Outside the area it serves, a wish does not exist for the team: not even that it was taken.
  if (!team || (stored && !isWithin(stored.areaId, team.servesAreaId))) throw new NotFoundError('Wish');
  const { request, held } = toClaim(stored, claimer);
  if (held) return request;
  const service = await deps.catalog.getService(request.serviceCode);
  const { after, event } = claim(request, { ...claimer, name: team.name.zh }, deps.clock.now(), service);
  const outcome = await deps.requests.reserveOffer({ before: request, after, event, teamId });
  if (outcome === 'request-changed') return ownClaimOrLost(deps, requestId, claimer);
  if (outcome === 'team-unavailable') throw new TeamUnavailableError();
  return after;
}

/**
 * The claim this claimer holds, to end it `how`; undefined when they ended it so already (a
 * second tap, a retry: the caller answers with the request as it is).
 */
async function claimToEnd(
  deps: WishClaimDeps,
  claimer: Pick<Claimer, 'kind' | 'id'>,
  requestId: string,
  how: 'given-up' | 'fulfilled',
): Promise<{ request: ServiceRequest; done: boolean }> {
  const request = await deps.requests.get(requestId);
  if (request && isClaimedBy(request, claimer)) return { request, done: false };
  if (request && claimEndedBy(request, claimer, how)) return { request, done: true };
  throw new NotFoundError('Claim');
}

/** Writes the change that ends a claim; when it lost its write to this claimer's own twin (a double tap), the twin's result. */
export async function endOwnClaim(
  deps: WishClaimDeps,
  claimer: Pick<Claimer, 'kind' | 'id'>,
  before: ServiceRequest,
  change: Transition,
  how: 'given-up' | 'fulfilled',
): Promise<ServiceRequest> {
  if (await endClaim(deps, before, change)) return change.after;
  const now = await deps.requests.get(before.id);
  if (now && claimEndedBy(now, claimer, how)) return now;
  throw new ConflictError('The claim changed in the meantime; reload and try again');
}

/** The claimer gives the wish up: back on the wall, listed anew. Given up already by them: the request as it is. */
export async function giveUpClaim(deps: WishClaimDeps, claimer: Pick<Claimer, 'kind' | 'id'>, requestId: string): Promise<ServiceRequest> {
  const { request, done } = await claimToEnd(deps, claimer, requestId, 'given-up');
  if (done) return request;
  return endOwnClaim(deps, claimer, request, returnToWall(request, 'given-up', deps.clock.now()), 'given-up');
}

/**
 * A volunteer reports the wish fulfilled, with the minutes they served (credited when it closes).
 * Reported already by them: the request as it is (the first report's minutes stand).
 */
export async function fulfilAsVolunteer(
  deps: WishClaimDeps & { readonly credits: Pick<CreditLedger, 'rules'> },
  personId: string,
  requestId: string,
  report: { readonly minutes: number; readonly note?: string | undefined },
): Promise<ServiceRequest> {
  const claimer = { kind: 'volunteer' as const, id: personId };
  const { request, done } = await claimToEnd(deps, claimer, requestId, 'fulfilled');
  if (done) return request;
  const change = await withCreditRules(deps, fulfil(request, request.claim!.claimer, deps.clock.now(), report.minutes, report.note));
  return endOwnClaim(deps, claimer, request, change, 'fulfilled');
}

/**
 * Writes a change that ends a claim, once: a team's claim gives its capacity back in the same
 * write (and the team is offered waiting work); a volunteer's slot comes back with the change.
 * False when the wish changed first (another sweep, the claimer, staff).
 */
async function endClaim(deps: WishClaimDeps, before: ServiceRequest, change: Transition): Promise<boolean> {
  // The capacity is the holder's (the team the order is with), whatever the claim record says.
  const teamId = capacityHolder(before);
  if (!teamId) return applyChange(deps.requests, before, change);
  const outcome = await deps.requests.releaseOffer({ before, ...change, teamId });
  if (outcome === 'released') await offerWaitingTo(deps, teamId).catch(() => undefined);
  return outcome === 'released';
}

/**
 * The sweep's look at a claimed wish that is due: past its deadline it goes back on the wall
 * (exactly once: the change is conditional on the version); before, its claimer is reminded once.
 */
export async function sweepClaim(deps: WishClaimDeps, request: ServiceRequest, now: Date): Promise<'returned' | 'reminded' | 'none'> {
  if (!request.claim) return 'none';
  if (now.toISOString() >= request.claim.deadline) {
    return (await endClaim(deps, request, returnToWall(request, 'lapsed', now))) ? 'returned' : 'none';
  }
  if (request.claim.reminded) return 'none';
  return (await applyChange(deps.requests, request, remind(request, now))) ? 'reminded' : 'none';
}
