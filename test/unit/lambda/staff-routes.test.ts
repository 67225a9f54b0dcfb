/**
 * An admin function checks the staff token itself, before its route runs, even without the
 * gateway's authorizer in front (a route wired without it, a direct invocation): no token or a
 * malformed one is a 401, an issuer it cannot reach a 503, never a 500 and never the route.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { oidcClaimDefaults } from '#shared/http/staff-sign-in';
import { environmentNames, STAFF_SIGN_IN_ENV, topology } from '#shared/topology/topology';

const ISSUER = 'https://sso.example.test/realms/paidan';

async function coldStart() {
  for (const name of environmentNames(topology.functions['admin-menu'])) vi.stubEnv(name, 'paidan-staff-routes');
  vi.stubEnv(STAFF_SIGN_IN_ENV, JSON.stringify({ issuer: ISSUER, clientId: 'paidan-console', ...oidcClaimDefaults }));
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.resetModules();
  const { handler } = await import('../../../functions/admin-menu');
  return (authorization?: string) =>
    (handler as unknown as (e: unknown, c: unknown) => Promise<{ statusCode: number; body: string }>)(
      {
        version: '2.0',
        routeKey: 'GET /admin/services',
        rawPath: '/admin/services',
        rawQueryString: '',
        isBase64Encoded: false,
        headers: { accept: 'application/json', host: 'api.example.test', ...(authorization ? { authorization } : {}) },
        requestContext: {
          requestId: 'req-staff-routes',
          domainName: 'api.example.test',
          http: { method: 'GET', path: '/admin/services', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
        },
      },
      { functionName: 'admin-menu', awsRequestId: 'aws-1', getRemainingTimeInMillis: () => 5000 },
    );
}

/** A JWT-shaped token (never valid: its signature is not checked before the keys are fetched). */
const jwtShaped = ['{"alg":"RS256","kid":"k1"}', `{"iss":"${ISSUER}","sub":"x"}`, 'sig']
  .map((part) => Buffer.from(part).toString('base64url'))
  .join('.');

describe('an admin function without the gateway in front', { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it.each([
    ['no Authorization header', undefined],
    ['a token that is not a JWT', 'Bearer admin.not-a-jwt'],
    ['another scheme', `Basic ${jwtShaped}`],
  ])('answers 401 to %s, before reaching the table', async (_case, authorization) => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    const invoke = await coldStart();
    const result = await invoke(authorization);
    expect(result.statusCode).toBe(401);
    expect(JSON.parse(result.body)).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('answers 503 while the issuer’s discovery document cannot be fetched, and tries again on the next call', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('fetch failed');
    });
    vi.stubGlobal('fetch', fetch);
    const invoke = await coldStart();
    expect((await invoke(`Bearer ${jwtShaped}`)).statusCode).toBe(503);
    expect((await invoke(`Bearer ${jwtShaped}`)).statusCode).toBe(503);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(String((fetch.mock.calls[0] as unknown[])[0])).toBe(`${ISSUER}/.well-known/openid-configuration`);
  });
});
