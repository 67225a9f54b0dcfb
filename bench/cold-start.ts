/**
 * Cold start: each function bundled as `PaidanFunction` bundles it for Lambda (esbuild: ESM,
 * minified, target node20, platform node, main fields module,main, the createRequire banner,
 * the AWS SDK bundled in, a source map beside it), then imported in a fresh `node` process
 * with the function's environment and `--enable-source-maps` (as NODE_OPTIONS sets in
 * Lambda), `runs` times each. Reported: the bundle's size and the median import time, which
 * is the module-evaluation part of a Lambda cold start (the runtime's own start is not in it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import {
  EMAIL_TRANSPORT_ENV,
  environmentNames,
  functionNames,
  PUBLIC_URL_ENV,
  SMS_PROVIDER_ENV,
  STAFF_SIGN_IN_ENV,
  TABLE_NAME_ENV,
  topology,
  type FunctionSpec,
} from '#shared/topology/topology';
import { oidcClaimDefaults } from '#shared/http/staff-sign-in';
import { median } from './percentiles';

export interface ColdStart {
  readonly fn: string;
  readonly bytes: number;
  readonly importMs: number;
  readonly importRuns: number[];
  /** Why the bundle could not be imported, if it could not. */
  readonly error?: string;
}

const banner = "import { createRequire as __createRequire } from 'module'; const require = __createRequire(import.meta.url);";

function environment(spec: FunctionSpec): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    LOG_LEVEL: 'INFO',
    POWERTOOLS_SERVICE_NAME: 'bench',
  };
  // Deployed-like values for what the functions parse at cold start (the global regions' defaults:
  // SNS for SMS, SES for email, a Cognito-like staff sign-in); anything else empty.
  const deployed: Readonly<Record<string, string>> = {
    [TABLE_NAME_ENV]: 'paidan',
    [PUBLIC_URL_ENV]: 'https://api.example.invalid',
    [SMS_PROVIDER_ENV]: 'sns',
    [EMAIL_TRANSPORT_ENV]: 'ses',
    [STAFF_SIGN_IN_ENV]: JSON.stringify({
      issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_bench',
      clientId: 'bench',
      ...oidcClaimDefaults,
    }),
  };
  for (const name of environmentNames(spec)) {
    env[name] =
      deployed[name] ?? (/_(QUEUE|DLQ)_URL$/.test(name) ? `https://sqs.us-east-1.amazonaws.com/000000000000/${name.toLowerCase()}` : '');
  }
  return env;
}

const probe = 'const t = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t));';

export async function coldStarts(runs: number, progress: (line: string) => void = () => undefined): Promise<ColdStart[]> {
  const dir = mkdtempSync(join(tmpdir(), 'paidan-bundles-'));
  try {
    const started = performance.now();
    await build({
      entryPoints: Object.fromEntries(functionNames.map((fn) => [fn, topology.functions[fn].entry])),
      outdir: dir,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      minify: true,
      sourcemap: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      mainFields: ['module', 'main'],
      banner: { js: banner },
      logLevel: 'error',
    });
    progress(
      `cold start: ${functionNames.length} bundles built in ${((performance.now() - started) / 1000).toFixed(1)} s; importing each ${runs} times`,
    );
    const times = new Map<string, number[]>(functionNames.map((fn) => [fn, []]));
    const errors = new Map<string, string>();
    // Round after round rather than one function's runs in a row, so a slow moment spreads out.
    for (let round = 0; round < runs; round++) {
      for (const fn of functionNames.filter((f) => !errors.has(f))) {
        const file = join(dir, `${fn}.mjs`);
        const out = spawnSync(process.execPath, ['--enable-source-maps', '--no-warnings', '--input-type=module', '-e', probe, file], {
          env: environment(topology.functions[fn]),
          encoding: 'utf8',
        });
        const ms = Number(out.stdout);
        if (out.status !== 0 || !Number.isFinite(ms))
          errors.set(
            fn,
            out.stderr
              .trim()
              .split('\n')
              .find((l) => /Error/.test(l))
              ?.slice(0, 200) ?? `exit ${out.status}`,
          );
        else times.get(fn)!.push(ms);
      }
    }
    return functionNames.map((fn) => ({
      fn,
      bytes: statSync(join(dir, `${fn}.mjs`)).size,
      importMs: errors.has(fn) ? NaN : median(times.get(fn)!),
      importRuns: times.get(fn)!,
      ...(errors.has(fn) ? { error: errors.get(fn)! } : {}),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
