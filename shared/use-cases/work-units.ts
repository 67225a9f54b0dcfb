/**
 * Work units (爱心单位) on the wall: the center registers them; station staff claim a wish for a
 * unit (代认领), see the wisher's contact to pass on, and report it fulfilled or give it up. A
 * unit holds at most its `maxOpenClaims` open claims (a counter in the claim's own write) and
 * earns no points. Outside the staff member's area, units and wishes do not exist (404).
 */
import * as z from '#shared/domain/zod';
import { isWithin } from '#shared/domain/area';
import { optionalPlainText, parseOrThrow } from '#shared/domain/validation';
import { ConflictError, NotFoundError } from '#shared/domain/errors';
import type { ServiceRequest } from '#shared/domain/service-request';
import { assertInScope, inScope, type Staff } from '#shared/domain/staff';
import { claim, claimEndedBy, fulfil, isClaimedBy, returnToWall } from '#shared/domain/wish';
import { MAX_UNIT_OPEN_CLAIMS, parseWorkUnit, type WorkUnit } from '#shared/domain/work-unit';
import { newRequestId } from '#shared/domain/identifiers';
import type { AreaRepository } from '#shared/ports/area-repository';
import type { WorkUnits } from '#shared/ports/work-units';
import { applyChange } from './apply-change';
import { endOwnClaim, ownClaimOrLost, toClaim, type WishClaimDeps } from './wish-claims';
import { wallItemsOf, type WallItem, type WallViewDeps } from './wish-wall-view';

const fulfilment = z.strictObject({ note: optionalPlainText(500, { multiline: true }) });

export interface WorkUnitDeps extends WishClaimDeps {
  readonly units: WorkUnits;
  readonly areas: AreaRepository;
}

/** Center admins register a unit in their area. */
export async function registerUnit(deps: Pick<WorkUnitDeps, 'units' | 'areas' | 'clock'>, staff: Staff, input: unknown): Promise<WorkUnit> {
  if (staff.role !== 'center') throw new NotFoundError('Work units (center admins register them)');
  const fields = parseWorkUnit(input);
  assertInScope(staff, fields.areaId, 'Area');
  if (!(await deps.areas.get(fields.areaId))) throw new NotFoundError('Area');
  const unit: WorkUnit = { ...fields, id: newRequestId(), registeredAt: deps.clock.now().toISOString(), registeredBy: staff.id };
  await deps.units.register(unit);
  return unit;
}

/** A unit claims in a staff member's area when their areas meet: one inside the other (a district's unit, a community's station). */
const overlaps = (staff: Staff, unit: WorkUnit) =>
  staff.areaId === undefined ? staff.role === 'center' : isWithin(unit.areaId, staff.areaId) || isWithin(staff.areaId, unit.areaId);

/** The units that may claim wishes in the staff member's area (units are few: the whole list, filtered). */
export async function unitsInScope(deps: Pick<WorkUnitDeps, 'units'>, staff: Staff): Promise<WorkUnit[]> {
  return (await deps.units.within()).filter((unit) => overlaps(staff, unit));
}

async function unitInScope(deps: Pick<WorkUnitDeps, 'units'>, staff: Staff, unitId: string): Promise<WorkUnit> {
  const unit = await deps.units.get(unitId);
  if (!unit || !overlaps(staff, unit)) throw new NotFoundError('Work unit');
  return unit;
}

async function wishInScope(deps: WorkUnitDeps, staff: Staff, requestId: string): Promise<ServiceRequest> {
  const request = await deps.requests.get(requestId);
  if (!request?.wish) throw new NotFoundError('Wish');
  assertInScope(staff, request.areaId, 'Wish');
  return request;
}

/** `{"unitId": …}`: a unit's id as the console lists them; a bad one is a 400 naming `unitId`, an unknown one a 404. */
const unitClaimInput = z.strictObject({
  unitId: z.string().check(z.regex(/^[0-9A-Za-z_-]{1,64}$/, 'A work unit from the list')),
});

/**
 * Staff claim a published wish for a unit: only within the unit's area, up to its open claims. A
 * claim the unit holds already (a second click, a retry, two at once) is answered as the first was.
 */
