/** The menu and the area tree on Maps. */
import { type Area, isWithin } from '#shared/domain/area';
import type { Category, Menu, Service } from '#shared/domain/catalog';
import { type AreaRepository, refuseEmptyArea } from '#shared/ports/area-repository';
import type { CatalogRepository } from '#shared/ports/catalog-repository';

export class MemoryCatalog implements CatalogRepository {
  readonly categories = new Map<string, Category>();
  readonly services = new Map<string, Service>();

  constructor(menu: { readonly categories?: readonly Category[]; readonly services?: readonly Service[] } = {}) {
    for (const c of menu.categories ?? []) this.categories.set(c.code, c);
    for (const s of menu.services ?? []) this.services.set(s.code, s);
  }

  async menu(): Promise<Menu> {
    return { categories: [...this.categories.values()], services: [...this.services.values()] };
  }

  async getService(code: string): Promise<Service | undefined> {
    return this.services.get(code);
  }

  async putCategory(category: Category): Promise<void> {
    this.categories.set(category.code, category);
  }

  async putService(service: Service): Promise<void> {
    this.services.set(service.code, service);
  }
}

export class MemoryAreas implements AreaRepository {
  readonly items = new Map<string, Area>();

  constructor(areas: Iterable<Area> = []) {
    for (const a of areas) this.items.set(a.id, a);
  }

  async get(id: string): Promise<Area | undefined> {
    return this.items.get(id);
  }

  async getMany(ids: readonly string[]): Promise<(Area | undefined)[]> {
    return ids.map((id) => this.items.get(id));
  }

  /** In code order, parents before children, as DynamoDB lists them. */
  async subtree(rootId?: string): Promise<Area[]> {
    refuseEmptyArea(rootId);
    return [...this.items.values()].filter((a) => !rootId || isWithin(a.id, rootId)).sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async put(area: Area): Promise<void> {
    this.items.set(area.id, area);
  }

  async update(id: string, changes: { name?: Area['name']; retiredAt?: string | null }): Promise<Area | undefined> {
    const area = this.items.get(id);
    if (!area) return undefined;
    const { retiredAt, ...rest } = area;
    const kept = changes.retiredAt === null ? rest : { ...rest, ...(retiredAt ? { retiredAt } : {}) };
    const next: Area = {
      ...kept,
      ...(changes.name ? { name: changes.name } : {}),
      ...(changes.retiredAt ? { retiredAt: changes.retiredAt } : {}),
    };
    this.items.set(id, next);
    return next;
  }

  async putMany(areas: readonly Area[]): Promise<void> {
    for (const area of areas) this.items.set(area.id, area);
  }
}
