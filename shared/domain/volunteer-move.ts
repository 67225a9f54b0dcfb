/**
 * A volunteer's home community moved by an admin (they moved house, or were registered in the
 * wrong one). What moves is the person: their home community, so the new station's staff find
 * and manage them, and redeem their points, and the old station's no longer. Nothing of their
 * history moves: services, hours and ledger lines stay with the place and request they were
 * earned at, certificates stay as issued, and the statistics (registrations counted in the month
 * and community of the registration, services where they were done) stay as counted.
 */
import { who } from './admin-actions';
import { ValidationError } from './errors';
import type { Staff } from './staff';

/** One move, kept in the person's record for staff: from where, to where, when, who and why. */
export interface HomeMove {
  readonly volunteerId: string;
  readonly from: string;
  readonly to: string;
  readonly at: string;
  /** The staff member's stable id. */
  readonly by: string;
  /** Their name and the reason given, as an admin action's record keeps them (`who`). */
  readonly detail: string;
}

/** The move of `person` to the community `to`, by `staff`, for `reason` (required: staff see why). */
export function homeMove(
  person: { readonly id: string; readonly homeAreaId: string },
  to: string,
  staff: Staff,
  reason: string,
  now: Date,
): HomeMove {
  const text = reason.trim();
  if (text.length === 0) throw new ValidationError([{ field: 'reason', message: 'Say why the volunteer moves' }]);
  return { volunteerId: person.id, from: person.homeAreaId, to, at: now.toISOString(), by: staff.id, detail: who(staff, text) };
}
