/**
 * The picker reads what its page shows (review 49): one level, the lineage by id, a search of at
 * most 31 communities. Counted on the whole of 泰安市 (3,878 areas) through a repository that
 * refuses the subtree read the pages made before.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryAreas } from '#shared/adapters/memory/reference-data';
import type { Area } from '#shared/domain/area';
import type { AreaRepository } from '#shared/ports/area-repository';
import { countedAreas } from '../../support/counted-areas';
import { demoAreas, KEDA, YANBEI } from '#shared/seed/areas';
import { areaChoice, communityPlace, MAX_RESULTS } from '#shared/use-cases/pick-area';

let stored: MemoryAreas;
/** The areas read, counted; the subtree read refused. */
let counted: ReturnType<typeof countedAreas>;
let areas: AreaRepository;
beforeEach(() => {
  stored = new MemoryAreas(demoAreas);
  counted = countedAreas(stored);
  areas = counted.areas;
});

const ids = (list: readonly Area[]) => list.map((a) => a.id);

describe('the picker’s reads', () => {
  it('starts at the city’s districts, skipping the province and the one city, reading those levels only', async () => {
    const view = await areaChoice(areas, {});
    expect(ids(view.trail)).toEqual(['37', '3709']);
    expect(ids(view.choices)).toEqual(['370902', '370911', '370921', '370923', '370982', '370983']);
    expect(counted.read).toBe(8);
  });

  it('lists a street’s communities with the way there, read by id', async () => {
    const view = await areaChoice(areas, { in: '370902003' });
    expect(ids(view.trail)).toEqual(['37', '3709', '370902', '370902003']);
    expect(view.choices.map((a) => a.id)).toContain(KEDA);
    expect(view.choices.every((a) => a.id.startsWith('370902003') && a.level === 'community')).toBe(true);
    expect(counted.read).toBe(4 + view.choices.length);
  });

  it('searches the step’s city by the start of a name, at most 30 shown with their lineage, never the table', async () => {
    const found = await areaChoice(areas, { q: '科大' });
    expect(found.search?.cityId).toBe('3709');
    expect(found.search?.results.map((r) => ids(r.path))).toContainEqual(['37', '3709', '370902', '370902003', KEDA]);
    const many = await areaChoice(areas, { in: '3709', q: '东' });
    expect(many.search?.results).toHaveLength(MAX_RESULTS);
    expect(many.search?.more).toBe(true);
    expect(many.search?.results.every((r) => r.area.name.zh.startsWith('东'))).toBe(true);
    // Inside the part of the name only: the old search's any-part match is gone.
    expect((await areaChoice(areas, { in: '3709', q: '大社区' })).search?.results).toEqual([]);
  });

  it('asks for a city first where the deployment has several', async () => {
    await stored.put({ id: '3701', level: 'city', name: { zh: '济南市', en: 'Jinan' }, officialName: '济南市', kind: '市' });
    const view = await areaChoice(areas, { q: '科大' });
    expect(ids(view.trail)).toEqual(['37']);
    expect(ids(view.choices)).toEqual(['3701', '3709']);
    expect(view.search).toEqual({ q: '科大', results: [], more: false });
  });

  it('leaves out a retired community, and one below a retired street, from the lists, the search and the form', async () => {
    await stored.update(KEDA, { retiredAt: '2026-01-01T00:00:00.000Z' });
    await stored.update('370911001', { retiredAt: '2026-01-01T00:00:00.000Z' });
    expect(ids((await areaChoice(areas, { in: '370902003' })).choices)).not.toContain(KEDA);
    expect((await areaChoice(areas, { in: '3709', q: '科大社区' })).search?.results).toEqual([]);
    expect((await areaChoice(areas, { in: '3709', q: '堰北' })).search?.results).toEqual([]);
    expect(await communityPlace(areas, KEDA)).toBeUndefined();
    expect(await communityPlace(areas, YANBEI)).toBeUndefined();
    // A retired step is no step: the top.
    expect(ids((await areaChoice(areas, { in: '370911001' })).trail)).toEqual(['37', '3709']);
  });

  it('reads a chosen community with its lineage by id, and nothing for a street, a malformed or an unknown code', async () => {
    expect((await communityPlace(areas, KEDA))?.path.map((a) => a.name.zh)).toEqual(['山东省', '泰安市', '泰山区', '泰前街道', '科大社区']);
    expect(counted.read).toBe(5);
    for (const id of ['370902003', 'keda', '370902003999', undefined]) expect(await communityPlace(areas, id)).toBeUndefined();
  });
});
