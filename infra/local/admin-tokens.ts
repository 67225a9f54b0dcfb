/**
 * Locally there is no Cognito: the local stack makes two admin tokens at each start (printed by
 * `npm start`) and turns them into the claims the JWT authorizer would pass on in AWS, so the
 * admin handlers run unchanged. A center admin, and station staff of 科大社区.
 */
import { randomBytes } from 'node:crypto';
import { adminGroups, AREA_CLAIM } from '#shared/topology/topology';

export type LocalClaims = Readonly<Record<string, string>>;

export interface LocalAdminTokens {
  readonly center: string;
  readonly station: string;
  /** The claims of a bearer token, or undefined: the authorizer's 401. */
  claimsOf(authorization: string | undefined): LocalClaims | undefined;
}

export const LOCAL_STATION_AREA = 'taian.taishan.taiqian.keda';

export function localAdminTokens(): LocalAdminTokens {
  const center = `admin.${randomBytes(24).toString('base64url')}`;
  const station = `station.${randomBytes(24).toString('base64url')}`;
  const claims = new Map<string, LocalClaims>([
    [
      center,
      { sub: 'local-center-admin', token_use: 'id', email: 'center-admin@paidan.local', 'cognito:groups': `[${adminGroups.center}]` },
    ],
    [
      station,
      {
        sub: 'local-station-keda',
        token_use: 'id',
        email: 'keda-station@paidan.local',
        'cognito:groups': `[${adminGroups.station}]`,
        [AREA_CLAIM]: LOCAL_STATION_AREA,
      },
    ],
  ]);
  return {
    center,
    station,
    claimsOf: (authorization) => {
      const match = /^Bearer (\S+)$/i.exec(authorization ?? '');
      return match ? claims.get(match[1]!) : undefined;
    },
  };
}
