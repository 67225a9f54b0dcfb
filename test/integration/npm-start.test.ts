import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, postJson, validSubmission } from '../support/http';
import { javaGone, javaRunningOn, launch, printed, start } from '../support/local-process';

// `npm start` as a real process: what an admin sees, and what it leaves behind. Each start takes
// a cold JVM and the seed (up to a minute on a loaded machine), hence the timeouts per start.
const PER_START = 90_000;

describe('npm start', () => {
  it(
    'serves the form and the API, logs each step on one line, refuses a second start on its data, stops on Ctrl-C leaving no Java behind, and keeps --data-dir across a restart, seeding once',
    async () => {
      // One seeded start serves both checks (a start is the slow part of this file).
      const dir = mkdtempSync(join(tmpdir(), 'paidan-data-'));
      try {
        const app = await start(['--data-dir', dir]);
        expect(app.output()).toMatch(/demo data loaded: \d+ areas/);
        expect(javaRunningOn(app.dynamoPort)).toBe(true);
        expect((await call(`${app.url}/`)).status).toBe(200);
        const created = (await postJson(`${app.url}/requests`, validSubmission())).json();
        // The dispatch consumer logs after the reply, once it has polled the queue and offered the request.
        await printed(app, new RegExp(`dispatch-request: request offered .*requestId=${created.id} teamId=ruidi-repair`));
        const log = app.output();
        expect(log).toContain(`submit-request: request stored requestId=${created.id}`);
        expect(log).toContain(`submit-request: dispatch message queued requestId=${created.id}`);
        expect(log).toMatch(/http: POST \/requests → 201 \d+ms/);

        // A second start on the same data, on another port, would run beside this one.
        const twin = launch(['--port', '0', '--no-seed', '--data-dir', dir]);
        expect(await twin.exited).toBe(1);
        expect(twin.output()).toContain(`is in use by another npm start (pid ${app.child.pid})`);
        expect(twin.output()).not.toMatch(/\n\s+at /);

        app.child.kill('SIGINT');
        expect(await app.exited).toBe(0);
        expect(await javaGone(app.dynamoPort)).toBe(true);

        const second = await start(['--data-dir', dir]);
        expect(second.output()).toContain('demo data already present');
        const view = await call(`${second.url}/requests/${created.id}?token=${created.accessToken}`);
        expect(view.status).toBe(200);
        expect(view.json().trackingCode).toBe(created.trackingCode);
        second.child.kill('SIGTERM');
        expect(await second.exited).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true, maxRetries: 10 }); // Java may still be closing its files after a failed start
      }
    },
    2 * PER_START,
  );

  it(
    'leaves no Java behind even when killed with SIGKILL',
    async () => {
      const app = await start(['--no-seed']);
      app.child.kill('SIGKILL');
      await app.exited;
      expect(await javaGone(app.dynamoPort)).toBe(true);
    },
    PER_START,
  );

  it('says clearly when the port is taken, without a stack trace', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = String((blocker.address() as { port: number }).port);
    try {
      const app = launch(['--port', port, '--no-seed']);
      expect(await app.exited).toBe(1);
      expect(app.output()).toContain(`paidan: Port ${port} is already in use`);
      expect(app.output()).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  });
});
