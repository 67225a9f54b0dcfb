/**
 * Cold start: every function bundled by `buildBundles` (infra/function-bundles.ts, the recipe
 * `cdk deploy` uploads; the global regions' defaults: SMS by SNS, email by SES), then imported in
 * a fresh `node` process with the function's environment, `runs` times each. Reported: the
 * bundle's size, its largest parts, and the median import time, which is the module-evaluation
 * part of a Lambda cold start (the runtime's own start is not in it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { BUNDLE_FILE, buildBundles, GLOBAL_DEFAULTS, inputGroup } from '../infra/function-bundles';
import { median } from './percentiles';

/** Issue 15's goals for every function. */
export const GOAL_BUNDLE_BYTES = 120 * 1024;
export const GOAL_IMPORT_MS = 60;

export interface ColdStart {
  readonly fn: string;
  /** What a cold start loads (`FunctionBundle.bytes`). */
  readonly bytes: number;
  /** Files loaded on first use only (`FunctionBundle.lazyBytes`). */
  readonly lazyBytes: number;
  /** The three largest parts (a package, or one of our folders) and their bytes. */
  readonly largest: ReadonlyArray<readonly [string, number]>;
  readonly importMs: number;
  readonly importRuns: number[];
  /** Why the bundle could not be imported, if it could not. */
  readonly error?: string;
}

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

/** Every function's cold start, or only those named in `only`. */
export async function coldStarts(
  runs: number,
  progress: (line: string) => void = () => undefined,
  only: readonly string[] = functionNames,
): Promise<ColdStart[]> {
  const dir = mkdtempSync(join(tmpdir(), 'paidan-bundles-'));
  const names = functionNames.filter((fn) => only.includes(fn));
  try {
    const started = performance.now();
    const bundles = buildBundles(dir, GLOBAL_DEFAULTS, Object.fromEntries(names.map((fn) => [fn, topology.functions[fn]])));
    progress(
      `cold start: ${bundles.length} bundles built in ${((performance.now() - started) / 1000).toFixed(1)} s; importing each ${runs} times`,
    );
    const times = new Map<string, number[]>(names.map((fn) => [fn, []]));
    const errors = new Map<string, string>();
    // Round after round rather than one function's runs in a row, so a slow moment spreads out.
    for (let round = 0; round < runs; round++) {
      for (const fn of names.filter((f) => !errors.has(f))) {
        const file = join(dir, fn, BUNDLE_FILE);
        const out = spawnSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', probe, file], {
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
    return bundles.map(({ name: fn, bytes, lazyBytes, inputs }) => ({
      fn,
      bytes,
      lazyBytes,
      largest: largestParts(inputs),
      importMs: errors.has(fn) ? NaN : median(times.get(fn)!),
      importRuns: times.get(fn)!,
      ...(errors.has(fn) ? { error: errors.get(fn)! } : {}),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function largestParts(inputs: Readonly<Record<string, number>>): Array<readonly [string, number]> {
  const parts = new Map<string, number>();
  for (const [input, bytes] of Object.entries(inputs)) parts.set(inputGroup(input), (parts.get(inputGroup(input)) ?? 0) + bytes);
  return [...parts].sort((a, b) => b[1] - a[1]).slice(0, 3);
}
