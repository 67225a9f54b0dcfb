/** The service menu and the area tree, as the resident form and API clients see them. */
import { type Area, areaId } from '#shared/domain/area';
import type { Menu, Service } from '#shared/domain/catalog';
import { NotFoundError, ValidationError } from '#shared/domain/errors';
import type { AreaRepository } from '#shared/ports/area-repository';
import type { CatalogRepository } from '#shared/ports/catalog-repository';

export async function activeMenu(catalog: CatalogRepository): Promise<Menu> {
  const menu = await catalog.menu();
  return { categories: menu.categories, services: menu.services.filter((s) => s.active) };
}

export async function serviceDefinition(catalog: CatalogRepository, code: string): Promise<Service> {
  const service = await catalog.getService(code);
  if (!service?.active) throw new NotFoundError('Service');
  return service;
}

/** At most this many ids in one `GET /areas?ids=`: a page of names, one batch read. */
export const MAX_AREA_IDS = 100;

export interface AreaQuery {
  /** The area whose children are listed (one level); the top areas when absent. */
  readonly within?: string;
  /** Comma-separated ids whose areas are wanted (names by id), instead of a level. */
  readonly ids?: string;
}

function parsedId(field: string, id: string): string {
  const parsed = areaId.safeParse(id);
  if (!parsed.success) throw new ValidationError([{ field, message: parsed.error.issues[0]!.message }]);
  return parsed.data;
}

/**
 * Areas one level or a few ids at a time, never the tree: the top areas; the children of
 * `within` (404 when there is no such area); or the stored areas of `ids` (at most MAX_AREA_IDS, in
 * the order asked, those unknown left out). Retired areas too, marked.
 */
export async function browseAreas(areas: AreaRepository, query: AreaQuery): Promise<Area[]> {
  if (query.ids !== undefined) {
    if (query.within !== undefined) throw new ValidationError([{ field: 'ids', message: 'Either ids or within, not both' }]);
    const ids = [...new Set(query.ids.split(',').map((id) => parsedId('ids', id)))];
    if (ids.length > MAX_AREA_IDS) throw new ValidationError([{ field: 'ids', message: `At most ${MAX_AREA_IDS} ids` }]);
    return (await areas.getMany(ids)).flatMap((a) => a ?? []);
  }
  const parentId = query.within === undefined ? undefined : parsedId('within', query.within);
  const children = await areas.childrenOf(parentId);
  // No children: a leaf, or no such area (one read by id tells which).
  if (parentId && children.length === 0 && !(await areas.get(parentId))) throw new NotFoundError('Area');
  return children;
}
