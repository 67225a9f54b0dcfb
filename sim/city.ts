/**
 * The simulated city: the real Tai'an of the demo data (6 districts and counties, 88 streets and
 * townships, 3,782 communities and villages by their division codes), each community with a
 * demand weight (how many requests it makes relative to the others), and about 1,000 volunteer
 * teams: the demo teams and the rest drawn from a seed.
 *
 * Teams come in four tiers, after the examples in DOMAIN.md:
 * - city: specialized teams (专业志愿服务队, the demo legal-aid and clinic teams and 8 more)
 *   and the veterans' lecture corps (7 teams), serving the whole city;
 * - district: one team per service category in each district, serving the district;
 * - street: a quarter of the teams, serving one street or township (like 瑞迪e修站);
 * - community: the rest, small (capacity 2-6): general helping squads (like 海军帮忙队:
 *   errands, visits, clean-ups) and teams of one category, serving their community or street.
 */
import { ancestorAt, type Area, isWithin, levelOf, parentId } from '#shared/domain/area';
import { type Category, matchingMode, type Service } from '#shared/domain/catalog';
import { team as teamSchema, type Team } from '#shared/domain/team';
import { CITY_ID, demoAreas } from '#shared/seed/areas';
import { demoCategories, demoServices } from '#shared/seed/menu';
import { demoTeams } from '#shared/seed/teams';
import { Random, Weighted } from './random';

export type Tier = 'city' | 'district' | 'street' | 'community';
export const tiers: readonly Tier[] = ['city', 'district', 'street', 'community'];

export interface Community {
  readonly id: string;
  readonly streetId: string;
  readonly districtId: string;
  /** Relative demand: a community of weight 2 orders twice as much as one of weight 1. */
  readonly weight: number;
}

export interface City {
  readonly areas: ReadonlyMap<string, Area>;
  /** The cities (one for Tai'an, 16 for Shandong). */
  readonly cities: readonly Area[];
  readonly districts: readonly Area[];
  readonly streets: readonly Area[];
  readonly communities: readonly Community[];
  readonly teams: readonly Team[];
  readonly categories: readonly Category[];
  readonly services: readonly Service[];
}

/** The tier of a team: the level of the area it serves. */
export function tierOf(team: Pick<Team, 'servesAreaId'>): Tier {
  return levelOf(team.servesAreaId) as Tier;
}

/** A city from its parts (tests build tiny ones this way). Community weights default to 1. */
export function cityOf(parts: {
  readonly areas: readonly Area[];
  readonly teams: readonly Team[];
  readonly weights?: Readonly<Record<string, number>>;
  readonly services?: readonly Service[];
  readonly categories?: readonly Category[];
}): City {
  const areas = new Map(parts.areas.map((a) => [a.id, a]));
  const communities = parts.areas
    .filter((a) => a.level === 'community')
    .map((a) => {
      const [streetId, districtId] = [ancestorAt(a.id, 'street')!, ancestorAt(a.id, 'district')!];
      return { id: a.id, streetId, districtId, weight: parts.weights?.[a.id] ?? 1 };
    });
  for (const t of parts.teams) {
    if (!areas.has(t.stationAreaId) || !areas.has(t.servesAreaId)) throw new Error(`Team ${t.id} is outside the city's areas`);
  }
  return {
    areas,
    cities: parts.areas.filter((a) => a.level === 'city'),
    districts: parts.areas.filter((a) => a.level === 'district'),
    streets: parts.areas.filter((a) => a.level === 'street'),
    communities,
    teams: parts.teams,
    categories: parts.categories ?? demoCategories,
    services: (parts.services ?? demoServices).map(offeredToTeams),
  };
}

/**
 * The simulation models teams answering offers, not stations reviewing wishes and volunteers
 * claiming them from the wall: a service matched by claim is offered to teams here (`assign`).
 */
function offeredToTeams(service: Service): Service {
  return matchingMode(service) === 'assign' ? service : { ...service, dispatch: { ...service.dispatch, mode: 'assign' } };
}

