/**
 * Work units (爱心单位): a company, a school or an organ's party branch that claims wishes from
 * the wall in its area as a named claimer, registered by the center. Their claims earn no points
 * (no person's hours are recorded); station staff claim and report for them.
 */
import * as z from '#shared/domain/zod';
import { areaId } from './area';
import { parseOrThrow, plainText } from './validation';
import { phoneField } from './volunteer';

/** Open claims a unit may hold unless the center sets another number. */
export const DEFAULT_UNIT_OPEN_CLAIMS = 5;
/** The most open claims the center may allow a unit: so reading this many lists every claim a unit holds. */
export const MAX_UNIT_OPEN_CLAIMS = 50;

export const workUnitInput = z.strictObject({
  name: plainText().check(z.trim(), z.minLength(2), z.maxLength(60)),
  /** Where it claims: wishes on this area's wall (any level). */
  areaId,
  contactName: plainText().check(z.trim(), z.minLength(1), z.maxLength(30)),
  contactPhone: phoneField,
  maxOpenClaims: z._default(z.int().check(z.gte(1), z.lte(MAX_UNIT_OPEN_CLAIMS)), DEFAULT_UNIT_OPEN_CLAIMS),
});

export interface WorkUnit extends z.output<typeof workUnitInput> {
  readonly id: string;
  readonly registeredAt: string;
  readonly registeredBy: string;
}

export function parseWorkUnit(input: unknown): z.output<typeof workUnitInput> {
  return parseOrThrow(workUnitInput, input ?? {});
}
