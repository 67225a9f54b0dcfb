/**
 * Seeds the demo menu, area tree and teams into empty repositories, once.
 *
 * The city area is written last and serves as the "seeded" marker: a run that dies halfway leaves
 * no city, so the next run writes everything again (every write is an idempotent put), and a
 * completed seed is never written over, so admins' later edits survive restarts.
 */
import { isWithin, parentId, type Area } from '#shared/domain/area';
import type { Category, Service } from '#shared/domain/catalog';
import { servicesHandledBy, type Team } from '#shared/domain/team';
import type { AreaRepository } from '#shared/ports/area-repository';
import type { CatalogRepository } from '#shared/ports/catalog-repository';
import type { TeamRepository } from '#shared/ports/team-repository';
import { CITY_ID, demoAreas } from './areas';
import { demoCategories, demoServices } from './menu';
import { demoTeams } from './teams';

export interface DemoData {
  readonly areas: readonly Area[];
  readonly categories: readonly Category[];
  readonly services: readonly Service[];
  readonly teams: readonly Team[];
}

export const demoData: DemoData = {
  areas: demoAreas,
  categories: demoCategories,
  services: demoServices,
  teams: demoTeams,
};

export interface SeedDeps {
  readonly catalog: CatalogRepository;
  readonly areas: AreaRepository;
  readonly teams: Pick<TeamRepository, 'register'>;
}

export interface SeedResult {
  /** False when the data was already there and nothing was written. */
  readonly seeded: boolean;
  /** What the demo data defines (written or not). */
  readonly counts: { areas: number; categories: number; services: number; teams: number };
}

/** Writes in flight at once: enough to be quick, few enough not to trip table throttling. */
const WRITE_CONCURRENCY = 10;

/**
 * The cross-references the zod schemas cannot see: parents, categories, services and areas that
 * must exist. Empty when the data is consistent.
 */
export function checkDemoData(data: DemoData): string[] {
  const problems: string[] = [];
  const areaIds = new Set(data.areas.map((a) => a.id));
  const categoryCodes = new Set(data.categories.map((c) => c.code));
  const serviceCodes = new Set(data.services.map((s) => s.code));
  const communityIds = new Set(data.areas.filter((a) => a.level === 'community').map((a) => a.id));

  for (const set of [
    ['area', data.areas.map((a) => a.id)],
    ['category', data.categories.map((c) => c.code)],
    ['service', data.services.map((s) => s.code)],
    ['team', data.teams.map((t) => t.id)],
  ] as const) {
    const [what, ids] = set;
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) problems.push(`duplicate ${what} ${id}`);
      seen.add(id);
    }
  }
  for (const a of data.areas) {
    const parent = parentId(a.id);
    if (parent !== undefined && !areaIds.has(parent)) problems.push(`area ${a.id}: no parent ${parent}`);
  }
  for (const s of data.services) {
    if (!categoryCodes.has(s.category)) problems.push(`service ${s.code}: no category ${s.category}`);
  }
  for (const t of data.teams) {
    if (!communityIds.has(t.stationAreaId)) problems.push(`team ${t.id}: station ${t.stationAreaId} is not a community`);
    if (!areaIds.has(t.servesAreaId)) problems.push(`team ${t.id}: no served area ${t.servesAreaId}`);
    else if (!isWithin(t.stationAreaId, t.servesAreaId)) problems.push(`team ${t.id}: serves an area outside its station's`);
    for (const code of t.services) if (!serviceCodes.has(code)) problems.push(`team ${t.id}: no service ${code}`);
    for (const code of t.categories) if (!categoryCodes.has(code)) problems.push(`team ${t.id}: no category ${code}`);
  }
  return problems;
}

/** Seeds the demo data unless the city area already exists. Throws when the data is inconsistent. */
export async function seedDemoData(deps: SeedDeps, data: DemoData = demoData): Promise<SeedResult> {
  const counts = {
    areas: data.areas.length,
    categories: data.categories.length,
    services: data.services.length,
    teams: data.teams.length,
  };
  const problems = checkDemoData(data);
  if (problems.length > 0) throw new Error(`Inconsistent demo data: ${problems.join('; ')}`);

  await deps.areas.ensureListed(); // an empty table says so at once; one from before the listings is reindexed
  if (await deps.areas.get(CITY_ID)) return { seeded: false, counts };

  const city = data.areas.find((a) => a.id === CITY_ID);
  if (!city) throw new Error(`Demo data has no city area ${CITY_ID}`);

  // Categories before services, so a menu read mid-seed never shows a service without its category.
  await forEachLimited(data.categories, (c) => deps.catalog.putCategory(c));
  await forEachLimited(data.services, (s) => deps.catalog.putService(s));
  await forEachLimited(data.teams, (t) => deps.teams.register(t, servicesHandledBy(t, data.services)));
  await deps.areas.putMany(data.areas.filter((a) => a.id !== CITY_ID));
  await deps.areas.put(city);
  return { seeded: true, counts };
}

/**
 * Runs `write` over `items` with at most `limit` calls in flight. The first failure rejects and
 * stops the workers from starting more writes.
 */
export async function forEachLimited<T>(items: readonly T[], write: (item: T) => Promise<void>, limit = WRITE_CONCURRENCY): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await write(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
