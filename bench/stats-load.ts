/**
 * The statistics benchmark's load (see stats-read.ts): a city's counters drawn through the
 * simulation's demand and team behaviour, tallied by the real `talliesOf`, built by the
 * counters adapter's own item builders and written by BatchWriteItem; today's facts stored as
 * the changes store them, not folded yet; and the check that the adapter's `fold` leaves the
 * same items.
 *
 * The load, on a fresh local stack (its own process, see `stats-read-child.ts`):
 *  - the simulated city (`sim/city.ts`: 6 districts, 86 streets, 3,600 communities, 1,000 teams)
 *    and the demo menu of 14 services, seeded by `seedDemoData` (the real area, menu and team
 *    repositories: the dashboard's team load reads the teams serving the area);
 *  - `--stats-days` days of counters ending today (365). The last `--stats-full-days` (30) and 14
 *    days before them are drawn: each day's residents by `sim/demand.ts` (`--stats-per-day`
 *    requests a day over the city, by community weight, service mix and hour), each request's life
 *    with the simulation's team behaviour (offers to teams that serve it, accept / decline / lapse,
 *    completion, volunteers' minutes, a rating or the close after 7 days, escalation and expiry
 *    when nobody takes it), every change's request fact tallied by the real `talliesOf`
 *    (`tallyOf`), and a whole day's tallies summed into counter items by the adapter's own
 *    `counterItems` / `counterItemRecord`: the items its `fold` leaves. They are written with
 *    BatchWriteItem, and the days before today marked folded; a check at the end folds one tally
 *    through `DynamoStatsCounters.fold` and compares the items it leaves with the builder's.
 *  - Today's facts are stored as facts (`factItem`), unfolded: every read up to today reads them.
 *  - What is written: for every day, the partitions a city-wide query reads (its districts'
 *    service and team counters: a city keeps none of its own); for the full days, also every level
 *    (community, street, district; service and team counters) within the measured district, or
 *    the whole city with `--stats-full-scope city`. A query reads only its area's partitions and
 *    its children's, so no case reads a partition that is missing or partial. Days before the
 *    full ones (the 14 drawn lead days, which miss the later events of requests before them, and
 *    all earlier ones) repeat the full days' city-wide counters in turn, their keys built for the day:
 *    a year's city-wide partitions hold as many items, as large, as drawn days do, and drawing and
 *    writing every level of a whole year (about 1.9 million items) would take 10 to 30 minutes here.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { tableAdapters } from '#shared/wiring/composition';
import { keys } from '#shared/adapters/dynamo/keys';
import { factItem } from '#shared/adapters/dynamo/stats-facts';
import { counterItemRecord, counterItems, DynamoStatsCounters, type CounterItem } from '#shared/adapters/dynamo/stats-counters';
import { DynamoStatsRollUps } from '#shared/adapters/dynamo/stats-months';
import { isWithin, levelOf } from '#shared/domain/area';
import { defaultCreditRules } from '#shared/domain/credit';
import { addDays, statsDay } from '#shared/domain/stats-calendar';
import type { FactTally } from '#shared/ports/stats-counters';
import { CITY_ID, demoAreas } from '#shared/seed/areas';
import { seedDemoData } from '#shared/seed/seed-demo-data';
import { systemClock } from '#shared/ports/clock';
import { talliesOf } from '#shared/use-cases/tally-facts';
import { rollUpStats } from '#shared/use-cases/roll-up-stats';
import type { City } from '../sim/city';
import { generateArrivals } from '../sim/demand';
import { Random } from '../sim/random';
import { Writer } from './batch-writer';
import { candidateIndex, lifeOf } from './stats-life';
import type { StatsReadOptions } from './stats-options';

/** What the load wrote, for the report. */
export interface StatsLoad {
  readonly areas: number;
  readonly communities: number;
  readonly streets: number;
  readonly districts: number;
  readonly teams: number;
  readonly services: number;
  readonly from: string;
  readonly to: string;
  readonly days: number;
  /** Days drawn (the full ones and `LEAD_DAYS` before); days before the full ones repeat the full days' city-wide items. */
  readonly drawnFrom: string;
  readonly drawnDays: number;
  /** First day written at every level within `fullScope`. */
  readonly fullFrom: string;
  readonly fullDays: number;
  /** The area whose every level is written for the full days. */
  readonly fullScope: string;
  /** Requests drawn, and their facts tallied by `talliesOf`. */
  readonly requests: number;
  readonly facts: number;
  /** Of them, today's: stored as facts, not folded. */
  readonly factsToday: number;
  /** Counter items a city's day holds at every level (counted over the full days, written or not). */
  readonly everyLevelItemsPerDay: number;
  /** Of the full days: share of the community × service × day cells that have a counter item (the rest are absent). */
  readonly communityCellShare: number;
  /** Counter items written: area × day × service, and area × day × team. */
  readonly serviceItems: number;
  readonly teamItems: number;
  readonly itemsWritten: number;
  /** Of the full days: counter items written a day. */
  readonly itemsPerFullDay: number;
  /** Of the older days: counter items a day in the partitions a city-wide query reads. */
  readonly itemsPerCityWideDay: number;
  readonly seedSeconds: number;
  readonly loadSeconds: number;
  readonly itemsPerSecond: number;
  /** Months of the period rolled up by the real `rollUpStats` after the load, the area partitions it rolled up, and its time. */
  readonly rolledUpMonths: number;
  readonly rolledUpPartitions: number;
  readonly rollUpSeconds: number;
  /** What `DynamoStatsCounters.add` left, compared with `counterItemRecord`. */
  readonly layoutCheck: string;
}

