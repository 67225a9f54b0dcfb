/**
 * Center admins and station staff (the admin API's callers), each with an area at any level: a
 * city's center admin manages its city, a station's staff their community or street. Anything
 * outside that area does not exist for them (404, never 403, so ids outside reveal nothing). A
 * center admin without an area is the deployment's own admin: the whole tree, and what is kept
 * once for all of it (the menu, the credit rules, failed messages).
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
  /** The area they act within; absent only for the deployment's own center admins. */
  readonly areaId?: string;
}

export function inScope(staff: Staff, areaId: string): boolean {
  if (staff.areaId !== undefined) return isWithin(areaId, staff.areaId);
  return staff.role === 'center';
}

/** Throws NotFoundError(`what`) unless `staff` is a center admin of the whole deployment. */
export function assertDeploymentAdmin(staff: Staff, what: string): void {
  if (staff.role !== 'center' || staff.areaId !== undefined) throw new NotFoundError(what);
}

/** Throws NotFoundError(`what`) unless `areaId` is within the staff member's area. */
export function assertInScope(staff: Staff, areaId: string, what: string): void {
  if (!inScope(staff, areaId)) throw new NotFoundError(what);
}
