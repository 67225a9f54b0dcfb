/**
 * Puts a closed request's volunteer hours on the credit ledger (积分), once per volunteer: a
 * repeat (a retry, two sweeps) posts nothing more; a registered person's service is counted in
 * the volunteer statistics, once, unless the ledger refused it as voided. Then the request stops
 * asking for it; if a complaint upheld in the meantime withheld them, what was just posted is
 * voided, and taken back out of the volunteer statistics.
 * The rules are those the request kept at its completion (`credit-rules-of-request.ts`); one
 * completed before requests kept them is priced by the rules in force now, which it keeps from then on.
 */
import { creditsFor, InvalidCreditRulesError, servedByLedger, type CreditRules } from '#shared/domain/credit';
import { isSettled, type ServiceRequest } from '#shared/domain/service-request';
import type { Clock } from '#shared/ports/clock';
import type { CreditLedger } from '#shared/ports/credit-ledger';
import type { RequestRepository } from '#shared/ports/request-repository';
import type { VolunteerRegistry } from '#shared/ports/volunteer-registry';
import { orderMonth } from '#shared/domain/team';
import { volunteerIdOf } from '#shared/domain/volunteer';
import { uncountVoidedService } from './uncount-voided';
import { voidStanding } from './volunteer-credits';

export interface PostCreditsDeps {
  readonly requests: RequestRepository;
  readonly credits: CreditLedger;
  readonly volunteers: Pick<VolunteerRegistry, 'countService' | 'uncountService'>;
  readonly clock: Clock;
}

/** How long a request waits to be posted again while the stored rules do not validate. */
export const INVALID_RULES_RETRY_MINUTES = 60;

export async function postCredits(deps: PostCreditsDeps, copy: ServiceRequest): Promise<number> {
  if (!isSettled(copy) || !copy.creditsPending) return 0;
  // The copy may be old (the sweep reads an index): post only what is pending now, not credits a
  // complaint withheld since.
  const request = await deps.requests.get(copy.id);
  if (!request || !isSettled(request) || !request.creditsPending) return 0;
  let rules: CreditRules;
  try {
    rules = request.creditRules ?? (await deps.credits.rules(request.areaId));
  } catch (error) {
    if (!(error instanceof InvalidCreditRulesError)) throw error;
    // A hand-written rules item that does not validate: credit nothing with rules that are not
    // the deployment's, keep the credit pending and look again later, so the sweep goes on
    // with other requests meanwhile. Posted with the rules in force once they are fixed.
    const dueAt = new Date(deps.clock.now().getTime() + INVALID_RULES_RETRY_MINUTES * 60_000).toISOString();
    await deps.requests.update(request, { ...request, dueAt });
    return 0;
  }
  const entries = creditsFor(request, rules, deps.clock.now().toISOString());
  const served = servedByLedger(request);
  const outcomes = await deps.credits.postAll(entries);
  const posted = outcomes.filter((outcome) => outcome === 'posted').length;
  for (const [index, entry] of entries.entries()) {
    // Also after `already-posted`: a retry after a crash between the two counts it now, once.
    // Never a posting the ledger refused as voided (a complaint upheld first).
    if (outcomes[index] === 'voided') continue;
    const volunteerId = volunteerIdOf(entry.volunteerKey);
    // In the month of the person's last visit.
    const month = orderMonth(new Date(served.get(entry.volunteerKey)?.lastVisit.completedAt ?? request.updatedAt));
    if (volunteerId)
      await deps.volunteers.countService({ volunteerId, requestId: request.id, areaId: request.areaId, month, hours: entry.hours });
  }
  const { creditsPending: _pending, dueAt: _due, ...settled } = request;
  // The rules it was priced by stay with it, in the same write: its corrections price by them too.
  if (await deps.requests.update(request, { ...settled, creditRules: rules })) return posted;
  // Changed since the read above: by another sweep posting the same (nothing more to do), or by a
  // complaint upheld meanwhile, which withheld these credits and found none posted yet to void.
  const withheld = (await deps.requests.get(request.id))?.creditsWithheld;
  if (!withheld) return posted;
  for (const entry of entries) await voidStanding(deps.credits, entry.volunteerKey, request.id, withheld.reason, withheld.at);
  // And out of the volunteer statistics what was just counted.
  await uncountVoidedService(deps, request);
  return 0;
}
