/**
 * A completion keeps the credit rules in force at that moment on the request
 * (`credit-rules-of-request.ts`), in the completion's own write. A request that holds them already
 * (completed before a reopening) keeps the first. Stored rules that do not validate are not kept:
 * the completion goes ahead, and the posting prices by the rules in force once they are repaired.
 */
import { InvalidCreditRulesError } from '#shared/domain/credit';
import type { Transition } from '#shared/domain/service-request';
import type { CreditLedger } from '#shared/ports/credit-ledger';

export async function withCreditRules(deps: { readonly credits: Pick<CreditLedger, 'rules'> }, change: Transition): Promise<Transition> {
  if (change.after.creditRules) return change;
  try {
    return { ...change, after: { ...change.after, creditRules: await deps.credits.rules(change.after.areaId) } };
  } catch (error) {
    if (error instanceof InvalidCreditRulesError) return change;
    throw error;
  }
}
