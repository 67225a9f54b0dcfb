/**
 * The what-if: how many more teams of which category, where, would bring unmet demand under a
 * target. A greedy search, bounded in reruns: after each run, the (district, category) cells
 * with the most unmet requests (expired, rejected while with the center, or left with it), until they hold twice the excess over the target, get teams
 * of the typical capacity of their tier, enough by a simple estimate (unmet requests ÷ what
 * one team serves in the period, given the category's mean time from acceptance to
 * completion); then the city is simulated again with the same residents (the arrivals and the
 * answers are drawn per request, so only what the new teams change changes). Where one street
 * holds at least half of a cell's unmet requests the new teams serve that street; otherwise
 * they serve the whole district, stationed in the street with the most.
 *
 * Once under the target, the reruns left trim the set: the new teams in order of the unmet
 * requests they were planned for (a cell's second team counting half, its third a third…,
 * earlier rounds first), a binary search finds the shortest prefix still under the target.
 *
 * Greedy and estimated: not a proof that no smaller set would do, but each team added is one
 * the last runs showed a need for, and the trim drops those the target can do without.
 */
import { isWithin } from '#shared/domain/area';
import type { Team } from '#shared/domain/team';
import { tierOf, withTeams, type City } from './city';
import type { Arrival } from './demand';
import { kpisFor, rootId, unmetShare } from './outcome';
import { simulate, type SimulationOptions, type SimulationResult } from './simulation';

export interface Recruit {
  readonly districtId: string;
  /** Where the new teams are stationed (in its most demanding community). */
  readonly stationStreetId: string;
  /** The street, or the whole district. */
  readonly servesAreaId: string;
  readonly category: string;
  readonly teams: number;
  readonly capacity: number;
  /** Requests of the category left unmet in the district when these teams were planned (`kpisFor`). */
  readonly unmet: number;
}

export interface WhatIfRound {
  readonly label: string;
  readonly teamsAdded: number;
  readonly capacityAdded: number;
  /** Requests left unmet (`kpisFor`). */
  readonly unmetRequests: number;
  readonly requests: number;
  /** Their share of the requests. */
  readonly unmet: number;
  readonly wallMs: number;
}

export interface WhatIfResult {
  readonly rounds: readonly WhatIfRound[];
  /** The teams to recruit, most first. */
  readonly recruits: readonly Recruit[];
  /** The run those recruits were simulated in. */
  readonly chosen: WhatIfRound;
  readonly reached: boolean;
}

export interface WhatIfOptions {
  /** Unmet share to get under, e.g. 0.01. */
  readonly target: number;
  /** Reruns at most (the baseline run is not one of them). */
  readonly maxReruns: number;
  /** Days over which the requests arrived (what one team can serve depends on it). */
  readonly days: number;
  readonly simulation: SimulationOptions;
}

/** The median capacity of the city's teams serving at `tier` level (5 when there are none). */
function typicalCapacity(city: City, tier: 'street' | 'district'): number {
  const capacities = city.teams
    .filter((t) => tierOf(t) === tier)
    .map((t) => t.capacity)
    .sort((a, b) => a - b);
  return capacities.length > 0 ? capacities[Math.floor(capacities.length / 2)]! : 5;
}

/** Mean minutes from acceptance to completion for a category's services (a day if unknown). */
function holdMinutes(result: SimulationResult, codes: ReadonlySet<string>): number {
  const k = kpisFor(result, rootId(result.city), (code) => codes.has(code));
  if (!k.timeToComplete.meanMinutes || !k.timeToAccept.meanMinutes) return 24 * 60;
  return Math.max(60, k.timeToComplete.meanMinutes - k.timeToAccept.meanMinutes);
}

/**
 * What to add after `result`: teams for the (district, category) cells with the most unmet
 * requests, as many cells as it takes to hold `excess` × 2 unmet requests (all cells with any
 * when `excess` is not given).
 */
export function planRecruits(result: SimulationResult, days: number, excess = Infinity): Recruit[] {
  const { city } = result;
  const street = typicalCapacity(city, 'street');
  const district = typicalCapacity(city, 'district');
  const plan: Recruit[] = [];
  for (const category of city.categories) {
    const codes = new Set(city.services.filter((s) => s.category === category.code).map((s) => s.code));
    const unmetIn = (areaId: string) => kpisFor(result, areaId, (code) => codes.has(code)).unmet;
    const perTeamPerMinute = 1 / holdMinutes(result, codes);
    for (const d of city.districts) {
      const unmet = unmetIn(d.id);
      if (unmet <= 0) continue;
      const streets = city.streets
        .filter((s) => isWithin(s.id, d.id))
        .map((s) => ({ id: s.id, unmet: unmetIn(s.id) }))
        .sort((a, b) => b.unmet - a.unmet || a.id.localeCompare(b.id));
      const top = streets[0]!;
      const local = top.unmet * 2 >= unmet;
      const capacity = local ? street : district;
      const need = local ? top.unmet : unmet;
      const servedByOne = capacity * days * 24 * 60 * perTeamPerMinute;
      plan.push({
        districtId: d.id,
        stationStreetId: top.id,
        servesAreaId: local ? top.id : d.id,
        category: category.code,
        teams: Math.max(1, Math.ceil(need / servedByOne)),
        capacity,
        unmet,
      });
    }
  }
  plan.sort((a, b) => b.unmet - a.unmet || a.servesAreaId.localeCompare(b.servesAreaId));
  let covered = 0;
  return plan.filter((r) => {
    const take = covered < 2 * excess;
    covered += r.unmet;
    return take;
  });
}

