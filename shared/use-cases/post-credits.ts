/**
 * Puts a closed request's volunteer hours on the credit ledger (积分), once per volunteer: a
 * repeat (a retry, two sweeps) posts nothing more. Then the request stops asking for it.
 */
import { creditsFor } from '#shared/domain/credit';
import type { ServiceRequest } from '#shared/domain/service-request';
import type { Clock } from '#shared/ports/clock';
import type { CreditLedger } from '#shared/ports/credit-ledger';
import type { RequestRepository } from '#shared/ports/request-repository';

export interface PostCreditsDeps {
  readonly requests: RequestRepository;
  readonly credits: CreditLedger;
  readonly clock: Clock;
}

export async function postCredits(deps: PostCreditsDeps, request: ServiceRequest): Promise<number> {
  if (request.status !== 'CLOSED' || !request.creditsPending) return 0;
  const entries = creditsFor(request, await deps.credits.rules(), deps.clock.now().toISOString());
  let posted = 0;
  for (const entry of entries) if ((await deps.credits.post(entry)) === 'posted') posted++;
  const { creditsPending: _pending, dueAt: _due, ...settled } = request;
  await deps.requests.update(request, settled);
  return posted;
}
