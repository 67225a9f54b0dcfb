/**
 * What request facts add to the statistics counters (`tallyOf`), with what the counting needs
 * besides the facts: each service's completion target and matching mode, and the credit rules in
 * force for each area whose facts credit volunteers without the rules their request kept. Used by
 * the fold of a day and by readers of the days not folded yet, so both count alike.
 */
import { matchingMode } from '#shared/domain/catalog';
import { defaultCreditRules, type CreditRules } from '#shared/domain/credit';
import { keptRulesOfText } from '#shared/domain/credit-rules-of-request';
import type { RequestFact } from '#shared/domain/request-fact';
import { countingAreas, tallyOf } from '#shared/domain/stats';
import { statsDay } from '#shared/domain/stats-calendar';
import type { CatalogRepository } from '#shared/ports/catalog-repository';
import type { CreditLedger } from '#shared/ports/credit-ledger';
import type { FactTally } from '#shared/ports/stats-counters';

export interface TallyDeps {
  readonly catalog: Pick<CatalogRepository, 'getService'>;
  readonly credits: Pick<CreditLedger, 'rules'>;
}

export async function talliesOf(deps: TallyDeps, facts: readonly RequestFact[]): Promise<FactTally[]> {
  if (facts.length === 0) return [];
  const codes = [...new Set(facts.map((f) => f.serviceCode))];
  const services = new Map(await Promise.all(codes.map(async (code) => [code, await deps.catalog.getService(code)] as const)));
  // Priced by the rules the request kept, as on the ledger; a fact without them (its request kept
  // none yet) by those in force for its area, read only when needed, once per area.
  const kept = new Map(facts.map((f) => [f, keptRulesOfText(f.creditRules)] as const));
  const unpriced = facts.filter((f) => !kept.get(f) && (f.volunteers?.length || f.volunteersBefore?.length));
  const withVolunteers = [...new Set(unpriced.map((f) => f.areaId))];
  const rulesByArea = new Map<string, CreditRules>(
    await Promise.all(withVolunteers.map(async (id) => [id, await deps.credits.rules(id)] as const)),
  );
  return facts.map((fact): FactTally => {
    const service = services.get(fact.serviceCode);
    const parts = tallyOf(fact, {
      ...(service?.slaHours ? { slaHours: service.slaHours } : {}),
      ...(service ? { matching: matchingMode(service) } : {}),
      creditRules: kept.get(fact) ?? rulesByArea.get(fact.areaId) ?? defaultCreditRules,
    });
    return {
      requestId: fact.requestId,
      version: fact.version,
      day: statsDay(fact.at),
      areaIds: countingAreas(fact.areaId),
      serviceCode: fact.serviceCode,
      ...parts,
    };
  });
}
