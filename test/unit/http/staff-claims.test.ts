import { describe, expect, it } from 'vitest';
import { UnauthorizedError } from '#shared/domain/errors';
import { assertInScope, inScope } from '#shared/domain/staff';
import { staffFromClaims } from '#shared/http/staff-claims';

describe('staff from the authorizer’s claims', () => {
  it('reads a center admin from the groups claim as API Gateway passes it', () => {
    expect(staffFromClaims({ sub: 'u1', token_use: 'id', email: 'a@b.cn', 'cognito:groups': '[center-admin]' })).toEqual({
      id: 'u1',
      name: 'a@b.cn',
      role: 'center',
    });
    expect(staffFromClaims({ sub: 'u1', token_use: 'id', 'cognito:groups': ['other', 'center-admin'] })).toMatchObject({
      role: 'center',
      name: 'u1',
    });
  });

  it('reads station staff with their area, and refuses them without a valid one', () => {
    expect(
      staffFromClaims({ sub: 'u2', token_use: 'id', 'cognito:groups': '[station-staff]', 'custom:areaId': 'taian.taishan.taiqian.keda' }),
    ).toEqual({
      id: 'u2',
      name: 'u2',
      role: 'station',
      areaId: 'taian.taishan.taiqian.keda',
    });
    expect(() => staffFromClaims({ sub: 'u2', 'cognito:groups': '[station-staff]' })).toThrow(UnauthorizedError);
    expect(() => staffFromClaims({ sub: 'u2', 'cognito:groups': '[station-staff]', 'custom:areaId': 'Not An Area' })).toThrow(
      UnauthorizedError,
    );
  });

  it('refuses tokens without an admin group or a subject', () => {
    expect(() => staffFromClaims(undefined)).toThrow(UnauthorizedError);
    expect(() => staffFromClaims({ sub: 'u3', 'cognito:groups': '[residents]' })).toThrow(UnauthorizedError);
    expect(() => staffFromClaims({ token_use: 'id', 'cognito:groups': '[center-admin]' })).toThrow(UnauthorizedError);
    expect(() => staffFromClaims({ sub: 'u1', token_use: 'access', 'cognito:groups': '[center-admin]' })).toThrow(UnauthorizedError);
  });

  it('scopes station staff to their subtree and center admins to everything', () => {
    const keda = { id: 's', name: 's', role: 'station' as const, areaId: 'taian.taishan.taiqian.keda' };
    expect(inScope(keda, 'taian.taishan.taiqian.keda')).toBe(true);
    expect(inScope(keda, 'taian.taishan.taiqian.kedaxi')).toBe(false);
    expect(inScope(keda, 'taian.taishan.taiqian')).toBe(false);
    expect(inScope({ id: 'c', name: 'c', role: 'center' }, 'taian.daiyue')).toBe(true);
    expect(() => assertInScope(keda, 'taian.daiyue', 'Request')).toThrow('Request not found');
  });
});