/** The same city with more teams (the what-if). */
export function withTeams(city: City, extra: readonly Team[]): City {
  return extra.length === 0 ? city : { ...city, teams: [...city.teams, ...extra] };
}

export interface CityOptions {
  readonly seed: number;
  /** At most this many of the real tree's communities and villages (all 3,782 by default). */
  readonly communities: number;
  /** Teams in all (about 1,000 in the brief). */
  readonly teams: number;
  /** The city (4 digits) or province (2) simulated: Tai'an (3709) by default. */
  readonly region?: string;
  /** The division table holding the region (`sim/region-table.ts`); the demo's Tai'an by default. */
  readonly table?: readonly Area[];
}

export const defaultCityOptions: CityOptions = { seed: 1, communities: 3782, teams: 1000 };

/** Lists by a key, in the order met. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const communityCategoryWeights: Readonly<Record<string, number>> = {
  'elderly-care': 18,
  environment: 12,
  mediation: 12,
  education: 12,
  culture: 10,
  'micro-wish': 10,
  'appliance-repair': 10,
  health: 10,
  'legal-aid': 4,
};

const streetCategoryWeights: Readonly<Record<string, number>> = {
  'elderly-care': 22,
  'appliance-repair': 14,
  health: 14,
  mediation: 10,
  education: 10,
  'micro-wish': 8,
  environment: 8,
  'legal-aid': 7,
  culture: 7,
};

const capacityWeights: Readonly<Record<Exclude<Tier, 'city'>, Readonly<Record<number, number>>>> = {
  community: { 2: 15, 3: 30, 4: 25, 5: 15, 6: 15 },
  street: { 3: 15, 4: 20, 5: 25, 6: 20, 7: 10, 8: 10 },
  district: { 5: 1, 6: 1, 7: 1, 8: 1, 9: 1, 10: 1 },
};

const HELPER_SERVICES = ['elderly-errands', 'elderly-visit', 'neighbourhood-cleanup'];

/** City-level specialized teams besides the demo ones: [category, service or none, zh, en]. */
const specialized: ReadonlyArray<readonly [string, string | undefined, string, string]> = [
  ['mediation', undefined, '人民调解专业志愿服务队', 'Mediation Specialized Team'],
  ['education', undefined, '教育关爱专业志愿服务队', 'Education Specialized Team'],
  ['culture', 'calligraphy-class', '书画艺术专业志愿服务队', 'Calligraphy Specialized Team'],
  ['appliance-repair', undefined, '家电维修专业志愿服务队', 'Appliance Repair Specialized Team'],
  ['elderly-care', undefined, '助老服务专业志愿服务队', 'Elderly Care Specialized Team'],
  ['micro-wish', undefined, '微心愿认领专业志愿服务队', 'Micro-wish Specialized Team'],
  ['environment', undefined, '生态环保专业志愿服务队', 'Environment Specialized Team'],
  ['health', 'home-rehab-guidance', '康复指导专业志愿服务队', 'Rehabilitation Specialized Team'],
];

/** Counts for `weights` that sum to `total` exactly (largest remainder), each at least `min`. */
export function apportion(weights: readonly number[], total: number, min = 0): number[] {
  const free = total - min * weights.length;
  if (free < 0) throw new Error(`Cannot give ${weights.length} parts at least ${min} each out of ${total}`);
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (free * w) / sum);
  const counts = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  let left = free - counts.reduce((a, b) => a + b, 0);
  for (const [, i] of order) {
    if (left <= 0) break;
    counts[i]!++;
    left--;
  }
  return counts.map((c) => c + min);
}

