import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startHttpServer, type LocalRoute } from '#infra/local/http-server';
import type { FunctionSpec } from '#shared/topology/topology';
import { call, callRaw } from '../support/http';
import { useLocalStack } from '../support/local-stack';

// The local server decodes path parameters itself (API Gateway does it in AWS). A path whose
// percent-encoding is broken is the caller's mistake, answered 400 as API Gateway does, and no
// request, however malformed, stops the server.
const lines: string[] = [];
const local = useLocalStack({ seed: true, log: (source, message) => lines.push(`${source}: ${message}`) });

describe('malformed request paths on the local server', () => {
  it('answers broken percent-encoding 400, other odd paths (dot segments, NUL, overlong) below 500, and keeps serving', async () => {
    const { url } = local();
    const badEncoding = [
      '/requests/%zz',
      '/volunteers/%E0%A4%A/credits',
      '/requests/%',
      '/requests/%C3',
      '/requests/abc%2',
      '/offers/%zz?team=x&sig=y',
    ];
    for (const path of badEncoding) {
      const reply = await callRaw(url, path, { headers: { accept: 'application/json' } });
      expect([path, reply.status, reply.json()]).toEqual([path, 400, { message: 'Bad Request' }]);
    }
    const post = await callRaw(url, '/requests/%zz/cancel', { method: 'POST' });
    expect(post.status).toBe(400);

    const odd = [
      '/requests/%00',
      '/requests/%2e%2e',
      '/requests/..',
      `/requests/${'a'.repeat(4_000)}`,
      `/requests/${'a'.repeat(20_000)}`,
      '/nowhere/%zz',
      '//127.0.0.1/requests/x',
      '/requests/%E2%80%AE',
    ];
    for (const path of odd) {
      const reply = await callRaw(url, path, { headers: { accept: 'text/html' } });
      expect(reply.status, `${path.slice(0, 40)} → ${reply.status}`).toBeLessThan(500);
    }

    const services = await call(`${url}/services`);
    expect(services.status).toBe(200);
    expect(services.json().services.length).toBeGreaterThan(0);
  });

  it('answers ids too long for a table key, and query values that are not what they name, 4xx naming them', async () => {
    const { url } = local();
    const long = 'a'.repeat(2_100);
    const json = { headers: { accept: 'application/json' } };
    for (const [path, method] of [
      [`/services/${long}`, 'GET'],
      [`/requests/${long}/cancel`, 'POST'],
      [`/wall/wishes/${long}`, 'GET'],
    ] as const) {
      const reply = await callRaw(url, path, { ...json, method });
      expect([path.slice(0, 20), reply.status, reply.json().error?.fields]).toEqual([
        path.slice(0, 20),
        400,
        [{ field: path.startsWith('/services') ? 'code' : 'id', message: 'At most 200 characters' }],
      ]);
    }
    for (const within of ['a'.repeat(1_100), 'keda', '3709021']) {
      const reply = await callRaw(url, `/areas?within=${within}`, json);
      expect([reply.status, reply.json().error?.fields?.[0]?.field]).toEqual([400, 'within']);
    }
    for (const ids of ['3709,keda', Array.from({ length: 101 }, (_, i) => 370902003001 + i).join(',')]) {
      const reply = await callRaw(url, `/areas?ids=${ids}`, json);
      expect([reply.status, reply.json().error?.fields?.[0]?.field]).toEqual([400, 'ids']);
    }
    // A cursor that is not one of the wall's own is refused, naming it (it was a 500, then the top page).
    for (const after of ['A', 'AA', '_-_-'])
      expect([after, (await callRaw(url, `/wall/370902?after=${after}`)).status]).toEqual([after, 400]);
  });

  it('logs the path of a refused request without its query', async () => {
    const { url } = local();
    lines.length = 0;
    expect((await callRaw(url, '/requests/%zz?token=secret-token-value&sig=secret-signature')).status).toBe(400);
    expect(lines.some((line) => line.includes('/requests/%zz'))).toBe(true);
    expect(lines.join('\n')).not.toMatch(/token=|sig=|secret-/);
  });
});

describe('a failure inside the local server', () => {
  it('becomes a logged 500 without the query, and the server goes on serving', async () => {
    const logged: string[] = [];
    const spec = (path: string, auth?: 'admin'): FunctionSpec => ({
      entry: 'none.ts',
      timeoutSeconds: 1,
      memoryMb: 128,
      triggers: [{ kind: 'http', method: 'GET', path, ...(auth ? { auth } : {}) }],
    });
    const route = (path: string, result: object, auth?: 'admin'): LocalRoute => ({
      trigger: { kind: 'http', method: 'GET', path, ...(auth ? { auth } : {}) },
      fn: { name: path, spec: spec(path, auth), invoke: async () => result },
    });
    const routes = [
      route('/ok', { statusCode: 200, body: 'fine' }),
      // Node refuses to write this header: the answer fails after the function ran.
      route('/bad-header', { statusCode: 303, headers: { location: 'https://x.example/\n?token=secret' }, body: '' }),
      route('/admin', { statusCode: 200, body: 'never' }, 'admin'),
    ];
    const server = await startHttpServer(routes, 0, (source, message) => logged.push(`${source}: ${message}`), {
      adminClaims: () => {
        throw new Error('authorizer broke');
      },
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      for (const path of ['/bad-header?token=secret', '/admin?sig=secret']) {
        const reply = await callRaw(url, path);
        expect([path, reply.status, reply.json()]).toEqual([path, 500, { message: 'Internal Server Error' }]);
      }
      expect((await callRaw(url, '/ok')).text).toBe('fine');
      expect(logged.filter((line) => line.includes('/bad-header') || line.includes('/admin')).length).toBeGreaterThanOrEqual(2);
      expect(logged.join('\n')).not.toMatch(/token=|sig=|secret/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
