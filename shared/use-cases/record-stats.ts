/**
 * The stats queue's consumer (`record-stats`): adds a batch of request facts to the day
 * counters of each request's area and every one above it up to the district (`countingAreas`), for
 * its service and for its team. Each fact is added once however often it arrives (the counters'
 * marker per request and version), and the same write settles the fact's outbox message, so the
 * relay stops sending it.
 */
import type { Service } from '#shared/domain/catalog';
import { defaultCreditRules } from '#shared/domain/credit';
import { factMessageId, type RequestFact } from '#shared/domain/request-fact';
import { countingAreas, tallyOf } from '#shared/domain/stats';
import { statsDay } from '#shared/domain/stats-calendar';
import type { CatalogRepository } from '#shared/ports/catalog-repository';
import type { CreditLedger } from '#shared/ports/credit-ledger';
import type { AddOutcome, FactTally, StatsCounters } from '#shared/ports/stats-counters';

export interface RecordStatsDeps {
  readonly counters: Pick<StatsCounters, 'add'>;
  readonly catalog: Pick<CatalogRepository, 'getService'>;
  readonly credits: Pick<CreditLedger, 'rules'>;
}

export async function recordStats(deps: RecordStatsDeps, facts: readonly RequestFact[]): Promise<AddOutcome> {
  if (facts.length === 0) return { added: 0, duplicates: 0 };
  const codes = [...new Set(facts.map((f) => f.serviceCode))];
  const services = new Map<string, Service | undefined>(
    await Promise.all(codes.map(async (code) => [code, await deps.catalog.getService(code)] as const)),
  );
  // Points depend on the rules in force for the request's area; read them only when needed, once per area.
  const withVolunteers = [...new Set(facts.filter((f) => f.volunteers?.length).map((f) => f.areaId))];
  const rulesByArea = new Map(await Promise.all(withVolunteers.map(async (id) => [id, await deps.credits.rules(id)] as const)));
  const tallies = facts.map((fact): FactTally => {
    const slaHours = services.get(fact.serviceCode)?.slaHours;
    const creditRules = rulesByArea.get(fact.areaId) ?? defaultCreditRules;
    const parts = tallyOf(fact, { ...(slaHours ? { slaHours } : {}), creditRules });
    return {
      requestId: fact.requestId,
      version: fact.version,
      day: statsDay(fact.at),
      areaIds: countingAreas(fact.areaId),
      serviceCode: fact.serviceCode,
      ...parts,
      settles: factMessageId(fact.version),
    };
  });
  return deps.counters.add(tallies);
}