export function generateCity(options: CityOptions = defaultCityOptions): City {
  const random = new Random(options.seed).fork('city');
  const region = options.region ?? CITY_ID;
  const inCity = (options.table ?? demoAreas).filter((a) => isWithin(a.id, region));
  if (!inCity.some((a) => a.id === region)) throw new Error(`No area ${region} in the division table`);
  const streets = inCity.filter((a) => a.level === 'street');
  const byStreet = groupBy(
    inCity.filter((a) => a.level === 'community'),
    (a) => parentId(a.id)!,
  );
  const communitiesOf = (streetId: string) => byStreet.get(streetId) ?? [];
  // Fewer communities than the real 3,782 (tests ask for a few hundred): each street keeps its
  // share, the demo teams' stations first, then in code order; all of them by default.
  const stations = new Set(demoTeams.map((t) => t.stationAreaId));
  // Each street's share in proportion to its real communities, so no street is asked for more than it has.
  const streetWeights = streets.map((s) => communitiesOf(s.id).length);
  const all = inCity.filter((a) => a.level === 'community').length;
  const total = Math.min(options.communities, all);
  if (total < streets.length) throw new Error(`A city of ${streets.length} streets needs at least as many communities`);
  const perStreet = total === all ? streetWeights : apportion(streetWeights, total, 1);
  const kept = streets.flatMap((street, i) =>
    communitiesOf(street.id)
      .sort((a, b) => Number(stations.has(b.id)) - Number(stations.has(a.id)) || (a.id < b.id ? -1 : 1))
      .slice(0, perStreet[i]!),
  );
  const weights: Record<string, number> = {};
  for (const a of kept) weights[a.id] = (a.kind === '村' ? 0.7 : 2.2) * random.lognormal(1, 0.45);
  const areas = [...inCity.filter((a) => a.level !== 'community'), ...kept];
  const skeleton = cityOf({ areas, teams: [], weights });
  const demo = demoTeams.filter((t) => skeleton.areas.has(t.stationAreaId) && skeleton.areas.has(t.servesAreaId));
  return { ...skeleton, teams: generateTeams(skeleton, options, demo, random.fork('teams')) };
}

