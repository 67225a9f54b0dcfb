/**
 * A volunteer's credit (积分): balance and history for the volunteer's own team, and redemption
 * at the credit supermarket (信用超市), which never takes the balance below zero.
 */
import { randomInt } from 'node:crypto';
import { volunteerKey, type CreditBalance } from '#shared/domain/credit';
import { ConflictError, NotFoundError, ValidationError } from '#shared/domain/errors';
import type { Clock } from '#shared/ports/clock';
import type { CreditLedger, LedgerLine } from '#shared/ports/credit-ledger';
import type { RequestRepository } from '#shared/ports/request-repository';

export interface VolunteerCredits extends CreditBalance {
  readonly history: readonly LedgerLine[];
}

/** `volunteerKey` is `<teamId>:<volunteer>`; a team sees only its own volunteers (404 otherwise). */
export async function volunteerCredits(credits: CreditLedger, teamId: string, key: string): Promise<VolunteerCredits> {
  if (!key.startsWith(`${teamId}:`)) throw new NotFoundError('Volunteer');
  const [balance, history] = await Promise.all([credits.balance(key), credits.history(key)]);
  return { ...balance, history };
}

const pickupAlphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** Eight characters without 0/O/1/I: read out at the supermarket counter. */
export function newPickupCode(): string {
  return Array.from({ length: 8 }, () => pickupAlphabet[randomInt(pickupAlphabet.length)]).join('');
}

export async function redeemPoints(
  deps: { readonly credits: CreditLedger; readonly clock: Clock },
  input: { readonly volunteerKey: string; readonly points: number; readonly item: string },
): Promise<{ pickupCode: string }> {
  if (!Number.isInteger(input.points) || input.points < 1) throw new ValidationError([{ field: 'points', message: 'A whole number of points, at least 1' }]);
  const pickupCode = newPickupCode();
  const outcome = await deps.credits.redeem({ ...input, pickupCode, at: deps.clock.now().toISOString() });
  if (outcome === 'insufficient') throw new ConflictError('Not enough points for this item');
  return { pickupCode };
}

/**
 * A complaint about a closed request was upheld: what it earned each volunteer is voided, once.
 * For the admin side (issue 5), which adds who decided and the HTTP route.
 */
export async function voidRequestCredits(
  deps: { readonly credits: CreditLedger; readonly requests: RequestRepository; readonly clock: Clock },
  requestId: string,
  reason: string,
): Promise<{ voided: number }> {
  if (reason.trim().length === 0) throw new ValidationError([{ field: 'reason', message: 'Say why the credit is voided' }]);
  const request = await deps.requests.get(requestId);
  const teamId = request?.assignedTeam?.id;
  if (!request || !teamId || !request.completion) throw new NotFoundError('Credited request');
  const volunteers = [...new Set(request.completion.hours.map((h) => h.volunteer))];
  const at = deps.clock.now().toISOString();
  let voided = 0;
  for (const volunteer of volunteers) {
    const earned = await deps.credits.earnedFor(volunteerKey(teamId, volunteer), requestId);
    if (earned && (await deps.credits.void(earned, reason.trim(), at)) === 'voided') voided++;
  }
  return { voided };
}
