/**
 * Work units (爱心单位): a company, a school or an organ's party branch that claims wishes from
 * the wall in its area as a named claimer, registered by the center. Their claims earn no points
 * (no person's hours are recorded); station staff claim and report for them.
 */
import * as z from 'zod';
import { areaId } from './area';
import { parseOrThrow, plainText } from './validation';
import { phoneField } from './volunteer';

/** Open claims a unit may hold unless the center sets another number. */
export const DEFAULT_UNIT_OPEN_CLAIMS = 5;

export const workUnitInput = z.strictObject({
  name: plainText().trim().min(2).max(60),
  /** Where it claims: wishes on this area's wall (any level). */
  areaId,
  contactName: plainText().trim().min(1).max(30),
  contactPhone: phoneField,
  maxOpenClaims: z.number().int().min(1).max(50).default(DEFAULT_UNIT_OPEN_CLAIMS),
});

export interface WorkUnit extends z.output<typeof workUnitInput> {
  readonly id: string;
  readonly registeredAt: string;
  readonly registeredBy: string;
}

export function parseWorkUnit(input: unknown): z.output<typeof workUnitInput> {
  return parseOrThrow(workUnitInput, input ?? {});
}
