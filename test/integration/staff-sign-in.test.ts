/**
 * Staff sign-in through the local stack's real OpenID provider: tokens it issues are taken, every
 * other token is refused with a 401 (by the gateway's check and by the function's own, the same
 * code), a station outside the area tree sees nothing (404), and nothing is ever a 500.
 */
import { describe, expect, it } from 'vitest';
import { UnauthorizedError } from '#shared/domain/errors';
import { staffTokenVerifier } from '#shared/http/staff-token';
import { demoStaff, LOCAL_STAFF_PASSWORD } from '#infra/local/identity-provider';
import { requestFixture } from '../support/fixtures';
import { call } from '../support/http';
import { useLocalStack } from '../support/local-stack';
import { forgedToken, signedIn, withAlteredClaims, withAlteredSignature } from '../support/staff-tokens';

const NO_ROLE = {
  login: 'volunteer@paidan.local',
  password: LOCAL_STAFF_PASSWORD,
  sub: 'local-no-role',
  name: '志愿者',
  groups: ['volunteers'],
};
const FAR_STATION = {
  login: 'far-station@paidan.local',
  password: LOCAL_STAFF_PASSWORD,
  sub: 'local-far-station',
  name: '外地站点',
  groups: ['station-staff'],
  // A well-formed area id that is not in the demo area tree.
  area: '110105001001',
};
const BAD_AREA = { ...FAR_STATION, login: 'bad-area@paidan.local', sub: 'local-bad-area', area: 'Not An Area' };
/** The center admin of another city (济南市, 3701) in the same deployment. */
const JINAN_CENTER = {
  login: 'jinan-center@paidan.local',
  password: LOCAL_STAFF_PASSWORD,
  sub: 'local-jinan-center',
  name: '济南中心',
  groups: ['center-admin'],
  area: '3701',
};

