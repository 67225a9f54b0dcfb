/**
 * What the child processes a test file started have written (`npm start` in a few tests), so the
 * file's personal-data check covers them too. Kept on globalThis: the setup file and the test
 * file must see one list whichever module instance they load.
 */
const childOutputs: (() => string)[] = ((globalThis as { __paidanChildOutputs?: (() => string)[] }).__paidanChildOutputs ??= []);

export function addChildOutput(read: () => string): void {
  childOutputs.push(read);
}

export function forgetChildOutputs(): void {
  childOutputs.length = 0;
}

export function childOutput(): string {
  return childOutputs.map((read) => read()).join('\n');
}

/** Everything this process writes to stdout and stderr from `start()` on, still passed through. */
export interface OutputTap {
  text(): string;
  stop(): void;
}

export function tapOutput(): OutputTap {
  let captured = '';
  const originals = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  const tap = (original: typeof process.stdout.write) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
  process.stdout.write = tap(originals.out);
  process.stderr.write = tap(originals.err);
  return {
    text: () => captured,
    stop: () => {
      process.stdout.write = originals.out;
      process.stderr.write = originals.err;
    },
  };
}
