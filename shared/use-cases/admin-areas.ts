/**
 * Areas for staff: browse one's own subtree a level at a time (station staff read only), and for
 * center admins, rename an area's display name (the official name stays the table's) and retire
 * or restore it by hand (a retired area takes no new order; its history stays). And the caller's
 * own role and area, for the console to offer what the API allows them.
 */
import * as z from '#shared/domain/zod';
import { type Area, areaId as areaIdSchema } from '#shared/domain/area';
import { localizedText } from '#shared/domain/catalog';
import { NotFoundError } from '#shared/domain/errors';
import { assertInScope, type Staff } from '#shared/domain/staff';
import { parseOrThrow } from '#shared/domain/validation';
import type { AreaRepository } from '#shared/ports/area-repository';
import type { Clock } from '#shared/ports/clock';

export interface AdminAreaDeps {
  readonly areas: AreaRepository;
  readonly clock: Clock;
}

export interface AreaListing {
  readonly area: Area;
  /** Its children, retired ones included (marked). */
  readonly children: Area[];
}

const renameInput = z.strictObject({ name: localizedText });

async function areaInScope(deps: AdminAreaDeps, staff: Staff, id: string): Promise<Area> {
  const parsed = areaIdSchema.safeParse(id);
  if (!parsed.success) throw new NotFoundError('Area');
  assertInScope(staff, parsed.data, 'Area');
  const area = await deps.areas.get(parsed.data);
  if (!area) throw new NotFoundError('Area');
  return area;
}

const notFound = (): never => {
  throw new NotFoundError('Area');
};

function centerOnly(staff: Staff): void {
  if (staff.role !== 'center') throw new NotFoundError('Area');
}

/**
 * `GET /admin/me`: who the API takes the caller for, as it decides every call: the role and the
 * area (none for the deployment's own center admins). Nothing personal: no name, email or subject.
 */
export function signedInStaff(staff: Staff): { role: Staff['role']; areaId?: string } {
  return { role: staff.role, ...(staff.areaId === undefined ? {} : { areaId: staff.areaId }) };
}

/** An area (by default the staff member's own, or the top of the tree) and its children. */
export async function listAreas(deps: AdminAreaDeps, staff: Staff, id?: string): Promise<AreaListing> {
  // One level's reads: the top areas for the default, then the area's children (never its subtree).
  const rootId = id ?? staff.areaId ?? (await deps.areas.childrenOf())[0]?.id;
  if (!rootId) throw new NotFoundError('Area');
  const area = await areaInScope(deps, staff, rootId);
  return { area, children: await deps.areas.childrenOf(area.id) };
}

export async function renameArea(deps: AdminAreaDeps, staff: Staff, id: string, body: unknown): Promise<Area> {
  centerOnly(staff);
  const area = await areaInScope(deps, staff, id);
  const { name } = parseOrThrow(renameInput, body);
  return (await deps.areas.update(area.id, { name })) ?? notFound();
}

export async function setAreaRetired(deps: AdminAreaDeps, staff: Staff, id: string, retired: boolean): Promise<Area> {
  centerOnly(staff);
  const area = await areaInScope(deps, staff, id);
  if (Boolean(area.retiredAt) === retired) return area;
  const changes = retired ? { retiredAt: deps.clock.now().toISOString(), retiredBy: 'staff' as const } : { retiredAt: null };
  return (await deps.areas.update(area.id, changes)) ?? notFound();
}
