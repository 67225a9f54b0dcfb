/**
 * What a run's counters say, through the statistics' own math (`kpisOf`, `teamFairness`):
 * the KPIs of an area, the fairness of the teams' load there, and the unmet share.
 */
import { isWithin } from '#shared/domain/area';
import { kpisOf, teamFairness, type Kpis } from '#shared/domain/stats';
import type { City } from './city';
import type { SimulationResult } from './simulation';

/** The id of the simulated region: the province when there is one, else the (one) city. */
export function rootId(city: City): string {
  for (const a of city.areas.values()) if (a.level === 'province') return a.id;
  for (const a of city.areas.values()) if (a.level === 'city') return a.id;
  throw new Error('A city needs an area at city level');
}

/**
 * KPIs of an area over the run, for every service or those `serviceFilter` keeps. `unmet` is the
 * statistics' (expired, or rejected while with the center) plus the requests still with the center
 * when a run without center rounds ended (`SimCounters.countLeftWithCenter`).
 */
export function kpisFor(result: SimulationResult, areaId: string, serviceFilter?: (serviceCode: string) => boolean): Kpis {
  const counts = result.counters.countsOf(areaId, serviceFilter);
  const k = kpisOf(counts);
  return { ...k, unmet: k.unmet + (counts.leftWithCenter ?? 0) };
}

/** Unmet demand: unmet requests per request (0 when there were none). */
export function unmetShare(k: Pick<Kpis, 'unmet' | 'requests'>): number {
  return k.requests > 0 ? k.unmet / k.requests : 0;
}

/**
 * Fairness as the admin statistics compute it: every team serving within the area plus any
 * other team that worked there, with its offers and accepted orders there, per unit of capacity.
 */
export function fairnessFor(result: SimulationResult, areaId: string) {
  const worked = result.counters.teamCountsOf(areaId);
  const rows = [...result.teams.teams.values()]
    .filter((t) => isWithin(t.servesAreaId, areaId) || worked.has(t.id))
    .map((t) => ({ teamId: t.id, capacity: t.capacity, offers: worked.get(t.id)?.offers ?? 0, accepted: worked.get(t.id)?.accepted ?? 0 }));
  return { teams: rows.length, capacity: rows.reduce((sum, r) => sum + r.capacity, 0), ...teamFairness(rows) };
}
