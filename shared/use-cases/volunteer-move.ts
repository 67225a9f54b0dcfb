/**
 * `PUT /admin/volunteers/{id}/home`: an admin whose area covers both the person's home community
 * and the new one moves them there (`volunteer-move.ts` in the domain says what moves and what
 * stays). A station's staff cover their own community only, so a move between two is a center's.
 */
import * as z from '#shared/domain/zod';
import { anyRetired, areaId, lineage } from '#shared/domain/area';
import { ConflictError, OutsideAreaError, ValidationError } from '#shared/domain/errors';
import { inScope, type Staff } from '#shared/domain/staff';
import { parseOrThrow, plainText } from '#shared/domain/validation';
import { homeMove } from '#shared/domain/volunteer-move';
import type { AreaRepository } from '#shared/ports/area-repository';
import type { Clock } from '#shared/ports/clock';
import type { VolunteerRegistry } from '#shared/ports/volunteer-registry';
import { personInScope, staffView } from './volunteers';

export interface MoveHomeDeps {
  readonly volunteers: Pick<VolunteerRegistry, 'get' | 'moveHome'>;
  readonly areas: Pick<AreaRepository, 'getMany'>;
  readonly clock: Clock;
}

const moveInput = z.strictObject({
  homeAreaId: areaId,
  /** Why, for the record staff see (never logged: it may name a place or a person). */
  reason: plainText().check(z.trim(), z.minLength(1, 'Say why the volunteer moves'), z.maxLength(200)),
});

/**
 * Moves the person to the community `homeAreaId`. The person outside the staff member's area is
 * a 404 (ids outside reveal nothing, as on every volunteer route); a target that is no community
 * of this deployment (a street, a retired one, an unknown code) a 400 naming `homeAreaId`; a
 * community outside their area a 403 naming it. Already at home there: 200 with `moved: false`
 * (a retry, a double click, or the same move by a colleague at once). Another move committed
 * meanwhile to elsewhere: 409, and only that one is written.
 */
export async function moveVolunteerHome(deps: MoveHomeDeps, staff: Staff, id: string, body: unknown) {
  const person = await personInScope(deps, staff, id);
  const input = parseOrThrow(moveInput, body ?? {});
  const areas = await deps.areas.getMany(lineage(input.homeAreaId));
  const community = areas[0];
  if (community?.level !== 'community' || anyRetired(areas))
    throw new ValidationError([{ field: 'homeAreaId', message: 'Not a community of this deployment' }]);
  if (!inScope(staff, community.id)) throw new OutsideAreaError('homeAreaId');
  const from = person.homeAreaId;
  if (from === community.id) return { ...staffView(person), moved: false, from };
  const move = homeMove(person, community.id, staff, input.reason, deps.clock.now());
  if ((await deps.volunteers.moveHome(move)) === 'moved') return { ...staffView({ ...person, homeAreaId: move.to }), moved: true, from };
  // Moved meanwhile by someone else: to this community, it is done; to another, theirs stands.
  const now = await deps.volunteers.get(person.id);
  if (now?.homeAreaId !== community.id)
    throw new ConflictError('The volunteer was moved meanwhile by someone else; reload and check (field homeAreaId)');
  return { ...staffView(now), moved: false, from };
}
