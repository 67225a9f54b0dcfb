/**
 * The staff member behind an admin call, from the claims of a token already verified
 * (`staff-token.ts`): the one mapping from any issuer's claims to the staff principal. Refuses
 * tokens that carry no admin role, or station staff without a valid area. Which claims hold
 * the role and the area is configured (`StaffClaimNames`): Cognito's `cognito:groups` and
 * `custom:areaId`, or whatever the deployer's provider writes.
 */
import { areaId } from '#shared/domain/area';
import { UnauthorizedError } from '#shared/domain/errors';
import type { Staff } from '#shared/domain/staff';
import type { StaffClaimNames } from './staff-sign-in';

export type Claims = Readonly<Record<string, unknown>>;

/**
 * A claim by name; when no claim has that exact name and the name has dots, the path into nested
 * objects (Keycloak's `realm_access.roles`). Exact names first: claim names may be URLs.
 */
export function claimAt(claims: Claims, name: string): unknown {
  if (Object.hasOwn(claims, name)) return claims[name];
  if (!name.includes('.')) return undefined;
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A role claim as a list: an array of groups, one role value, or a list written `[a b]` or `a,b`. */
function rolesOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/** The name shown in timelines: the first of these the token carries, else its subject. */
const NAME_CLAIMS = ['email', 'name', 'preferred_username', 'cognito:username', 'username'] as const;

export function staffFromClaims(claims: Claims | undefined, names: StaffClaimNames): Staff {
  const refused = new UnauthorizedError('An admin sign-in is required');
  const id = claims?.sub;
  if (!claims || typeof id !== 'string' || id.length === 0) throw refused;
  const roles = rolesOf(claimAt(claims, names.roleClaim));
  const shown = NAME_CLAIMS.map((n) => claims[n]).find((v): v is string => typeof v === 'string' && v.length > 0);
  const name = shown ?? id;
  const areaClaim = claimAt(claims, names.areaClaim);
  const area = areaId.safeParse(areaClaim);
  if (roles.includes(names.centerRole)) {
    // A center admin with an area manages that area (a city, a county); without one, the whole tree.
    // Only ID tokens get here (`staff-token.ts`): an access token, which may lack the area claim
    // even for a city's admin (Cognito's carry no custom attributes), never reaches this widening.
    if (areaClaim === undefined || areaClaim === '') return { id, name, role: 'center' };
    if (area.success) return { id, name, role: 'center', areaId: area.data };
    throw refused;
  }
  if (roles.includes(names.stationRole) && area.success) return { id, name, role: 'station', areaId: area.data };
  throw refused;
}
