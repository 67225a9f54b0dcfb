import type { Category, Menu, Service } from '#shared/domain/catalog';
import type { EarlierForm } from '#shared/domain/service-forms';

/**
 * A menu item's edit stamp: its version (0 for one never saved by staff: seeded, or stored before
 * versions) and who last saved it, when.
 */
export interface EditStamp {
  readonly version: number;
  readonly updatedAt?: string;
  readonly updatedBy?: string;
}
export type Edited<T> = T & EditStamp;

/** The menu as staff edit it: each item with its stamp. */
export interface EditedMenu {
  readonly categories: readonly Edited<Category>[];
  readonly services: readonly Edited<Service>[];
}

/** A save by staff: written only while the stored item is still at `expectedVersion`. */
export interface MenuSave {
  readonly expectedVersion: number;
  readonly at: string;
  readonly by: string;
}

/** The service menu. `menu` and `getService` answer the items without their stamps (residents and teams see them). */
export interface CatalogRepository {
  menu(): Promise<Menu>;
  /** `consistent`: as stored now (a save's own read), not as an eventually consistent read may still show it. */
  getService(code: string, consistent?: boolean): Promise<Service | undefined>;
  /** The service with its stamp: when it was last saved tells whether a request made before may be named otherwise now. */
  editedService(code: string): Promise<Edited<Service> | undefined>;
  /** The menu with each item's stamp, for staff. */
  editedMenu(): Promise<EditedMenu>;
  /** Writes whatever is stored (seeding, scripts): the stamp goes, the item is at version 0. */
  putCategory(category: Category): Promise<void>;
  putService(service: Service): Promise<void>;
  /** A staff member's save: false, writing nothing, when the stored item is no longer at the version they saw. */
  saveCategory(category: Category, save: MenuSave): Promise<boolean>;
  /** As `saveCategory`; with `replaced`, the name and form it replaces are kept, in the same write. */
  saveService(service: Service, save: MenuSave, replaced?: EarlierForm): Promise<boolean>;
  /** The names and forms services had before a save changed them (of one service, or all), oldest first. */
  earlierForms(code?: string): Promise<EarlierForm[]>;
}

const STAMP_FIELDS = new Set(['version', 'updatedAt', 'updatedBy']);

/** A stored item without its stamp. */
export function unstamped<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !STAMP_FIELDS.has(k))) as T;
}

/** A stored item with its stamp (version 0 when it has none). */
export function stamped<T>(item: Record<string, unknown>): Edited<T> {
  const version = typeof item.version === 'number' ? item.version : 0;
  return { ...(item as T & Record<string, unknown>), version } as Edited<T>;
}
