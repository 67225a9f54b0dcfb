/** `npm start` as a real child process, for tests of what it prints, keeps and leaves behind. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll } from 'vitest';
import { addChildOutput } from './output-tap';

export interface Launched {
  readonly child: ChildProcess;
  output(): string;
  readonly exited: Promise<number | null>;
}

export interface Started extends Launched {
  readonly url: string;
  readonly dynamoPort: string;
  /** The center admin token it printed. */
  readonly adminToken: string;
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

export function launch(args: string[]): Launched {
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts', ...args], {
    cwd: process.cwd(),
    env: { ...process.env, LOG_FORMAT: 'pretty' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let text = '';
  child.stdout!.on('data', (c: Buffer) => (text += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (text += c.toString()));
  addChildOutput(() => text);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

export async function start(args: string[]): Promise<Started> {
  const launched = launch(['--port', '0', ...args]);
  // A cold JVM, table and queue creation and the demo seed: seconds when idle, tens of seconds on a loaded CI machine.
  const deadline = Date.now() + 60_000;
  while (!/Press Ctrl-C/.test(launched.output())) {
    if (Date.now() > deadline || launched.child.exitCode !== null) throw new Error(`npm start did not come up:\n${launched.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const text = launched.output();
  return {
    ...launched,
    url: /Resident form\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(text)![1]!,
    dynamoPort: /DynamoDB Local\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(text)![1]!,
    adminToken: /Admin tokens\s+center (\S+)/.exec(text)![1]!,
  };
}

/**
 * Waits until the child has printed a line matching `pattern` (work it does after answering, such
 * as a queue consumer's, is logged later, and a cold JVM on a loaded machine takes seconds).
 */
export async function printed(launched: Launched, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = launched
      .output()
      .split('\n')
      .find((l) => pattern.test(l));
    if (line !== undefined) return line;
    if (Date.now() > deadline || launched.child.exitCode !== null)
      throw new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${launched.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const javaRunningOn = (port: string) => spawnSync('pgrep', ['-f', `DynamoDBLocal.jar.*-port ${port}$`]).status === 0;

/**
 * Whether the Java on `port` is gone within `timeoutMs`. Its guard stops it when `npm start`
 * exits however it exits, but a JVM on a loaded machine may take seconds to go.
 */
export async function javaGone(port: string, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (javaRunningOn(port)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}
