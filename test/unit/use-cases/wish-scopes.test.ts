/**
 * What each reader of the wall sees in a busy district: a station's review queue, a district
 * unit's wishes and claims as a community's staff see them, a team's pool nearest its station;
 * and staff claiming for a unit (a bad unitId, a repeat).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import type { ValidationError } from '#shared/domain/errors';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { publishWish, wishesForReview } from '#shared/use-cases/wish-review';
import { POOL_SIZE, teamPool } from '#shared/use-cases/wish-wall-view';
import { claimForUnit, unitWork } from '#shared/use-cases/work-units';
import { KEDA, teamFixture } from '../../support/fixtures';
import { wishInReview } from '../../support/memory-wish';

const CENTER = { id: 'center', name: 'center', role: 'center' } as const;
const STATION = { id: 'staff-1', name: 'station', role: 'station', areaId: KEDA } as const;
/** Another community of the same district (泰山区), in another street. */
const ELSEWHERE = '370902001001';
let mem: MemoryDeps;
let now: Date;
const tick = () => {
  now = new Date(now.getTime() + 60_000);
};

async function inReview(areaId: string): Promise<string> {
  const id = await wishInReview(mem, areaId);
  tick();
  return id;
}

async function published(areaId: string): Promise<string> {
  const id = await inReview(areaId);
  await publishWish(mem, CENTER, id, { text: '一台收音机', wisher: '李奶奶' });
  tick();
  return id;
}

async function districtUnit(maxOpenClaims = 5) {
  await mem.units.register({
    id: 'u1',
    name: '区里的单位',
    areaId: '370902',
    contactName: '周',
    contactPhone: '+8613800001111',
    maxOpenClaims,
    registeredAt: now.toISOString(),
    registeredBy: 'center',
  });
}

beforeEach(() => {
  now = new Date('2026-12-01T02:00:00.000Z');
  mem = memoryDeps({ clock: { now: () => now }, services: demoServices, areas: demoAreas });
});

describe('the wall in a busy district', () => {
  it('shows a station every wish waiting in its area, oldest first, whatever waits elsewhere in the district', async () => {
    for (let i = 0; i < 201; i++) await inReview(ELSEWHERE);
    const mine = [await inReview(KEDA), await inReview(KEDA)];
    expect((await wishesForReview(mem, STATION)).map((w) => w.id)).toEqual(mine);
    expect(await wishesForReview(mem, CENTER)).toHaveLength(200);
  });

  it('shows a community’s staff the wishes a district’s unit may claim there, and its claims there, however many newer lie elsewhere', async () => {
    await districtUnit();
    const here = await published(KEDA);
    const claimed = await published(KEDA);
    await claimForUnit(mem, CENTER, claimed, { unitId: 'u1' });
    for (let i = 0; i < 60; i++) await published(ELSEWHERE);
    const work = await unitWork(mem, STATION);
    expect(work.published.map((w) => w.id)).toEqual([here]);
    expect(work.claims.map((c) => c.id)).toEqual([claimed]);
    // The center sees the district's newest.
    expect((await unitWork(mem, CENTER)).published).toHaveLength(50);
  });

  it('fills a team’s pool from its station outward: its community, its street, then the rest of the area it serves', async () => {
    await mem.teams.register(teamFixture('near', { services: ['micro-wish'], servesAreaId: '370902', stationAreaId: KEDA }), [
      'micro-wish',
    ]);
    const street = await published('370902003001');
    const here = await published(KEDA);
    for (let i = 0; i < POOL_SIZE; i++) await published(ELSEWHERE);
    const pool = await teamPool(mem, 'near');
    expect(pool).toHaveLength(POOL_SIZE);
    expect(pool.slice(0, 2).map((w) => w.id)).toEqual([here, street]);
    expect(new Set(pool.map((w) => w.id)).size).toBe(POOL_SIZE);
  });
});

describe('claiming for a unit', () => {
  it('refuses a unitId that is no unit’s id with a 400 naming it, and an unknown one with a 404', async () => {
    await districtUnit();
    const id = await published(KEDA);
    const fieldOf = async (input: unknown) =>
      claimForUnit(mem, CENTER, id, input).then(
        () => 'claimed',
        (error: ValidationError) => error.issues?.map((i) => i.field).join(',') ?? error.message,
      );
    expect(await fieldOf({ unitId: 'a'.repeat(3000) })).toBe('unitId');
    expect(await fieldOf({ unitId: 7 })).toBe('unitId');
    expect(await fieldOf({})).toBe('unitId');
    expect(await fieldOf(undefined)).toBe('unitId');
    expect(await fieldOf({ unitId: 'u2' })).toBe('Work unit not found');
    expect(mem.requests.requests.get(id)?.status).toBe('PUBLISHED');
  });

  it('answers a claim the unit holds already as the first was, taking one slot', async () => {
    await districtUnit(1);
    const id = await published(KEDA);
    const first = await claimForUnit(mem, CENTER, id, { unitId: 'u1' });
    await expect(claimForUnit(mem, STATION, id, { unitId: 'u1' })).resolves.toMatchObject({
      id,
      version: first.version,
      claim: first.claim,
    });
    // Twins at once: both answered as the claim.
    const other = await published(KEDA);
    await mem.units.register({ ...(await mem.units.get('u1'))!, id: 'u2', maxOpenClaims: 1 });
    const twins = await Promise.all([0, 1].map(() => claimForUnit(mem, CENTER, other, { unitId: 'u2' })));
    expect(twins.map((r) => r.claim?.claimer.id)).toEqual(['u2', 'u2']);
    // The unit holds one slot: a second wish is refused by its limit.
    await expect(claimForUnit(mem, CENTER, await published(KEDA), { unitId: 'u1' })).rejects.toMatchObject({ code: 'CLAIM_LIMIT' });
  });
});
