import type { MemoryDeps } from '#shared/adapters/memory/deps';
import type { RequestFact } from '#shared/domain/request-fact';
import { talliesOf } from '#shared/use-cases/tally-facts';

/** The facts counted into the in-memory statistics as the fold counts them (`talliesOf`), each once. */
export async function countFacts(deps: Pick<MemoryDeps, 'counters' | 'catalog' | 'credits'>, facts: readonly RequestFact[]) {
  return deps.counters.add(await talliesOf(deps, facts));
}
