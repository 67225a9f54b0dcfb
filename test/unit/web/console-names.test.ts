import { describe, expect, it } from 'vitest';
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
