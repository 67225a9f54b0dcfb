/** The service menu and the area tree, as the resident form and API clients see them. */
import { type Area, areaId, nearestKnownAncestor } from '#shared/domain/area';
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

export interface AreaNode extends Area {
  readonly children: AreaNode[];
}

/** Areas as a tree; `rootId` narrows it to one subtree (404 when there is no such area). */
export async function areaTree(areas: AreaRepository, within?: string): Promise<AreaNode[]> {
  const parsed = within === undefined ? undefined : areaId.safeParse(within);
  if (parsed && !parsed.success) throw new ValidationError([{ field: 'within', message: parsed.error.issues[0]!.message }]);
  const rootId = parsed?.data;
  const flat = await areas.subtree(rootId);
  if (rootId && flat.length === 0) throw new NotFoundError('Area');
  const nodes = new Map<string, AreaNode>();
  const roots: AreaNode[] = [];
  const known = new Set(flat.map((a) => a.id));
  for (const area of flat) {
    const node: AreaNode = { ...area, children: [] };
    nodes.set(area.id, node);
    // Past a level the table leaves out: 东莞's towns hang under 4419, its district 441900 missing.
    const parent = nodes.get(nearestKnownAncestor(area.id, known) ?? '');
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
