/**
 * The staff member behind an admin call, from the claims the HTTP API's JWT authorizer passed
 * on (in AWS a Cognito ID token; locally the local stack's admin tokens, as the same claims).
 * The authorizer has already refused calls without a valid token; this refuses tokens that
 * carry no admin role, or station staff without an area.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { adminGroups, AREA_CLAIM } from '#shared/topology/topology';
import { areaId } from '#shared/domain/area';
import { UnauthorizedError } from '#shared/domain/errors';
import type { Staff } from '#shared/domain/staff';

type Claims = Readonly<Record<string, string | number | boolean | string[] | undefined>>;

export function claimsOf(event: APIGatewayProxyEventV2): Claims | undefined {
  const authorizer = (event.requestContext as { authorizer?: { jwt?: { claims?: Claims } } }).authorizer;
  return authorizer?.jwt?.claims;
}

/** API Gateway passes a list claim as `[a b]`; tokens decoded elsewhere give an array. */
function groupsOf(value: Claims[string]): string[] {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

export function staffFromClaims(claims: Claims | undefined): Staff {
  const refused = new UnauthorizedError('An admin sign-in is required');
  const id = claims?.sub;
  // ID tokens only: an access token passes the authorizer too, but carries no email or area.
  if (!claims || typeof id !== 'string' || id.length === 0 || claims.token_use !== 'id') throw refused;
  const groups = groupsOf(claims['cognito:groups']);
  const name = String(claims.email ?? claims['cognito:username'] ?? id);
  if (groups.includes(adminGroups.center)) return { id, name, role: 'center' };
  const area = areaId.safeParse(claims[AREA_CLAIM]);
  if (groups.includes(adminGroups.station) && area.success) return { id, name, role: 'station', areaId: area.data };
  throw refused;
}