const SHANGHAI_MS = 8 * 3_600_000;
const CHECK_AREA = 'bench-layout-check';

/** The district and community measured: the busiest by demand weight, the community within the district. */
export function measuredAreas(city: City): { district: string; community: string } {
  const weight = (id: string) => city.communities.filter((c) => isWithin(c.id, id)).reduce((n, c) => n + c.weight, 0);
  const district = [...city.districts].sort((a, b) => weight(b.id) - weight(a.id))[0]!.id;
  const community = city.communities.filter((c) => c.districtId === district).sort((a, b) => b.weight - a.weight)[0]!.id;
  return { district, community };
}

/** Days drawn before the full ones so that their counters include the later events of earlier requests. */
const LEAD_DAYS = 14;

/** A counter item of another day: the same area, service or team and counts, its key built for `day`. */
function onDay(item: CounterItem, day: string): CounterItem {
  const { areaId, serviceCode, teamId } = item.attributes as Record<string, string>;
  const key =
    item.entity === 'StatsServiceDay' ? keys.statsServiceDay(areaId!, day, serviceCode!) : keys.statsTeamDay(areaId!, day, teamId!);
  return { ...item, key, attributes: { ...item.attributes, day } };
}

/**
 * The city, its menu and teams (seeded meanwhile), and the counters of `options.days` days
 * ending today. Drawn: the last `fullDays` days and `LEAD_DAYS` before them; written for every
 * day, the partitions a city-wide query reads, and for the full days also every level within
 * `fullScope` (the measured district, or the whole city). Days before the full ones repeat the
 * full days' city-wide counters in turn (their keys built for the day): as many items, as large.
 */