export async function claimForUnit(deps: WorkUnitDeps, staff: Staff, requestId: string, input: unknown): Promise<ServiceRequest> {
  const { unitId } = parseOrThrow(unitClaimInput, input ?? {});
  const unit = await unitInScope(deps, staff, unitId);
  const claimer = { kind: 'unit' as const, id: unit.id };
  const { request, held } = toClaim(await wishInScope(deps, staff, requestId), claimer);
  if (!isWithin(request.areaId, unit.areaId)) throw new ConflictError(`${unit.name} claims wishes in its own area only`);
  if (held) return request;
  const service = await deps.catalog.getService(request.serviceCode);
  const change = claim(request, { ...claimer, name: unit.name }, deps.clock.now(), service);
  const slot = { claimSlot: { holder: claimer, limit: unit.maxOpenClaims } };
  if (!(await applyChange(deps.requests, request, change, slot))) return ownClaimOrLost(deps, requestId, claimer);
  return change.after;
}

/**
 * Staff report a unit's wish fulfilled (no hours: units earn no points), or give it up for the
 * unit. The claim a unit holds is ended first (as `claimToEnd` does for a volunteer or team); only
 * when no unit holds it is it a second click, answered with the request as it is (a record from
 * before `claim` dropped `givenUp` may still name a unit that gave it up before the holder).
 */
export async function endUnitClaim(deps: WorkUnitDeps, staff: Staff, requestId: string, how: 'fulfilled' | 'given-up', input?: unknown) {
  const { note } = how === 'fulfilled' ? parseOrThrow(fulfilment, input ?? {}) : { note: undefined };
  const request = await wishInScope(deps, staff, requestId);
  const claimer = request.claim?.claimer;
  if (claimer?.kind === 'unit' && isClaimedBy(request, claimer)) {
    const now = deps.clock.now();
    const change = how === 'fulfilled' ? fulfil(request, claimer, now, undefined, note) : returnToWall(request, 'given-up', now);
    return endOwnClaim(deps, claimer, request, change, how);
  }
  const ended = how === 'given-up' ? request.givenUp?.claimer : claimer;
  if (ended?.kind === 'unit' && claimEndedBy(request, ended, how)) return request;
  throw new NotFoundError('Claim');
}

/** Wishes the console lists per wall it reads for the units (the newest). */
const UNIT_WALL_READ = 50;

/** Where a unit's claimable wishes and the staff member's area meet: the narrower of the two (their areas overlap). */
const sharedArea = (staff: Staff, unit: WorkUnit) =>
  staff.areaId !== undefined && isWithin(staff.areaId, unit.areaId) ? staff.areaId : unit.areaId;

/**
 * What the console's unit part shows: the wishes the units in scope may claim, and their open
 * claims with the contact. A district's unit seen by a community's staff: that community's wall,
 * not the district's newest (which may hold none of it), and every claim the unit holds (at most
 * its `maxOpenClaims`), so the station's own are never left out.
 */
export async function unitWork(deps: WorkUnitDeps & WallViewDeps, staff: Staff) {
  const units = await unitsInScope(deps, staff);
  const areas = [...new Set(units.map((u) => sharedArea(staff, u)))];
  const walls = await Promise.all(areas.map((areaId) => deps.requests.wall(areaId, UNIT_WALL_READ)));
  const seen = new Set<string>();
  const entries = walls
    .flatMap((w) => w.entries)
    .filter((e) => inScope(staff, e.areaId) && !seen.has(e.requestId) && seen.add(e.requestId))
    .sort((a, b) => (a.listedAt < b.listedAt ? 1 : -1));
  const published: WallItem[] = await wallItemsOf(deps, entries);
  const held = (await Promise.all(units.map((u) => deps.requests.claimedBy({ kind: 'unit', id: u.id }, MAX_UNIT_OPEN_CLAIMS)))).flat();
  // A district's unit may hold wishes all over the district: staff see the contact of their own area's only.
  const claims = held
    .filter((r) => inScope(staff, r.areaId))
    .map((r) => ({
      id: r.id,
      text: r.wish?.text ?? '',
      unit: r.claim?.claimer.name ?? '',
      deadline: r.claim?.deadline ?? '',
      contact: r.contact,
    }));
  return { units, published, claims };
}