const local = useLocalStack({ extraStaffAccounts: [NO_ROLE, FAR_STATION, BAD_AREA, JINAN_CENTER] });
const get = (path: string, token: string | undefined) =>
  call(`${local().url}${path}`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

async function kedaRequest() {
  const request = requestFixture({ status: 'WAITING', areaId: demoStaff.station.area });
  await local().adapters.requests.create({ request, events: [], outbox: [] });
  return request;
}

describe('staff sign-in through the local OpenID provider', () => {
  it('takes the ID tokens the provider issues after its login page, with the role and area from its claims', async () => {
    const { stack } = local();
    const request = await kedaRequest();
    const center = await signedIn(stack, demoStaff.center);
    const station = await signedIn(stack, demoStaff.station);
    expect((await get(`/admin/requests/${request.id}`, center)).status).toBe(200);
    expect((await get(`/admin/requests/${request.id}`, station)).status).toBe(200);
    expect((await get('/admin/dead-letters', station)).status).toBe(404);
    // Its claims as the function reads them: the local provider's names (groups, paidan_area), not Cognito's.
    const verifier = staffTokenVerifier(stack.identity.staffSignIn);
    expect(await verifier.staff(`Bearer ${station}`)).toEqual({
      id: demoStaff.station.sub,
      name: demoStaff.station.login,
      role: 'station',
      areaId: demoStaff.station.area,
    });
    // A wrong password gets no token at all.
    await expect(stack.identity.signIn(demoStaff.center.login, 'not-the-password')).rejects.toThrow(/refused \(401\)/);
  });

  it('refuses access tokens, which need not carry the area claim, so a city’s center admin never widens to the deployment', async () => {
    const { stack } = local();
    const clientId = stack.identity.staffSignIn.clientId;
    // The city centre admin's ID token is scoped to the city; the same person's access tokens are refused.
    const cityCenter = { groups: ['center-admin'], paidan_area: '3701' };
    expect((await get('/admin/dead-letters', await forgedToken(stack, { claims: cityCenter }))).status).toBe(404);
    expect((await get('/admin/dead-letters', await forgedToken(stack, { claims: { ...cityCenter, token_use: 'id' } }))).status).toBe(404);
    const accessTokens = [
      // Cognito's: no aud, the client in client_id, token_use access, no custom attributes.
      forgedToken(stack, { without: ['aud'], claims: { client_id: clientId, token_use: 'access', scope: 'openid email profile' } }),
      forgedToken(stack, { without: ['aud'], claims: { client_id: clientId } }),
      // One that names the client as audience but says it is an access token.
      forgedToken(stack, { claims: { token_use: 'access' } }),
      forgedToken(stack, { typ: 'at+jwt' }),
      forgedToken(stack, { typ: 'application/at+jwt' }),
      forgedToken(stack, { claims: { typ: 'Bearer' } }),
    ];
    for (const token of await Promise.all(accessTokens)) {
      expect((await get('/admin/dead-letters', token)).status).toBe(401);
      await expect(staffTokenVerifier(stack.identity.staffSignIn).staff(`Bearer ${token}`)).rejects.toBeInstanceOf(UnauthorizedError);
    }
    // Keycloak's ID tokens say `typ: ID`; a deployment-wide admin's ID token is still taken.
    expect((await get('/admin/dead-letters', await forgedToken(stack, { claims: { typ: 'ID' } }))).status).toBe(200);
    expect((await get('/admin/dead-letters', await forgedToken(stack, { claims: { token_use: 'id' }, typ: 'JWT' }))).status).toBe(200);
  });

  it.each<[string, () => Promise<string | undefined>]>([
    ['no token', async () => undefined],
    ['not a JWT', async () => 'admin.not-a-jwt'],
    ['an expired token', async () => forgedToken(local().stack, { claims: { iat: 1_700_000_000, exp: 1_700_003_600 } })],
    ['a token for another audience', async () => forgedToken(local().stack, { claims: { aud: 'another-app' } })],
    ['a token of another issuer', async () => forgedToken(local().stack, { claims: { iss: 'http://127.0.0.1:9/realms/elsewhere' } })],
    ['a token with an altered signature', async () => withAlteredSignature(local().stack.adminTokens.center)],
    [
      'a station token whose claims were changed to center admin',
      async () => withAlteredClaims(local().stack.adminTokens.station, { groups: ['center-admin'] }),
    ],
    ['a token signed with a key of unknown id', async () => forgedToken(local().stack, { foreignKid: 'unknown-key' })],
    [
      'a token signed with an unknown key under the provider’s key id',
      async () => forgedToken(local().stack, { foreignKid: local().stack.identity.signingKey.kid }),
    ],
    [
      'a token without alg',
      async () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${(await forgedToken(local().stack)).split('.')[1]}.`,
    ],
    ['a token without a subject', async () => forgedToken(local().stack, { without: ['sub'] })],
    ['a signed-in account without a staff role', async () => signedIn(local().stack, NO_ROLE)],
    ['station staff whose area claim is no area id', async () => signedIn(local().stack, BAD_AREA)],
    ['a token without the role claim', async () => forgedToken(local().stack, { without: ['groups'] })],
    [
      'a logout token for the console client',
      async () => forgedToken(local().stack, { claims: { events: { 'http://schemas.openid.net/event/backchannel-logout': {} } } }),
    ],
  ])('refuses %s with a 401, at the gateway and in the function', async (_case, make) => {
    const { stack } = local();
    const token = await make();
    for (const path of ['/admin/requests', '/admin/dead-letters', '/admin/stats', '/admin/teams']) {
      const response = await get(path, token);
      expect(response.status, path).toBe(401);
    }
    // The function's own check, without the gateway in front: the same refusal, never another error.
    const refusal = await staffTokenVerifier(stack.identity.staffSignIn)
      .staff(token === undefined ? undefined : `Bearer ${token}`)
      .then(
        () => 'accepted',
        (error: unknown) => error,
      );
    expect(refusal).toBeInstanceOf(UnauthorizedError);
  });

  it('signs in station staff whose area is outside the area tree, who then see nothing (404, empty lists)', async () => {
    const { stack } = local();
    const request = await kedaRequest();
    const far = await signedIn(stack, FAR_STATION);
    expect(await staffTokenVerifier(stack.identity.staffSignIn).staff(`Bearer ${far}`)).toMatchObject({
      role: 'station',
      areaId: FAR_STATION.area,
    });
    expect((await get(`/admin/requests/${request.id}`, far)).status).toBe(404);
    const list = await get('/admin/requests', far);
    expect(list.status).toBe(200);
    expect(list.json().requests).toEqual([]);
    expect((await get(`/admin/requests?area=${demoStaff.station.area}`, far)).status).toBe(404);
    expect((await get('/admin/dead-letters', far)).status).toBe(404);
    // The same request is there for the station it belongs to.
    expect((await get(`/admin/requests/${request.id}`, stack.adminTokens.station)).status).toBe(200);
  });

  it("scopes a city's center admin to the city: another city's requests and the deployment-wide settings do not exist for it", async () => {
    const { stack } = local();
    const request = await kedaRequest();
    const jinan = await signedIn(stack, JINAN_CENTER);
    expect(await staffTokenVerifier(stack.identity.staffSignIn).staff(`Bearer ${jinan}`)).toMatchObject({ role: 'center', areaId: '3701' });
    expect((await get(`/admin/requests/${request.id}`, jinan)).status).toBe(404);
    expect((await get('/admin/stats?area=3709', jinan)).status).toBe(404);
    for (const path of ['/admin/services', '/admin/credit-rules', '/admin/dead-letters'])
      expect((await get(path, jinan)).status, path).toBe(404);
    // The deployment's own center admin keeps the whole tree.
    expect((await get('/admin/services', stack.adminTokens.center)).status).toBe(200);
  });
});
