import type { Category, Menu, Service } from '#shared/domain/catalog';

/** The service menu. */
export interface CatalogRepository {
  menu(): Promise<Menu>;
  getService(code: string): Promise<Service | undefined>;
  putCategory(category: Category): Promise<void>;
  putService(service: Service): Promise<void>;
}
