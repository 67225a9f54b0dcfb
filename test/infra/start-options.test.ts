import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** `npm start` given an option it does not know, or `--help`: the options, and no stack started. */
function start(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
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

describe('npm start options', () => {
  it('names an unknown option, lists the options and exits 2, without a stack trace', async () => {
    const run = await start(['--prot', '3001']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^paidan: Unknown option '--prot'/);
    expect(run.stderr).toContain('--port N       (PAIDAN_PORT)');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  });

  it('prints the options for --help and exits 0 without starting anything', async () => {
    const run = await start(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: npm start -- \[options\]/);
    expect(run.stdout).toContain('--data-dir D');
    expect(run.stdout).not.toContain('paidan is running');
  });
});
