/**
 * Center admins and station staff (the admin API's callers). A center admin acts across the
 * city; station staff only within their own area, and anything outside it does not exist for
 * them (404, never 403, so ids outside their area reveal nothing).
 */
import { isWithin } from './area';
import { NotFoundError } from './errors';

export type StaffRole = 'center' | 'station';

export interface Staff {
  /** Stable id of the person (Cognito `sub`), kept in the timeline with what they did. */
  readonly id: string;
  /** Shown in timelines: the sign-in email or name. */
  readonly name: string;
  readonly role: StaffRole;
  /** The area station staff act within; absent for center admins. */
  readonly areaId?: string;
}

export function inScope(staff: Staff, areaId: string): boolean {
  return staff.role === 'center' || (staff.areaId !== undefined && isWithin(areaId, staff.areaId));
}

/** Throws NotFoundError(`what`) unless `areaId` is within the staff member's area. */
export function assertInScope(staff: Staff, areaId: string, what: string): void {
  if (!inScope(staff, areaId)) throw new NotFoundError(what);
}