export async function load(
  db: DynamoDBDocumentClient,
  tableName: string,
  adapters: ReturnType<typeof tableAdapters>,
  city: City,
  options: StatsReadOptions,
  progress: (line: string) => void,
) {
  const loadStart = performance.now();
  const seeded = seedDemoData(adapters, {
    // The simulated city and the areas above it (the province), as the demo data has them.
    areas: [...demoAreas.filter((a) => a.id !== CITY_ID && isWithin(CITY_ID, a.id)), ...city.areas.values()],
    categories: city.categories,
    services: city.services,
    teams: city.teams,
  }).then(() => {
    const seconds = (performance.now() - loadStart) / 1000;
    progress(
      `stats: city seeded (${city.areas.size.toLocaleString('en')} areas, ${city.teams.length} teams, ${city.services.length} services) in ${seconds.toFixed(1)} s, beside the counters`,
    );
    return seconds;
  });

  const to = statsDay(new Date());
  const from = addDays(to, -(options.days - 1));
  const fullDays = Math.max(1, Math.min(options.fullDays, options.days));
  const fullFrom = addDays(to, -(fullDays - 1));
  const drawnDays = Math.min(options.days, fullDays + LEAD_DAYS);
  const drawnFrom = addDays(to, -(drawnDays - 1));
  const scope = options.fullScope === 'city' ? CITY_ID : measuredAreas(city).district;
  // A city keeps no counters of its own (`countingAreas`): a city-wide query reads its districts'.
  const cityWide = new Set(city.districts.flatMap((d) => [keys.statsServicePartition(d.id), keys.statsTeamPartition(d.id)]));
  const services = new Map(city.services.map((s) => [s.code, s]));
  const candidates = candidateIndex(city);
  const deps = {
    catalog: { getService: async (code: string) => services.get(code) },
    credits: { rules: async () => defaultCreditRules },
  };
  /** Tallies by day, until every request that can still count on that day has been drawn. */
  const pending = new Map<string, FactTally[]>();
  /** Of the full days: every level's counter keys (the size of a city's counters, written or not). */
  const allKeys = new Map<string, Set<string>>();
  /** Of the full days: the city-wide counter items, repeated on the days before the drawn ones. */
  const templates: CounterItem[][] = [];
  const writer = new Writer(db, tableName);
  let requests = 0;
  let facts = 0;
  let factsToday = 0;
  let everyLevel = 0;
  let communityCells = 0;
  let serviceItems = 0;
  let teamItems = 0;
  let fullItems = 0;
  let cityWideItems = 0;

  const write = (items: readonly CounterItem[], full: boolean) => {
    for (const item of items) {
      if (item.entity === 'StatsTeamDay') teamItems++;
      else serviceItems++;
    }
    if (full) fullItems += items.length;
    else cityWideItems += items.length;
    writer.push(items.map(counterItemRecord));
  };
  const flush = (day: string) => {
    const built = [...counterItems(pending.get(day) ?? []).values()];
    pending.delete(day);
    templates.push(built.filter((item) => cityWide.has(item.key.pk)));
    for (const key of allKeys.get(day) ?? []) {
      everyLevel++;
      if (key.startsWith('S|') && levelOf(key.split('|')[1]!) === 'community') communityCells++;
    }
    allKeys.delete(day);
    write(
      built.filter((item) => cityWide.has(item.key.pk) || isWithin(String(item.attributes.areaId), scope)),
      true,
    );
  };

  for (let d = 0; d < drawnDays; d++) {
    const day = addDays(drawnFrom, d);
    const startMs = Date.parse(`${day}T00:00:00Z`) - SHANGHAI_MS;
    const arrivals = generateArrivals(city, {
      seed: options.seed * 100_000 + d,
      perDay: options.perDay,
      days: 1,
      startMs,
      urgentShare: 0.1,
    });
    const dayFacts = arrivals.flatMap((a) => {
      const id = `s${day.replaceAll('-', '')}-${a.index}`;
      return lifeOf(a, id, services.get(a.serviceCode)!, candidates(a.areaId, a.serviceCode), new Random(options.seed).fork('stats', id));
    });
    requests += arrivals.length;
    facts += dayFacts.length;
    // Today's are stored as they happen; the days before are folded.
    const today = dayFacts.filter((f) => statsDay(f.at) === to);
    factsToday += today.length;
    writer.push(today.map(factItem));
    for (const t of await talliesOf(deps, dayFacts)) {
      // Today (stored facts, above), or not happened yet; or on a lead day, which misses the later events of the requests before it.
      if (t.day >= to || t.day < fullFrom) continue;
      let dayKeys = allKeys.get(t.day);
      if (!dayKeys) allKeys.set(t.day, (dayKeys = new Set()));
      for (const areaId of t.areaIds) {
        if (Object.keys(t.counts).length > 0) dayKeys.add(`S|${areaId}|${t.serviceCode}`);
        if (t.team && Object.keys(t.team.counts).length > 0) dayKeys.add(`T|${areaId}|${t.team.teamId}`);
      }
      // Outside the scope written at every level only the district level is kept (the rest would be filtered out).
      const tally = isWithin(t.areaIds[0]!, scope) ? t : { ...t, areaIds: t.areaIds.slice(-1) };
      const list = pending.get(t.day);
      if (list) list.push(tally);
      else pending.set(t.day, [tally]);
    }
    // Requests of later days count on their own day or after: every day before this one is whole.
    for (const earlier of [...pending.keys()].filter((k) => k < day).sort()) flush(earlier);
    await writer.room(8_000);
    await new Promise((r) => setImmediate(r));
  }
  for (const day of [...pending.keys()].sort()) flush(day);
  progress(
    `stats: ${drawnDays} days drawn (${requests.toLocaleString('en')} requests) in ${((performance.now() - loadStart) / 1000).toFixed(0)} s`,
  );
  const repeated = options.days - fullDays;
  for (let d = 0; d < repeated; d++) {
    write(
      templates[d % templates.length]!.map((item) => onDay(item, addDays(from, d))),
      false,
    );
    if (d % 20 === 19) await writer.room(8_000);
  }
  await writer.room(0);
  const seedSeconds = await seeded;
  const loadSeconds = (performance.now() - loadStart) / 1000;
  // The months that are over, rolled up as the scheduled `roll-up-stats` does, from the top down
  // (the city and the province keep no counters: the walk passes through them to the districts).
  const rollUpStart = performance.now();
  const rollUps = new DynamoStatsRollUps(db, tableName, systemClock);
  await rollUps.foldedThrough(addDays(to, -1));
  const rolled = await rollUpStats({ rollUps, areas: adapters.areas, clock: systemClock });
  const rollUpSeconds = (performance.now() - rollUpStart) / 1000;
  progress(`stats: ${rolled.months.length} months rolled up (${rolled.outcomes.rolled} area partitions) in ${rollUpSeconds.toFixed(1)} s`);
  const itemsWritten = serviceItems + teamItems;
  return {
    areas: city.areas.size,
    communities: city.communities.length,
    streets: city.streets.length,
    districts: city.districts.length,
    teams: city.teams.length,
    services: city.services.length,
    from,
    to,
    days: options.days,
    drawnFrom,
    drawnDays,
    fullFrom,
    fullDays,
    fullScope: scope,
    requests,
    facts,
    factsToday,
    everyLevelItemsPerDay: everyLevel / fullDays,
    communityCellShare: communityCells / (fullDays * city.communities.length * city.services.length),
    serviceItems,
    teamItems,
    itemsWritten,
    itemsPerFullDay: fullItems / fullDays,
    itemsPerCityWideDay: options.days > fullDays ? cityWideItems / (options.days - fullDays) : 0,
    seedSeconds,
    loadSeconds,
    itemsPerSecond: itemsWritten / loadSeconds,
    rolledUpMonths: rolled.months.filter((m) => m >= from.slice(0, 7)).length,
    rolledUpPartitions: rolled.outcomes.rolled,
    rollUpSeconds,
    layoutCheck: await layoutCheck(db, tableName, to),
  } satisfies StatsLoad;
}

