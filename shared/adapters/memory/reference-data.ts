/** The menu and the area tree on Maps. */
import { type Area, isWithin, levelOf, nextLevelOf } from '#shared/domain/area';
import type { Category, Menu, Service } from '#shared/domain/catalog';
import { type AreaChanges, type AreaRepository, refuseEmptyArea } from '#shared/ports/area-repository';
import type { EarlierForm } from '#shared/domain/service-forms';
import type { CatalogRepository, Edited, EditedMenu, EditStamp, MenuSave } from '#shared/ports/catalog-repository';

export class MemoryCatalog implements CatalogRepository {
  readonly categories = new Map<string, Category>();
  readonly services = new Map<string, Service>();
  /** Each item's stamp, by `category#code` or `service#code`; none: version 0. */
  readonly stamps = new Map<string, EditStamp>();
  readonly earlier: EarlierForm[] = [];

  constructor(menu: { readonly categories?: readonly Category[]; readonly services?: readonly Service[] } = {}) {
    for (const c of menu.categories ?? []) this.categories.set(c.code, c);
    for (const s of menu.services ?? []) this.services.set(s.code, s);
  }

  async menu(): Promise<Menu> {
    return { categories: [...this.categories.values()], services: [...this.services.values()] };
  }

  async editedMenu(): Promise<EditedMenu> {
    const stamp = (key: string): EditStamp => this.stamps.get(key) ?? { version: 0 };
    return {
      categories: [...this.categories.values()].map((c) => ({ ...c, ...stamp(`category#${c.code}`) })),
      services: [...this.services.values()].map((s) => ({ ...s, ...stamp(`service#${s.code}`) })),
    };
  }

  async getService(code: string): Promise<Service | undefined> {
    return this.services.get(code);
  }

  async editedService(code: string): Promise<Edited<Service> | undefined> {
    const service = this.services.get(code);
    return service && { ...service, ...(this.stamps.get(`service#${code}`) ?? { version: 0 }) };
  }

  async putCategory(category: Category): Promise<void> {
    this.categories.set(category.code, category);
    this.stamps.delete(`category#${category.code}`);
  }

  async putService(service: Service): Promise<void> {
    this.services.set(service.code, service);
    this.stamps.delete(`service#${service.code}`);
  }

  async saveCategory(category: Category, save: MenuSave): Promise<boolean> {
    if (!this.stampIfAt(`category#${category.code}`, save)) return false;
    this.categories.set(category.code, category);
    return true;
  }

  async saveService(service: Service, save: MenuSave, replaced?: EarlierForm): Promise<boolean> {
    if (!this.stampIfAt(`service#${service.code}`, save)) return false;
    this.services.set(service.code, service);
    if (replaced) this.earlier.push(replaced);
    return true;
  }

  async earlierForms(code?: string): Promise<EarlierForm[]> {
    return this.earlier.filter((f) => code === undefined || f.code === code).sort((a, b) => a.until.localeCompare(b.until));
  }

  /** As the table's condition: version 0 means no stamp at all. */
  private stampIfAt(key: string, save: MenuSave): boolean {
    if ((this.stamps.get(key)?.version ?? 0) !== save.expectedVersion) return false;
    this.stamps.set(key, { version: save.expectedVersion + 1, updatedAt: save.at, updatedBy: save.by });
    return true;
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

  async childrenOf(parentId?: string): Promise<Area[]> {
    refuseEmptyArea(parentId);
    return nextLevelOf(await this.subtree(parentId), parentId);
  }

  /** By name then id in UTF-8 byte order, as DynamoDB sorts its name listing. */
  async communitiesNamed(cityId: string, prefix: string, limit: number): Promise<Area[]> {
    const key = (a: Area) => Buffer.from(`${a.name.zh}#${a.id}`);
    return (await this.subtree(cityId))
      .filter((a) => levelOf(a.id) === 'community' && `${a.name.zh}#${a.id}`.startsWith(prefix))
      .sort((a, b) => Buffer.compare(key(a), key(b)))
      .slice(0, limit);
  }

  /** Nothing to list: every read here sees every area. */
  async ensureListed(): Promise<number> {
    return 0;
  }

  async put(area: Area): Promise<void> {
    this.items.set(area.id, area);
  }

  async update(id: string, changes: AreaChanges): Promise<Area | undefined> {
    const area = this.items.get(id);
    if (!area) return undefined;
    const { retiredAt, retiredBy, ...rest } = area;
    const kept = changes.retiredAt === null ? rest : { ...rest, ...(retiredAt ? { retiredAt } : {}), ...(retiredBy ? { retiredBy } : {}) };
    const next: Area = {
      ...kept,
      ...(changes.name ? { name: changes.name } : {}),
      ...(changes.retiredAt ? { retiredAt: changes.retiredAt } : {}),
      ...(changes.retiredAt && changes.retiredBy ? { retiredBy: changes.retiredBy } : {}),
    };
    this.items.set(id, next);
    return next;
  }

  async putMany(areas: readonly Area[]): Promise<void> {
    for (const area of areas) this.items.set(area.id, area);
  }
}
