import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm run admin-user` run as an operator runs it, against a local stand-in for Cognito's JSON
 * API (the script's own SDK client, pointed at it by `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER`).
 */
interface Call {
  readonly action: string;
  readonly body: Record<string, unknown>;
}

let server: Server;
let endpoint: string;
const calls: Call[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    request.on('end', () => {
      const action =
        String(request.headers['x-amz-target'] ?? '')
          .split('.')
          .pop() ?? '';
      const body = JSON.parse(text || '{}') as Record<string, unknown>;
      calls.push({ action, body });
      const answer = action === 'AdminCreateUser' ? { User: { Username: body.Username } } : {};
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function adminUser(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/admin-user.ts', ...args], {
      env: {
        ...process.env,
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoint,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_PROFILE: '',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run admin-user', () => {
  it("creates a city's center admin, limited to the city by its area attribute", async () => {
    calls.length = 0;
    const run = await adminUser(['--pool', 'eu-west-1_AbC123xyz', '--email', 'taian@example.org', '--role', 'center', '--area', '3709']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Created taian@example\.org as center-admin of 3709/);
    const created = calls.find((call) => call.action === 'AdminCreateUser');
    expect(created?.body.UserAttributes).toContainEqual({ Name: 'custom:areaId', Value: '3709' });
    expect(calls.find((call) => call.action === 'AdminAddUserToGroup')?.body).toMatchObject({ GroupName: 'center-admin' });
  });

  it('still requires an area for station staff, and refuses one that is no division code', async () => {
    calls.length = 0;
    const missing = await adminUser(['--pool', 'eu-west-1_AbC123xyz', '--email', 'keda@example.org', '--role', 'station']);
    expect(missing.code).toBe(2);
    const malformed = await adminUser([
      '--pool',
      'eu-west-1_AbC123xyz',
      '--email',
      'keda@example.org',
      '--role',
      'station',
      '--area',
      '37.09',
    ]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/division code/);
    expect(calls).toEqual([]);
  });
});