/** One tally through the real adapter's `fold`; the items it leaves must be the builder's (and `foldedAt`). */
async function layoutCheck(db: DynamoDBDocumentClient, tableName: string, day: string): Promise<string> {
  const tally: FactTally = {
    requestId: 'bench-layout-check',
    version: 1,
    day,
    areaIds: [CHECK_AREA],
    serviceCode: 'appliance-repair',
    counts: { accepted: 1, acceptedOnTime: 1, acceptMinutes: 12.5, acceptH04: 1, offers: 1 },
    team: { teamId: 't-check', counts: { accepted: 1 } },
  };
  await new DynamoStatsCounters(db, tableName).fold(day, [tally]);
  const built = [...counterItems([tally]).values()].map(counterItemRecord);
  for (const expected of built) {
    const { foldedAt: _, ...stored } = (await db.send(new GetCommand({ TableName: tableName, Key: { pk: expected.pk, sk: expected.sk } })))
      .Item ?? { foldedAt: undefined };
    const sorted = (o: Record<string, unknown> | undefined) =>
      JSON.stringify(Object.entries(o ?? {}).sort(([a], [b]) => a.localeCompare(b)));
    if (sorted(stored) !== sorted(expected))
      throw new Error(`counter layout differs from the adapter's: built ${sorted(expected)}, stored ${sorted(stored)}`);
  }
  return `DynamoStatsCounters.fold left the same ${built.length} items as counterItemRecord`;
}
