/**
 * Runs the real DynamoDB Local (the jar shipped in the `amplify-dynamodb-simulator` package)
 * on Java. Java is started under a small shell guard that kills it when our stdin pipe closes,
 * so even a SIGKILLed parent leaves no Java process behind.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { lockDataDir } from './data-dir-lock';
import { waitForPort } from './ports';

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export class JavaMissingError extends Error {
  constructor() {
    super(
      'DynamoDB Local needs Java 17 or newer, and `java` was not found on PATH.\n' +
        '  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless\n' +
        '  macOS:         brew install openjdk@17',
    );
  }
}

function emulatorDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

export function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) throw new JavaMissingError();
}

export async function startDynamoDbLocal(options: { port: number; dataDir?: string }): Promise<DynamoDbLocal> {
  assertJava();
  const dir = emulatorDir();
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const unlock = dataDir ? lockDataDir(dataDir) : () => undefined;
  const storage = dataDir ? ['-sharedDb', '-dbPath', dataDir] : ['-inMemory'];
  const javaArgs = [
    '-Xms64m',
    '-Xmx512m',
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
    ...storage,
    '-port',
    String(options.port),
  ];
  // The guard: java runs in the background; when our end of stdin closes (we exit, however we
  // exit), `read` returns and the guard kills java.
  const guard = `java "$@" </dev/null & pid=$!; trap 'kill $pid 2>/dev/null' TERM INT; read _ ; kill $pid 2>/dev/null; wait $pid`;
  const child: ChildProcess = spawn('sh', ['-c', guard, 'dynamodb-local', ...javaArgs], {
    stdio: ['pipe', 'ignore', 'pipe'],
    // DynamoDB Local writes a metadata file into its working directory; keep it out of the repo.
    cwd: dataDir ?? tmpdir(),
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  try {
    await waitForPort(options.port, 20_000, () => child.exitCode !== null);
  } catch (error) {
    child.kill('SIGTERM');
    unlock();
    throw new Error(`DynamoDB Local did not start on port ${options.port}: ${stderr.trim() || (error as Error).message}`);
  }
  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    pid: child.pid!,
    stop: async () => {
      child.stdin?.end();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      unlock();
    },
  };
}
