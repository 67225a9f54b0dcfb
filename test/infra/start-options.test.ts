import { describe, expect, it } from 'vitest';
import { launch } from '../support/local-process';

/** `npm start` given an option it does not know, or `--help`: the options, and no stack started. */
async function start(args: string[]): Promise<{ code: number | null; output: string }> {
  const launched = launch(args);
  const code = await launched.exited;
  return { code, output: launched.output() };
}

describe('npm start options', () => {
  it('names an unknown option, lists the options and exits 2, without a stack trace', async () => {
    const run = await start(['--prot', '3001']);
    expect(run.code).toBe(2);
    expect(run.output).toMatch(/^paidan: Unknown option '--prot'/);
    expect(run.output).toContain('--port N       (PAIDAN_PORT)');
    expect(run.output).not.toMatch(/\n\s+at /);
  });

  it('prints the options for --help and exits 0 without starting anything', async () => {
    const run = await start(['--help']);
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/^usage: npm start -- \[options\]/);
    expect(run.output).toContain('--data-dir D');
    expect(run.output).not.toContain('paidan is running');
  });
});
