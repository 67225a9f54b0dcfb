import { describe, expect, it } from 'vitest';
import { KEDA } from '#shared/seed/areas';
import { areaIdsIn, forgetAreaNames, type Get, knownAreas, loadAreaNames } from '#shared/web/browser/admin-console/area-names';
import { areaPathOf } from '#shared/web/browser/admin-console/area-path';

const names = new Map([
  ['370902', '泰山区'],
  ['370902003', '泰前街道'],
  ['370902003009', '科大社区'],
  ['4419', '东莞市'],
  ['441900003', '东城街道'],
  ['441900003001', '岗贝社区'],
]);
const path = (code: string) =>
  areaPathOf(
    code,
    (id) => names.has(id),
    (id) => names.get(id) ?? id,
  );

describe("the staff console's place names", () => {
  it('names district · street · community', () => {
    expect(path('370902003009')).toBe('泰山区 · 泰前街道 · 科大社区');
    expect(path('370902')).toBe('泰山区');
  });

  it('leaves out the district a city without counties does not have (东莞), rather than showing its code', () => {
    expect(path('441900003001')).toBe('东城街道 · 岗贝社区');
    expect(path('441900003')).toBe('东城街道');
  });
});

describe("the staff console's names read by id", () => {
  /** A fake `GET /areas?ids=` that names every id but 370999's, recording the ids asked. */
  const asked: string[][] = [];
  const api: Get = async <T>(_method: 'GET', path: string) => {
    const ids = new URL(path, 'http://x').searchParams.get('ids')!.split(',');
    asked.push(ids);
    return { areas: ids.filter((id) => !id.startsWith('370999')).map((id) => ({ id, name: { zh: `名${id}` } })) } as T;
  };

  it('finds the area ids an answer holds, at any depth', () => {
    expect(
      areaIdsIn({ requests: [{ areaId: KEDA, contact: { name: 'x' } }], team: { stationAreaId: '370902', servesAreaId: '3709', id: 't' } }),
    ).toEqual([KEDA, '370902', '3709']);
  });

  it('reads the names of the areas and the levels above them once, at most 100 ids an ask', async () => {
    forgetAreaNames();
    asked.length = 0;
    await loadAreaNames(api, [KEDA, KEDA, '370999001']);
    expect(asked).toEqual([['37', '3709', '370902', '370902003', KEDA, '370999', '370999001']]);
    expect(knownAreas.get(KEDA)?.name).toEqual({ zh: `名${KEDA}` });
    // Known ones and unknown ones are not asked again.
    await loadAreaNames(api, [KEDA, '370999001', 'not-a-code']);
    expect(asked).toHaveLength(1);
    const many = Array.from({ length: 150 }, (_, i) => String(370902003001 + i));
    await loadAreaNames(api, many);
    // 150 communities of 泰前街道, 科大社区 and the levels above known already.
    expect(asked.slice(1).map((ids) => ids.length)).toEqual([100, 49]);
  });
});
