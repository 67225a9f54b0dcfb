/**
 * What every AreaRepository's reads of one level and of the search do, checked on the DynamoDB
 * adapter on DynamoDB Local (integration) and on the in-memory one (unit), each on a table of its
 * own holding only these areas: 广东 with 深圳 (district, street, communities) and 东莞 (no
 * districts: its towns hang under the city).
 */
import { describe, expect, it } from 'vitest';
import type { Area, AreaLevel } from '#shared/domain/area';
import type { AreaRepository } from '#shared/ports/area-repository';

const area = (id: string, level: AreaLevel, zh: string, retiredAt?: string): Area => ({
  id,
  level,
  name: { zh, en: zh },
  officialName: zh,
  kind: '',
  ...(retiredAt ? { retiredAt } : {}),
});

export const contractAreas: readonly Area[] = [
  area('44', 'province', '广东省'),
  area('4403', 'city', '深圳市'),
  area('440303', 'district', '罗湖区'),
  area('440303001', 'street', '桂园街道'),
  area('440303001001', 'community', '黄贝社区'),
  area('440303001002', 'community', '黄岗社区', '2026-01-01T00:00:00.000Z'),
  area('440303001003', 'community', '松园社区'),
  area('4419', 'city', '东莞市'),
  area('441900003', 'street', '东城街道'),
  area('441900003001', 'community', '黄旗社区'),
];

const ids = (areas: readonly Area[]) => areas.map((a) => a.id);

export function areaRepositoryContract(name: string, subject: () => AreaRepository): void {
  describe(name, () => {
    it('lists one level: the top, an area’s children (retired ones too), a county-less city’s towns, a community’s none', async () => {
      const areas = subject();
      expect(ids(await areas.childrenOf())).toEqual(['44']);
      expect(ids(await areas.childrenOf('44'))).toEqual(['4403', '4419']);
      expect(ids(await areas.childrenOf('4403'))).toEqual(['440303']);
      expect(ids(await areas.childrenOf('4419'))).toEqual(['441900003']);
      expect(await areas.childrenOf('440303001')).toEqual(contractAreas.filter((a) => a.id.startsWith('440303001') && a.id.length === 12));
      expect(await areas.childrenOf('440303001001')).toEqual([]);
      expect(await areas.childrenOf('4501')).toEqual([]);
      await expect(areas.childrenOf('')).rejects.toThrow(/empty area/);
    });

    it('finds a city’s communities by the start of their name, by name, at most the limit, no other city’s', async () => {
      const areas = subject();
      // By UTF-8 order of the names: 岗 (U+5C97) before 贝 (U+8D1D).
      expect(ids(await areas.communitiesNamed('4403', '黄', 10))).toEqual(['440303001002', '440303001001']);
      expect(ids(await areas.communitiesNamed('4403', '黄', 1))).toEqual(['440303001002']);
      expect(ids(await areas.communitiesNamed('4403', '黄贝社区', 10))).toEqual(['440303001001']);
      expect(await areas.communitiesNamed('4403', '贝', 10)).toEqual([]);
      expect(ids(await areas.communitiesNamed('4419', '黄', 10))).toEqual(['441900003001']);
      expect(await areas.communitiesNamed('4403', '桂园', 10)).toEqual([]);
    });

    it('moves a renamed community in the search; a street keeps its place in its level', async () => {
      const areas = subject();
      await areas.update('440303001003', { name: { zh: '新松社区', en: 'Xinsong' } });
      expect(ids(await areas.communitiesNamed('4403', '新松', 10))).toEqual(['440303001003']);
      expect(await areas.communitiesNamed('4403', '松园', 10)).toEqual([]);
      await areas.update('441900003', { name: { zh: '东城', en: 'Dongcheng' } });
      expect((await areas.childrenOf('4419')).map((a) => a.name.zh)).toEqual(['东城']);
    });
  });
}