/** One team of a recruit, with the priority the trim gives it. */
interface Unit {
  readonly recruit: Recruit;
  readonly round: number;
  readonly benefit: number;
}

function unitsOf(plan: readonly Recruit[], round: number): Unit[] {
  return plan.flatMap((r) =>
    Array.from({ length: r.teams }, (_, i) => ({ recruit: { ...r, teams: 1 }, round, benefit: r.unmet / (i + 1) })),
  );
}

/** Units as recruits: the same place, category and capacity add up. */
function aggregate(units: readonly Unit[]): Recruit[] {
  const key = (r: Recruit) => `${r.servesAreaId}|${r.stationStreetId}|${r.category}|${r.capacity}`;
  const all = new Map<string, Recruit>();
  for (const { recruit: r } of units) {
    const known = all.get(key(r));
    all.set(key(r), known ? { ...known, teams: known.teams + 1, unmet: Math.max(known.unmet, r.unmet) } : r);
  }
  return [...all.values()].sort(
    (a, b) =>
      b.teams - a.teams || b.unmet - a.unmet || a.servesAreaId.localeCompare(b.servesAreaId) || a.category.localeCompare(b.category),
  );
}

/** The teams a recruitment plan stands for. */
export function recruitTeams(city: City, recruits: readonly Recruit[]): Team[] {
  const teams: Team[] = [];
  for (const r of recruits) {
    const station = city.communities.filter((c) => c.streetId === r.stationStreetId).reduce((a, b) => (b.weight > a.weight ? b : a));
    const category = city.categories.find((c) => c.code === r.category)!;
    for (let i = 0; i < r.teams; i++) {
      const n = teams.length + 1;
      teams.push({
        id: `whatif-${String(n).padStart(3, '0')}`,
        name: { zh: `新招募${category.name.zh}志愿服务队${n}`, en: `New ${category.name.en} team ${n}` },
        stationAreaId: station.id,
        servesAreaId: r.servesAreaId,
        services: [],
        categories: [r.category],
        capacity: r.capacity,
        paused: false,
        blackoutDates: [],
        channels: [],
        // New teams start at 5.
        rating: 5,
      });
    }
  }
  return teams;
}

export async function whatIf(baseline: SimulationResult, arrivals: readonly Arrival[], options: WhatIfOptions): Promise<WhatIfResult> {
  const city = baseline.city;
  const root = rootId(city);
  const roundOf = (label: string, result: SimulationResult, recruits: readonly Recruit[]): WhatIfRound => {
    const k = kpisFor(result, root);
    return {
      label,
      teamsAdded: recruits.reduce((sum, r) => sum + r.teams, 0),
      capacityAdded: recruits.reduce((sum, r) => sum + r.teams * r.capacity, 0),
      unmetRequests: k.unmet,
      requests: k.requests,
      unmet: unmetShare(k),
      wallMs: result.figures.wallMs,
    };
  };
  const rounds = [roundOf('as is', baseline, [])];
  const rerun = async (label: string, units: readonly Unit[]) => {
    const recruits = aggregate(units);
    const result = await simulate(withTeams(city, recruitTeams(city, recruits)), arrivals, options.simulation);
    rounds.push(roundOf(label, result, recruits));
    return result;
  };
  const under = () => rounds[rounds.length - 1]!.unmet < options.target;

  // Grow: add where the last run left requests unmet, until under the target.
  let units: Unit[] = [];
  let last = baseline;
  let runs = 0;
  while (runs < options.maxReruns && !under()) {
    const { unmetRequests, requests } = rounds[rounds.length - 1]!;
    // Expired requests beyond the most the target allows.
    const excess = unmetRequests - (Math.ceil(options.target * requests) - 1);
    const more = planRecruits(last, options.days, excess);
    if (more.length === 0) break;
    units = [...units, ...unitsOf(more, ++runs).sort((a, b) => b.benefit - a.benefit)];
    last = await rerun(`grow ${runs}`, units);
  }
  if (!under()) return { rounds, recruits: aggregate(units), chosen: rounds[rounds.length - 1]!, reached: false };
  let chosen = rounds[rounds.length - 1]!;

  // Trim: the shortest prefix of the units (by round, then benefit) still under the target.
  let lo = 0;
  let hi = units.length;
  while (runs < options.maxReruns && hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    runs++;
    await rerun(`trim to ${mid}`, units.slice(0, mid));
    if (under()) {
      hi = mid;
      chosen = rounds[rounds.length - 1]!;
    } else lo = mid;
  }
  return { rounds, recruits: aggregate(units.slice(0, hi)), chosen, reached: true };
}
