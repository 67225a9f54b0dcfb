/**
 * One `npm start` a data directory. A second one on the same `--data-dir` (another port, or
 * `PAIDAN_DATA_DIR` left exported) would run a second DynamoDB Local on the same files, a second
 * set of schedules and consumers beside the first, and revoke the first one's demo team token.
 * The lock is a file holding the owner's pid; one left by a stack that was killed is taken over.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirInUseError extends Error {}

const LOCK_FILE = '.paidan.lock';

/** Takes the directory (which exists) for this process; returns its release, which runs at exit too. */
export function lockDataDir(dir: string): () => void {
  const file = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      const release = () => {
        if (ownerOf(file) === process.pid) rmSync(file, { force: true });
        process.off('exit', release);
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = ownerOf(file);
      if (owner !== undefined && isRunning(owner))
        throw new DataDirInUseError(`${dir} is in use by another npm start (pid ${owner}); stop that one, or give another --data-dir`);
      rmSync(file, { force: true });
    }
  }
  throw new DataDirInUseError(`${dir} is being taken by another npm start at this moment; try again`);
}

function ownerOf(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
