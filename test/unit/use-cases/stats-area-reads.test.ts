/**
 * The statistics' area reads, counted on the whole of 泰安市 (3,878 areas) through a repository
 * that refuses the subtree read they made before (every community of a city, the whole table with
 * no area asked): the root, its children, the names above it, and for a province the districts
 * within its cities. The answers themselves are test/unit/use-cases/needs-statistics.test.ts's.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { MemoryAreas } from '#shared/adapters/memory/reference-data';
import type { Staff } from '#shared/domain/staff';
import { demoAreas, KEDA, YANBEI } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { statsDashboard, statsExport } from '#shared/use-cases/needs-statistics';
import { countedAreas } from '../../support/counted-areas';
import { countFacts } from '../../support/count-facts';
import { submittedFact } from '../../support/submitted-fact';

const TAIAN_DISTRICTS = ['370902', '370911', '370921', '370923', '370982', '370983'];
const center: Staff = { id: 'c', name: 'center', role: 'center' };
const period = { from: '2026-11-01', to: '2026-11-29' };
let mem: MemoryDeps;
let counted: ReturnType<typeof countedAreas>;
/** The memory adapters, with the counted areas. */
const deps = () => ({ ...mem, areas: counted.areas });
const streetsOf = (districtId: string) => demoAreas.filter((a) => a.level === 'street' && a.id.startsWith(districtId)).length;

beforeEach(async () => {
  mem = memoryDeps({ clock: { now: () => new Date('2026-11-29T10:00:00Z') }, services: demoServices, areas: demoAreas });
  counted = countedAreas(new MemoryAreas(demoAreas));
  await countFacts(mem, [submittedFact('a', '2026-11-20', KEDA), submittedFact('b', '2026-11-20', YANBEI)]);
});

describe('the statistics of a city (3,878 areas)', () => {
  it('read the city, its districts and its province: 8 areas', async () => {
    const city = await statsDashboard(deps(), center, { area: '3709', ...period });
    expect(city.totals.requests).toBe(2);
    expect(city.byChildArea.map((a) => a.id)).toEqual(TAIAN_DISTRICTS);
    expect(counted.read).toBe(1 + 6 + 1);
    counted.read = 0;
    expect((await statsExport(deps(), center, { area: '3709', ...period })).rows.map((r) => r.area.id)).toEqual(['370902', '370911']);
    expect(counted.read).toBe(1 + 6 + 1);
  });

  it('read the first city with no area asked, a level at a time: 9 areas', async () => {
    const city = await statsDashboard(deps(), center, period);
    expect(city.area.id).toBe('3709');
    expect(city.totals.requests).toBe(2);
    expect(counted.read).toBe(1 + 1 + 6 + 1);
  });

  it('read a province’s cities and their districts, never their streets', async () => {
    const province = await statsDashboard(deps(), center, { area: '37', ...period });
    expect(province.totals.requests).toBe(2);
    expect(province.byChildArea.map((a) => [a.id, a.requests])).toEqual([['3709', 2]]);
    expect(counted.read).toBe(1 + 1 + 6);
  });
});

describe('the statistics of a district', () => {
  it('read the district, its streets and the two areas above it', async () => {
    const district = await statsDashboard(deps(), center, { area: '370902', ...period });
    expect(district.totals.requests).toBe(1);
    expect(district.byChildArea.find((a) => a.id === KEDA.slice(0, 9))).toMatchObject({ requests: 1 });
    expect(counted.read).toBe(1 + streetsOf('370902') + 2);
    expect(counted.read).toBeLessThan(20);
  });
});
