/**
 * The statistics section in a process of its own: a fresh local stack (its own DynamoDB Local and
 * its own copies of the functions' modules, so nothing the other sections wrote is in the table
 * and the admin-stats function's client points at this stack). Started by `statsReadInChild`;
 * receives the options, sends back the result.
 */
import { fork } from 'node:child_process';
import { statsRead, type StatsReadOptions, type StatsReadResult } from './stats-read';

/** Runs `statsRead` in a child process; its progress lines go to this process's stderr. */
export function statsReadInChild(options: StatsReadOptions): Promise<StatsReadResult> {
  const child = fork(new URL(import.meta.url), ['--stats-read-child'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { result?: StatsReadResult; error?: string }) =>
      m.result ? resolve(m.result) : reject(new Error(`stats section failed: ${m.error}`)),
    );
    child.once('exit', (code) => reject(new Error(`stats section exited (${code}) without a result`)));
    child.send({ options });
  });
}

if (process.argv.includes('--stats-read-child') && process.send) {
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  delete process.env.POWERTOOLS_SERVICE_NAME;
  process.once('message', async ({ options }: { options: StatsReadOptions }) => {
    const progress = (line: string) => process.stderr.write(`… ${line}\n`);
    try {
      const result = await statsRead(options, progress);
      process.send!({ result }, () => process.exit(0));
    } catch (error) {
      process.send!({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () => process.exit(1));
    }
  });
}
