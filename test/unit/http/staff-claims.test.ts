import { describe, expect, it } from 'vitest';
import { UnauthorizedError } from '#shared/domain/errors';
import { assertDeploymentAdmin, assertInScope, inScope } from '#shared/domain/staff';
import { claimAt, staffFromClaims } from '#shared/http/staff-claims';
import { cognitoClaims, oidcClaimDefaults } from '#shared/http/staff-sign-in';

const cognito = cognitoClaims;

describe('staff from a verified token’s claims', () => {
  it('reads a center admin from Cognito’s groups claim, as a list or as API Gateway writes it', () => {
    expect(staffFromClaims({ sub: 'u1', token_use: 'id', email: 'a@b.cn', 'cognito:groups': '[center-admin]' }, cognito)).toEqual({
      id: 'u1',
      name: 'a@b.cn',
      role: 'center',
    });
    expect(staffFromClaims({ sub: 'u1', token_use: 'id', 'cognito:groups': ['other', 'center-admin'] }, cognito)).toMatchObject({
      role: 'center',
      name: 'u1',
    });
  });

  it('reads station staff with their area, and refuses them without a valid one', () => {
    expect(
      staffFromClaims({ sub: 'u2', token_use: 'id', 'cognito:groups': '[station-staff]', 'custom:areaId': '370902003009' }, cognito),
    ).toEqual({ id: 'u2', name: 'u2', role: 'station', areaId: '370902003009' });
    expect(() => staffFromClaims({ sub: 'u2', 'cognito:groups': '[station-staff]' }, cognito)).toThrow(UnauthorizedError);
    expect(() => staffFromClaims({ sub: 'u2', 'cognito:groups': '[station-staff]', 'custom:areaId': 'Not An Area' }, cognito)).toThrow(
      UnauthorizedError,
    );
  });

  it('refuses tokens without an admin role or a subject', () => {
    expect(() => staffFromClaims(undefined, cognito)).toThrow(UnauthorizedError);
    expect(() => staffFromClaims({ sub: 'u3', 'cognito:groups': '[residents]' }, cognito)).toThrow(UnauthorizedError);
    expect(() => staffFromClaims({ token_use: 'id', 'cognito:groups': '[center-admin]' }, cognito)).toThrow(UnauthorizedError);
    expect(() => staffFromClaims({ sub: 'u3', groups: ['center-admin'] }, cognito)).toThrow(UnauthorizedError);
  });

  it('takes access tokens too (issue 11): the role counts, whatever token_use says', () => {
    expect(staffFromClaims({ sub: 'u1', token_use: 'access', 'cognito:groups': ['center-admin'], username: 'wang' }, cognito)).toEqual({
      id: 'u1',
      name: 'wang',
      role: 'center',
    });
  });

  it('reads the configured claims of any issuer: a group list, a single role value, nested roles, a URL-named claim', () => {
    expect(staffFromClaims({ sub: 'k1', groups: ['station-staff'], paidan_area: '370911' }, oidcClaimDefaults)).toEqual({
      id: 'k1',
      name: 'k1',
      role: 'station',
      areaId: '370911',
    });
    const single = { roleClaim: 'paidan_role', areaClaim: 'area', centerRole: 'admin', stationRole: 'station' };
    expect(staffFromClaims({ sub: 'g1', paidan_role: 'admin', name: '王芳' }, single)).toMatchObject({ role: 'center', name: '王芳' });
    const keycloak = {
      roleClaim: 'realm_access.roles',
      areaClaim: 'https://paidan.example/area',
      centerRole: 'paidan-center',
      stationRole: 'paidan-station',
    };
    expect(
      staffFromClaims(
        { sub: 'r1', realm_access: { roles: ['offline_access', 'paidan-station'] }, 'https://paidan.example/area': '370902' },
        keycloak,
      ),
    ).toMatchObject({ role: 'station', areaId: '370902' });
    // Another provider's group names mean nothing here.
    expect(() => staffFromClaims({ sub: 'r1', realm_access: { roles: ['center-admin'] } }, keycloak)).toThrow(UnauthorizedError);
  });

  it('finds a claim by its exact name before reading dots as a path', () => {
    expect(claimAt({ 'a.b': 1, a: { b: 2 } }, 'a.b')).toBe(1);
    expect(claimAt({ a: { b: 2 } }, 'a.b')).toBe(2);
    expect(claimAt({ a: { b: 2 } }, 'a.c')).toBeUndefined();
    expect(claimAt({ a: 'x' }, 'a.length')).toBeUndefined();
  });

  it('scopes station staff to their subtree and center admins to everything', () => {
    const keda = { id: 's', name: 's', role: 'station' as const, areaId: '370902003009' };
    expect(inScope(keda, '370902003009')).toBe(true);
    expect(inScope(keda, '370902003019')).toBe(false);
    expect(inScope(keda, '370902003')).toBe(false);
    expect(inScope({ id: 'c', name: 'c', role: 'center' }, '370911')).toBe(true);
    expect(() => assertInScope(keda, '370911', 'Request')).toThrow('Request not found');
  });

  it("reads a center admin's area at any level: a city's admin manages the city, the deployment's admin everything", () => {
    const names = { roleClaim: 'groups', areaClaim: 'area', centerRole: 'center-admin', stationRole: 'station-staff' };
    const city = staffFromClaims({ sub: 'c2', groups: ['center-admin'], area: '370900000000' }, names);
    expect(city).toMatchObject({ role: 'center', areaId: '3709' });
    expect(inScope(city, '370902003009')).toBe(true);
    expect(inScope(city, '370102001001')).toBe(false);
    expect(() => assertDeploymentAdmin(city, 'Menu')).toThrow('Menu not found');
    const whole = staffFromClaims({ sub: 'c1', groups: ['center-admin'] }, names);
    expect(whole).toEqual({ id: 'c1', name: 'c1', role: 'center' });
    expect(() => assertDeploymentAdmin(whole, 'Menu')).not.toThrow();
    expect(() => assertDeploymentAdmin({ id: 's', name: 's', role: 'station', areaId: '3709' }, 'Menu')).toThrow('Menu not found');
    // A malformed area is refused rather than read as the whole tree.
    expect(() => staffFromClaims({ sub: 'c3', groups: ['center-admin'], area: 'taian' }, names)).toThrow(UnauthorizedError);
  });
});
