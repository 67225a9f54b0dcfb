/**
 * The service menu for center admins: add and edit categories and services, their fields,
 * time limit (SLA) and acceptance deadlines, or take a service off the menu (`active: false`;
 * requests already made keep it). Station staff do not edit the city's menu (404). A service on
 * the menu may not ask for contact or identity data in a field of its own (400 naming the field).
 */
import { category as categorySchema, service as serviceSchema, type Category, type Menu, type Service } from '#shared/domain/catalog';
import { ValidationError } from '#shared/domain/errors';
import { personalFieldIssues } from '#shared/domain/personal-fields';
import { assertDeploymentAdmin, type Staff } from '#shared/domain/staff';
import { parseOrThrow } from '#shared/domain/validation';
import type { CatalogRepository } from '#shared/ports/catalog-repository';
import type { TeamRepository, TeamUpdates } from '#shared/ports/team-repository';
import { servicesHandledBy } from '#shared/domain/team';
import { inBatches } from './in-batches';

export interface MenuDeps {
  readonly catalog: CatalogRepository;
  readonly teams: Pick<TeamRepository, 'stationedWithin' | 'handledServices'> & TeamUpdates;
}

const centerOnly = (staff: Staff) => assertDeploymentAdmin(staff, 'Menu');

const withCode = (body: unknown, code: string) => (body && typeof body === 'object' && !Array.isArray(body) ? { ...body, code } : body);

export async function adminMenu(catalog: CatalogRepository, staff: Staff): Promise<Menu> {
  centerOnly(staff);
  return catalog.menu();
}

/**
 * Creates or replaces a service; `created` tells which. A team that handles the service's category
 * (or its old one) handles it from now on (or no longer): its coverage follows at once.
 */
export async function putService(
  { catalog, teams }: MenuDeps,
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
    // A service off the menu may keep one: nobody can order it, and taking a service off the menu
    // must not need its fields changed first.
    ...(service.active ? personalFieldIssues(service.fields) : []),
  ];
  if (issues.length > 0) throw new ValidationError(issues);
  const before = await catalog.getService(code);
  await catalog.putService(service);
  // Every save, not only a new category: saving again finishes what a failure left half done.
  await coverCategories(catalog, teams, service, before?.category);
  return { service, created: before === undefined };
}

export async function putCategory(catalog: CatalogRepository, staff: Staff, code: string, body: unknown): Promise<Category> {
  centerOnly(staff);
  const category = parseOrThrow(categorySchema, withCode(body, code));
  await catalog.putCategory(category);
  return category;
}

/**
 * Brings the coverage of each team that handles the service's category, or its old one, up to
 * the menu with the service as saved, where its coverage of that service is not what it should be
 * (a team already right is left alone: the menu is read through an index that may lag behind
 * other services' latest changes).
 */
async function coverCategories(catalog: CatalogRepository, teams: MenuDeps['teams'], saved: Service, oldCategory: string | undefined) {
  // The index may not show the write just made either: the saved service is put in by hand.
  const services = [...(await catalog.menu()).services.filter((s) => s.code !== saved.code), saved];
  const categories = [saved.category, oldCategory];
  const affected = (await teams.stationedWithin()).filter((t) => t.categories.some((c) => categories.includes(c)));
  await inBatches(affected, 8, async (team) => {
    const covered = (await teams.handledServices(team.id)).includes(saved.code);
    if (covered !== servicesHandledBy(team, [saved]).includes(saved.code))
      await teams.update(team.id, {}, { handles: (t) => servicesHandledBy(t, services) });
  });
}

function duplicates(codes: readonly string[]): number[] {
  return codes.flatMap((code, i) => (codes.indexOf(code) < i ? [i] : []));
}
