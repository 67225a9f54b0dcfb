import { ancestorAt, districtsWithin } from '#shared/domain/area';
import type { AreaRepository } from '#shared/ports/area-repository';

/**
 * The districts whose request lists hold an area's requests (everywhere's when absent): the
 * area's own district, or above the district level every district its areas lie in, including
 * one the division table leaves out (`districtsWithin`: 东莞's towns' `441900`).
 */
export async function districtsHolding(areas: Pick<AreaRepository, 'subtree'>, areaId: string | undefined): Promise<string[]> {
  const own = areaId === undefined ? undefined : ancestorAt(areaId, 'district');
  if (own) return [own];
  return districtsWithin(
    (await areas.subtree(areaId)).map((a) => a.id),
    areaId,
  );
}
