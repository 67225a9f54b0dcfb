/** Cross-site posts refused in httpHandler (shared/http/cross-site.ts), before any handler runs. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { httpHandler } from '#shared/lambda/http-handler';
import { createLogger } from '#shared/observability/logger';
import { topology } from '#shared/topology/topology';

const context = { functionName: 'test', awsRequestId: 'req', getRemainingTimeInMillis: () => 1000 } as unknown as Context;

const event = (method: string, headers: Record<string, string>, body?: string): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: `${method} /me/teams/{id}/leave`,
    rawPath: '/me/teams/t1/leave',
    rawQueryString: '',
    headers,
    pathParameters: { id: 't1' },
    requestContext: { requestId: 'request-id-1', http: { method, path: '/me/teams/t1/leave', sourceIp: '203.0.113.1' } },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2;

/** A handler that counts what reached it. */
function counting(publicUrl?: string) {
  const reached: string[] = [];
  const handler = httpHandler({ logger: createLogger('test'), ...(publicUrl ? { publicUrl } : {}) }, async (request) => {
    reached.push(request.method);
    return { status: 200, json: { ok: true } };
  });
  const invoke = (e: APIGatewayProxyEventV2) => handler(e, context) as Promise<APIGatewayProxyStructuredResultV2>;
  return { reached, invoke };
}

const PUBLIC = 'https://paidan.example.gov.cn';

describe('cross-site posts', () => {
  it('refuses a state-changing request another site sent, by Sec-Fetch-Site, with a 403 naming the reason', async () => {
    const { reached, invoke } = counting(PUBLIC);
    for (const [method, site] of [
      ['POST', 'same-site'],
      ['POST', 'cross-site'],
      ['DELETE', 'cross-site'],
      ['PUT', 'same-site'],
      ['PATCH', 'cross-site'],
    ] as const) {
      // Origin claims to be ours: Sec-Fetch-Site, which a page cannot set, decides.
      const result = await invoke(event(method, { 'sec-fetch-site': site, origin: PUBLIC, accept: '*/*' }));
      expect(result.statusCode).toBe(403);
      expect(JSON.parse(result.body ?? '')).toEqual({
        error: { code: 'CROSS_SITE_REQUEST', message: expect.stringContaining('Sec-Fetch-Site') },
      });
    }
    expect(reached).toEqual([]);
  });

  it('answers a refused form post with a page in both languages', async () => {
    const { reached, invoke } = counting(PUBLIC);
    const headers = { 'sec-fetch-site': 'cross-site', 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };
    const result = await invoke(event('POST', headers, 'phone=13900000000&code=123456'));
    expect(result.statusCode).toBe(403);
    expect(result.headers?.['content-type']).toContain('text/html');
    expect(result.body).toContain('来自其他网站的提交');
    expect(result.body).toContain('本站的页面');
    expect(reached).toEqual([]);
    // A body of a type not read, or too large: still a page for a browser asking for one, JSON for the others.
    const unread = await invoke(event('POST', { ...headers, 'content-type': 'text/plain' }, 'x'));
    expect([unread.statusCode, unread.headers?.['content-type']]).toEqual([403, expect.stringContaining('text/html')]);
    const large = await invoke(event('POST', headers, `a=${'x'.repeat(topology.api.maxBodyBytes)}`));
    expect([large.statusCode, large.headers?.['content-type']]).toEqual([403, expect.stringContaining('text/html')]);
    const api = await invoke(event('POST', { ...headers, 'content-type': 'text/plain', accept: '*/*' }, 'x'));
    expect([api.statusCode, JSON.parse(api.body ?? '').error.code]).toEqual([403, 'CROSS_SITE_REQUEST']);
  });

  it('without Sec-Fetch-Site, refuses an Origin other than PUBLIC_URL’s, null too', async () => {
    const { reached, invoke } = counting(PUBLIC);
    for (const origin of ['https://evil.example', 'https://sso.example.gov.cn', 'null', 'http://paidan.example.gov.cn', `${PUBLIC}:8443`]) {
      const result = await invoke(event('POST', { origin }));
      expect([origin, result.statusCode, JSON.parse(result.body ?? '').error.message]).toEqual([
        origin,
        403,
        expect.stringContaining('Origin'),
      ]);
    }
    expect(reached).toEqual([]);
  });

  it('lets through our own pages, typed addresses, callers that are no browser, and any GET', async () => {
    const { reached, invoke } = counting(PUBLIC);
    const passing: [string, Record<string, string>][] = [
      ['POST', { 'sec-fetch-site': 'same-origin', origin: PUBLIC }],
      ['POST', { 'sec-fetch-site': 'none' }],
      ['POST', { origin: PUBLIC }],
      ['POST', {}],
      ['DELETE', { authorization: 'Bearer x' }],
      ['GET', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }],
      ['HEAD', { 'sec-fetch-site': 'same-site' }],
    ];
    for (const [method, headers] of passing) expect((await invoke(event(method, headers))).statusCode).toBe(200);
    expect(reached).toEqual(passing.map(([method]) => method));
  });

  it('in a function with no PUBLIC_URL (bearer APIs, the lookup), checks Sec-Fetch-Site only', async () => {
    const { reached, invoke } = counting();
    expect((await invoke(event('POST', { 'sec-fetch-site': 'cross-site' }))).statusCode).toBe(403);
    expect((await invoke(event('POST', { origin: 'https://paidan.example.gov.cn' }))).statusCode).toBe(200);
    expect(reached).toEqual(['POST']);
  });
});
