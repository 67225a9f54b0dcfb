/**
 * The service menu for center admins: add and edit categories and services, their fields,
 * time limit (SLA) and acceptance deadlines, or take a service off the menu (`active: false`;
 * requests already made keep it). Station staff do not edit the city's menu (404).
 */
import { category as categorySchema, service as serviceSchema, type Category, type Menu, type Service } from '#shared/domain/catalog';
import { ValidationError } from '#shared/domain/errors';
import { assertDeploymentAdmin, type Staff } from '#shared/domain/staff';
import { parseOrThrow } from '#shared/domain/validation';
import type { CatalogRepository } from '#shared/ports/catalog-repository';

const centerOnly = (staff: Staff) => assertDeploymentAdmin(staff, 'Menu');

const withCode = (body: unknown, code: string) => (body && typeof body === 'object' && !Array.isArray(body) ? { ...body, code } : body);

export async function adminMenu(catalog: CatalogRepository, staff: Staff): Promise<Menu> {
  centerOnly(staff);
  return catalog.menu();
}

/** Creates or replaces a service; `created` tells which. */
export async function putService(
  catalog: CatalogRepository,
  staff: Staff,
  code: string,
  body: unknown,
): Promise<{ service: Service; created: boolean }> {
  centerOnly(staff);
  const service = parseOrThrow(serviceSchema, withCode(body, code));
  const { categories } = await catalog.menu();
  const issues = [
    ...(categories.some((c) => c.code === service.category) ? [] : [{ field: 'category', message: 'No such category' }]),
    ...service.fields.flatMap((f, i) =>
      f.type.endsWith('valuelist') && !f.options?.length
        ? [{ field: `fields.${i}.options`, message: 'A list field needs its options' }]
        : [],
    ),
    ...duplicates(service.fields.map((f) => f.code)).map((i) => ({ field: `fields.${i}.code`, message: 'Used by another field' })),
  ];
  if (issues.length > 0) throw new ValidationError(issues);
  const created = (await catalog.getService(code)) === undefined;
  await catalog.putService(service);
  return { service, created };
}

export async function putCategory(catalog: CatalogRepository, staff: Staff, code: string, body: unknown): Promise<Category> {
  centerOnly(staff);
  const category = parseOrThrow(categorySchema, withCode(body, code));
  await catalog.putCategory(category);
  return category;
}

function duplicates(codes: readonly string[]): number[] {
  return codes.flatMap((code, i) => (codes.indexOf(code) < i ? [i] : []));
}
