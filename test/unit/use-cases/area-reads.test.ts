/**
 * GET /areas and the districts an admin's lists read (review 49's rest): a level or a page of
 * ids at a time, never the tree. Counted on the whole of 泰安市 (3,878 areas) through a repository
 * that refuses the subtree read they made before (at 山东省's 64,095 areas, an 11 MB answer).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryAreas } from '#shared/adapters/memory/reference-data';
import type { Area } from '#shared/domain/area';
import { ValidationError } from '#shared/domain/errors';
import type { AreaRepository } from '#shared/ports/area-repository';
import { countedAreas } from '../../support/counted-areas';
import { demoAreas, KEDA } from '#shared/seed/areas';
import { browseAreas, MAX_AREA_IDS } from '#shared/use-cases/browse-reference-data';
import { districtsHolding } from '#shared/use-cases/districts';

const TAIAN_DISTRICTS = ['370902', '370911', '370921', '370923', '370982', '370983'];
/** The areas read, counted; the subtree read refused. */
let counted: ReturnType<typeof countedAreas>;
let areas: AreaRepository;
beforeEach(() => {
  counted = countedAreas(new MemoryAreas(demoAreas));
  areas = counted.areas;
});

const ids = (list: readonly Area[]) => list.map((a) => a.id);
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => (e instanceof ValidationError ? e.issues.map((f) => f.field) : e),
  );

describe('GET /areas', () => {
  it('answers the top areas, or one area’s children: one level read', async () => {
    expect(ids(await browseAreas(areas, {}))).toEqual(['37']);
    expect(counted.read).toBe(1);
    counted.read = 0;
    expect(ids(await browseAreas(areas, { within: '3709' }))).toEqual(TAIAN_DISTRICTS);
    expect(counted.read).toBe(6);
    counted.read = 0;
    const communities = await browseAreas(areas, { within: '370902003' });
    expect(ids(communities)).toContain(KEDA);
    expect(communities.every((a) => a.level === 'community')).toBe(true);
    expect(counted.read).toBe(communities.length);
  });

  it('answers a community’s (none) apart from an unknown area’s (404)', async () => {
    expect(await browseAreas(areas, { within: KEDA })).toEqual([]);
    await expect(browseAreas(areas, { within: '370999' })).rejects.toThrow(/Area/);
  });

  it('names areas by id, at most 100, in the order asked, the unknown left out', async () => {
    expect(ids(await browseAreas(areas, { ids: `${KEDA},370902,370999,370902` }))).toEqual([KEDA, '370902']);
    expect(counted.read).toBe(2);
    const many = Array.from({ length: MAX_AREA_IDS + 1 }, (_, i) => String(370902003001 + i)).join(',');
    expect(await refusal(browseAreas(areas, { ids: many }))).toEqual(['ids']);
    expect(await refusal(browseAreas(areas, { ids: `${KEDA},keda` }))).toEqual(['ids']);
    expect(await refusal(browseAreas(areas, { ids: KEDA, within: '3709' }))).toEqual(['ids']);
    expect(await refusal(browseAreas(areas, { within: '3709021' }))).toEqual(['within']);
  });
});

describe('the districts holding an area’s requests', () => {
  it('reads the levels down to the districts, never the streets and communities', async () => {
    expect(await districtsHolding(areas, undefined)).toEqual(TAIAN_DISTRICTS);
    expect(counted.read).toBe(1 + 1 + 6);
    counted.read = 0;
    expect(await districtsHolding(areas, '3709')).toEqual(TAIAN_DISTRICTS);
    expect(counted.read).toBe(6);
    counted.read = 0;
    expect(await districtsHolding(areas, KEDA)).toEqual(['370902']);
    expect(counted.read).toBe(0);
  });
});
