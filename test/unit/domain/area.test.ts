import { describe, expect, it } from 'vitest';
import {
  ancestorAt,
  area,
  areaId,
  displayName,
  districtsWithin,
  isWithin,
  kindOf,
  levelOf,
  lineage,
  parentId,
  sharedLevels,
} from '#shared/domain/area';
import { planAreaImport } from '#shared/domain/area-import';

describe('area ids: the division codes in significant form', () => {
  it('reads the level from the length and walks up by cutting digits', () => {
    expect(['37', '3709', '370902', '370902003', '370902003009'].map(levelOf)).toEqual([
      'province',
      'city',
      'district',
      'street',
      'community',
    ]);
    expect(lineage('370902003009')).toEqual(['370902003009', '370902003', '370902', '3709', '37']);
    expect(parentId('37')).toBeUndefined();
    expect(ancestorAt('370902003009', 'district')).toBe('370902');
    expect(ancestorAt('3709', 'district')).toBeUndefined();
  });

  it('accepts the 12-digit padded form and shortens it; refuses anything else naming the rule', () => {
    expect(areaId.parse('370900000000')).toBe('3709');
    expect(areaId.parse('370902003000')).toBe('370902003');
    expect(areaId.parse('370902000000')).toBe('370902');
    expect(areaId.parse(' 370902003009 ')).toBe('370902003009');
    for (const bad of ['taian.taishan', '370', '37090200300', '3709020030090', '37a9']) {
      expect(areaId.safeParse(bad).success, bad).toBe(false);
    }
    expect(
      area.safeParse({ id: '3709', level: 'city', name: { zh: '泰安市', en: '泰安市' }, officialName: '泰安市', kind: '市' }).success,
    ).toBe(true);
  });

  it('tests containment by prefix at whole levels only', () => {
    expect(isWithin('370902003009', '3709')).toBe(true);
    expect(isWithin('370902003009', '370902003009')).toBe(true);
    expect(isWithin('370902003009', '370911')).toBe(false);
    expect(isWithin('370902003009', '37090')).toBe(false);
    expect(sharedLevels('370902003009', '370902003001')).toBe(4);
    expect(sharedLevels('370902003009', '370911001005')).toBe(2);
    expect(sharedLevels('370902003009', '110101001001')).toBe(0);
  });

  it('finds the districts a city holds and the children of a city without counties (东莞) from the ids below it', () => {
    const dongguan = ['4419', '441900003', '441900003001'];
    expect(districtsWithin(dongguan, '4419')).toEqual(['441900']);
    expect(districtsWithin([...dongguan, '3709', '370902003009', '370911'])).toEqual(['370902', '370911', '441900']);
    expect(districtsWithin(['370902003009', '370911'], '3709')).toEqual(['370902', '370911']);
  });

  it('names places as people do and knows their kind', () => {
    expect(displayName('科大社区居委会')).toBe('科大社区');
    expect(displayName('文成园社区居民委员会')).toBe('文成园社区');
    expect(displayName('西黄村委会')).toBe('西黄村');
    expect(displayName('何李村村委会')).toBe('何李村');
    expect(displayName('泰前街道')).toBe('泰前街道');
    expect(kindOf('科大社区居委会', 'community')).toBe('社区');
    expect(kindOf('何李村村委会', 'community')).toBe('村');
    expect(kindOf('新泰市', 'district')).toBe('县级市');
    expect(kindOf('满庄镇', 'street')).toBe('镇');
  });
});

describe('planAreaImport', () => {
  const table = [
    { code: '3709', officialName: '泰安市' },
    { code: '370902', officialName: '泰山区' },
    { code: '370902003', officialName: '泰前街道' },
    { code: '370902003009', officialName: '科大社区居委会' },
    { code: '370902003001', officialName: '泰前社区居委会' },
  ];
  const now = new Date('2026-12-05T02:00:00Z');
  const first = planAreaImport('3709', [], table, 2023, now);

  it('adds everything into an empty store, and a second identical import writes nothing', () => {
    expect(first.added.map((a) => a.id)).toEqual(['3709', '370902', '370902003', '370902003009', '370902003001']);
    expect(first.writes).toHaveLength(5);
    expect(planAreaImport('3709', first.writes, table, 2023, now).writes).toEqual([]);
  });

  it('renames, retires (never deletes) and restores, scoped to the imported subtree', () => {
    const altered = [table[0]!, table[1]!, table[2]!, { code: '370902003009', officialName: '科大新社区居委会' }];
    const plan = planAreaImport('3709', first.writes, altered, 2024, now);
    expect(plan.renamed.map((r) => [r.area.id, r.from, r.area.officialName, r.area.name.zh])).toEqual([
      ['370902003009', '科大社区居委会', '科大新社区居委会', '科大新社区'],
    ]);
    expect(plan.retired.map((a) => [a.id, a.retiredAt])).toEqual([['370902003001', now.toISOString()]]);
    expect(plan.added).toEqual([]);
    const stored = new Map(first.writes.map((a) => [a.id, a]));
    for (const a of plan.writes) stored.set(a.id, a);
    const back = planAreaImport('3709', [...stored.values()], table, 2025, now);
    expect(back.restored.map((a) => a.id)).toEqual(['370902003001']);
    expect(back.restored[0]!.retiredAt).toBeUndefined();
    expect(planAreaImport('370911', [...stored.values()], [], 2025, now).retired).toEqual([]);
  });

  it('gives a village stored as an earlier version named it its 村 back, unless staff renamed it by hand', () => {
    const villages = [...table, { code: '370902003201', officialName: '西黄村委会' }, { code: '370902003202', officialName: '东关村委会' }];
    const stored = planAreaImport('3709', [], villages, 2023, now).writes.map((a) =>
      a.id === '370902003201'
        ? { ...a, name: { zh: '西黄', en: '西黄' } }
        : a.id === '370902003202'
          ? { ...a, name: { zh: '东关新村', en: 'Dongguan' } }
          : a,
    );
    const plan = planAreaImport('3709', stored, villages, 2024, now);
    expect(plan.respelled.map((a) => [a.id, a.name.zh])).toEqual([['370902003201', '西黄村']]);
    expect(plan.writes.map((a) => [a.id, a.name])).toEqual([['370902003201', { zh: '西黄村', en: '西黄村' }]]);
    // An English name staff gave it stays.
    const named = stored.map((a) => (a.id === '370902003201' ? { ...a, name: { zh: '西黄', en: 'Xihuang Village' } } : a));
    expect(planAreaImport('3709', named, villages, 2024, now).writes.map((a) => a.name)).toEqual([{ zh: '西黄村', en: 'Xihuang Village' }]);
  });
});
