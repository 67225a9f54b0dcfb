import { lineage } from '#shared/domain/area';
import type { AreaRepository } from '#shared/ports/area-repository';

/**
 * Where a service was done, as a record names it: the district, the street and the community
 * (`泰山区泰前街道科大社区`), each area read once per call of the returned function's owner.
 */
export function placeNamer(areas: Pick<AreaRepository, 'getMany'>): (areaId: string) => Promise<string> {
  const names = new Map<string, Promise<string>>();
  return (areaId) => {
    let name = names.get(areaId);
    if (!name) {
      const path = lineage(areaId).slice(0, 3).reverse();
      name = areas.getMany(path).then((found) => found.map((a) => a?.name.zh ?? '').join(''));
      names.set(areaId, name);
    }
    return name;
  };
}
