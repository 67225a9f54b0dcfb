/**
 * The service menu for center admins: add and edit categories and services, their fields,
 * time limit (SLA) and acceptance deadlines, or take a service off the menu (`active: false`;
 * requests already made keep it). Station staff do not edit the city's menu (404). A service on
 * the menu may not ask for contact or identity data in a field of its own (400 naming the field).
 * A rename, or a change of a form's labels, keeps the earlier name and labels for requests made before.
 * Each item has a version: a save carries the one its editor saw and is refused (409) when another
 * save landed since, so nobody overwrites a change they never saw; the item keeps who saved it, when.
 */
import * as z from '#shared/domain/zod';
import { category as categorySchema, service as serviceSchema, type Category, type Service } from '#shared/domain/catalog';
import { ConflictError, ValidationError } from '#shared/domain/errors';
import { personalFieldIssues } from '#shared/domain/personal-fields';
import { assertDeploymentAdmin, type Staff } from '#shared/domain/staff';
import { parseOrThrow } from '#shared/domain/validation';
import type { CatalogRepository, Edited, EditedMenu, MenuSave } from '#shared/ports/catalog-repository';
import type { Clock } from '#shared/ports/clock';
import type { TeamRepository, TeamUpdates } from '#shared/ports/team-repository';
import { servicesHandledBy } from '#shared/domain/team';
import { earlierFormReplaced } from '#shared/domain/service-forms';
import { inBatches } from './in-batches';

export interface MenuDeps {
  readonly catalog: CatalogRepository;
  readonly teams: Pick<TeamRepository, 'stationedWithin' | 'handledServices'> & TeamUpdates;
  readonly clock: Clock;
}

const centerOnly = (staff: Staff) => assertDeploymentAdmin(staff, 'Menu');

const versionSeen = z.int().check(z.gte(0));

/**
 * The body as the item to store, and the version its editor saw: `version` is required (0 for a
 * new item, or one never saved by staff); `updatedAt` and `updatedBy`, as GET gives them, are
 * ignored (the save sets them), so what GET answers may be sent back changed.
 */
function edit<T>(schema: z.ZodMiniType<T>, body: unknown, code: string): { item: T; version: number } {
  const fields = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  const { version, updatedAt: _at, updatedBy: _by, ...rest } = fields ?? {};
  const seen = versionSeen.safeParse(version);
  if (fields && !seen.success) {
    throw new ValidationError([{ field: 'version', message: 'The version you loaded (GET /admin/services): 0 for a new item' }]);
  }
  return { item: parseOrThrow(schema, fields ? { ...rest, code } : body), version: seen.data ?? 0 };
}

function save(deps: Pick<MenuDeps, 'clock'>, staff: Staff, version: number): MenuSave {
  return { expectedVersion: version, at: deps.clock.now().toISOString(), by: staff.name };
}

const changedMeanwhile = (what: string) =>
  new ConflictError(`The ${what} was changed by someone else since you loaded it; load it again and make your change on that`);

export async function adminMenu(catalog: CatalogRepository, staff: Staff): Promise<EditedMenu> {
  centerOnly(staff);
  return catalog.editedMenu();
}

/**
 * Creates or replaces a service; `created` tells which. A team that handles the service's category
 * (or its old one) handles it from now on (or no longer): its coverage follows at once.
 */
export async function putService(
  deps: MenuDeps,
  staff: Staff,
  code: string,
  body: unknown,
): Promise<{ service: Edited<Service>; created: boolean }> {
  const { catalog, teams } = deps;
  centerOnly(staff);
  const { item: service, version } = edit(serviceSchema, body, code);
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
  const before = await catalog.getService(code, true);
  const saved = save(deps, staff, version);
  // A request made before keeps the name and form it was ordered under (`service-forms.ts`): `before`,
  // read consistently, is what this save replaces, or the version condition refuses it.
  if (!(await catalog.saveService(service, saved, earlierFormReplaced(before, service, saved.at)))) throw changedMeanwhile('service');
  // Every save, not only a new category: saving again finishes what a failure left half done.
  await coverCategories(catalog, teams, service, before?.category);
  return { service: stampOf(service, saved), created: before === undefined };
}

export async function putCategory(
  deps: Pick<MenuDeps, 'catalog' | 'clock'>,
  staff: Staff,
  code: string,
  body: unknown,
): Promise<Edited<Category>> {
  centerOnly(staff);
  const { item: category, version } = edit(categorySchema, body, code);
  const saved = save(deps, staff, version);
  if (!(await deps.catalog.saveCategory(category, saved))) throw changedMeanwhile('category');
  return stampOf(category, saved);
}

const stampOf = <T>(item: T, saved: MenuSave): Edited<T> => ({
  ...item,
  version: saved.expectedVersion + 1,
  updatedAt: saved.at,
  updatedBy: saved.by,
});

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