function generateTeams(city: City, options: CityOptions, demo: readonly Team[], random: Random): Team[] {
  const categories = city.categories.map((c) => c.code);
  const servicesOf = (category: string) => city.services.filter((s) => s.category === category).map((s) => s.code);
  const name = (zh: string, en: string) => ({ zh, en });
  const areaName = (id: string) => city.areas.get(id)!.name;
  const categoryName = (code: string) => city.categories.find((c) => c.code === code)!.name;
  const rating = () => Math.round(random.uniform(4.3, 5) * 10) / 10;
  // Object keys are strings, even numeric ones.
  const capacityTables = {
    community: Weighted.of(capacityWeights.community),
    street: Weighted.of(capacityWeights.street),
    district: Weighted.of(capacityWeights.district),
  };
  const capacity = (tier: Exclude<Tier, 'city'>) => Number(capacityTables[tier].draw(random));
  const teams: Team[] = [...demo];
  let n = 0;
  const make = (
    draft: Omit<Team, 'id' | 'paused' | 'blackoutDates' | 'channels' | 'rating' | 'services' | 'categories'> &
      Partial<Pick<Team, 'services' | 'categories'>>,
  ) =>
    teams.push(
      teamSchema.parse({
        id: `t${String(++n).padStart(4, '0')}`,
        services: [],
        categories: [],
        paused: false,
        blackoutDates: [],
        channels: [],
        rating: rating(),
        ...draft,
      }),
    );

  const byWeight = new Weighted(
    city.communities,
    city.communities.map((c) => c.weight),
  );
  const byStreet = groupBy(city.communities, (c) => c.streetId);
  const byDistrict = groupBy(city.communities, (c) => c.districtId);
  const communitiesOf = (prefix: string) =>
    levelOf(prefix) === 'street'
      ? (byStreet.get(prefix) ?? [])
      : levelOf(prefix) === 'district'
        ? (byDistrict.get(prefix) ?? [])
        : city.communities.filter((c) => isWithin(c.id, prefix));
  const heaviest = (prefix: string) => communitiesOf(prefix).reduce((a, b) => (b.weight > a.weight ? b : a));
  const several = city.cities.length > 1;

  // City tier, in each city: the demo's three (Tai'an), 8 more specialized teams stationed in the
  // city centre (its first district: 泰山区 in Tai'an) and 6 more veterans' lecture teams.
  for (const c of city.cities) {
    const inThisCity = communitiesOf(c.id);
    if (inThisCity.length === 0) continue;
    const centre = city.districts.find((d) => isWithin(d.id, c.id) && communitiesOf(d.id).length > 0)!;
    const centralCommunities = communitiesOf(centre.id);
    const prefix = several ? c.name : name('', '');
    for (const [category, service, zh, en] of specialized) {
      make({
        name: name(`${prefix.zh}${zh}`, `${prefix.en ? `${prefix.en} ` : ''}${en}`),
        stationAreaId: random.pick(centralCommunities).id,
        servesAreaId: c.id,
        ...(service ? { services: [service] } : { categories: [category] }),
        capacity: 8 + random.int(8),
      });
    }
    for (let i = 2; i <= 7; i++) {
      make({
        name: name(`${prefix.zh}老兵宣讲团第${i}分队`, `${prefix.en ? `${prefix.en} ` : ''}Veterans' Lecture Corps, team ${i}`),
        stationAreaId: random.pick(inThisCity).id,
        servesAreaId: c.id,
        services: ['red-story-lecture'],
        capacity: 4 + random.int(5),
      });
    }
  }

  // District tier: one team per category in each district.
  for (const district of city.districts) {
    for (const category of categories) {
      make({
        name: name(`${district.name.zh}${categoryName(category).zh}志愿服务总队`, `${district.name.en} ${categoryName(category).en} Corps`),
        stationAreaId: heaviest(district.id).id,
        servesAreaId: district.id,
        categories: [category],
        capacity: capacity('district'),
      });
    }
  }

  // Street tier: a quarter of all teams, spread over the streets by their demand.
  const streetTeams = Math.round(options.teams * 0.25);
  const streetDemand = city.streets.map((s) => communitiesOf(s.id).reduce((sum, c) => sum + c.weight, 0));
  const perStreet = apportion(streetDemand, streetTeams);
  const streetCategory = Weighted.of(streetCategoryWeights);
  city.streets.forEach((street, i) => {
    const taken = new Set<string>();
    for (let k = 0; k < perStreet[i]!; k++) {
      let category = streetCategory.draw(random);
      for (let tries = 0; taken.has(category) && tries < 5; tries++) category = streetCategory.draw(random);
      taken.add(category);
      make({
        name: name(`${street.name.zh}${categoryName(category).zh}志愿服务队`, `${street.name.en} ${categoryName(category).en} Team`),
        stationAreaId: random.pick(communitiesOf(street.id)).id,
        servesAreaId: street.id,
        categories: [category],
        capacity: capacity('street'),
      });
    }
  });

  // Community tier: the rest, stationed where demand is (none if the tiers above took them all).
  const communityCategory = Weighted.of(communityCategoryWeights);
  const remaining = options.teams - teams.length;
  for (let k = 0; k < remaining; k++) {
    const station = byWeight.draw(random);
    const stationName = areaName(station.id);
    if (random.chance(0.35)) {
      make({
        name: name(`${stationName.zh}帮忙队`, `${stationName.en} Helping Squad`),
        stationAreaId: station.id,
        servesAreaId: random.chance(0.75) ? station.id : station.streetId,
        services: HELPER_SERVICES,
        capacity: capacity('community'),
      });
      continue;
    }
    const category = communityCategory.draw(random);
    make({
      name: name(`${stationName.zh}${categoryName(category).zh}志愿服务队`, `${stationName.en} ${categoryName(category).en} Team`),
      stationAreaId: station.id,
      servesAreaId: random.chance(0.6) ? station.id : station.streetId,
      ...(random.chance(0.6) ? { categories: [category] } : { services: [random.pick(servicesOf(category))] }),
      capacity: capacity('community'),
    });
  }
  return teams;
}
