/**
 * What request facts add to the statistics counters (`tallyOf`), with what the counting needs
 * besides the facts: each service's completion target and matching mode, and the credit rules in
 * force for each area whose facts credit volunteers. Used by the fold of a day and by readers of
 * the days not folded yet, so both count alike.
 */
import { matchingMode } from '#shared/domain/catalog';
import { defaultCreditRules, type CreditRules } from '#shared/domain/credit';
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
  // Points depend on the rules in force for the request's area; read them only when needed, once per area.
  const withVolunteers = [...new Set(facts.filter((f) => f.volunteers?.length || f.volunteersBefore?.length).map((f) => f.areaId))];
  const rulesByArea = new Map<string, CreditRules>(
    await Promise.all(withVolunteers.map(async (id) => [id, await deps.credits.rules(id)] as const)),
  );
  return facts.map((fact): FactTally => {
    const service = services.get(fact.serviceCode);
    const parts = tallyOf(fact, {
      ...(service?.slaHours ? { slaHours: service.slaHours } : {}),
      ...(service ? { matching: matchingMode(service) } : {}),
      creditRules: rulesByArea.get(fact.areaId) ?? defaultCreditRules,
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
