import { ancestorAt, districtsWithin } from '#shared/domain/area';
import type { AreaRepository } from '#shared/ports/area-repository';

/**
 * The districts whose request lists hold an area's requests (everywhere's when absent): the
 * area's own district, or above the district level every district its areas lie in, including
 * one the division table leaves out (`districtsWithin`: 东莞's towns' `441900`). Read a level at a
 * time down to the districts (or a county-less city's towns), never the streets and communities
 * below them: at the top of 山东省, its 16 cities and ~136 districts.
 */
export async function districtsHolding(areas: Pick<AreaRepository, 'childrenOf'>, areaId: string | undefined): Promise<string[]> {
  const own = areaId === undefined ? undefined : ancestorAt(areaId, 'district');
  if (own) return [own];
  const found: string[] = [];
  let level = await areas.childrenOf(areaId);
  while (level.length > 0) {
    // A province's or city's children are read on; a district, or a town standing in for one, ends the way.
    const above = level.filter((a) => ancestorAt(a.id, 'district') === undefined);
    found.push(...level.filter((a) => ancestorAt(a.id, 'district') !== undefined).map((a) => a.id));
    level = (await Promise.all(above.map((a) => areas.childrenOf(a.id)))).flat();
  }
  return districtsWithin(found, areaId);
}
