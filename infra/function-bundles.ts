/**
 * The one esbuild recipe of every function: what `cdk deploy` uploads (`PaidanFunction`), what
 * `npm run bench` measures, what `npm start -- --bundles` runs and what the bundle tests check.
 * One directory per function, laid out as Lambda unpacks it: `index.mjs` (the handler
 * `index.handler`), its source map and the function's data files.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, buildSync, type Metafile } from 'esbuild';
import { type FunctionSpec, topology } from '#shared/topology/topology';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BUNDLE_FILE = 'index.mjs';
export const BUNDLE_HANDLER = 'index.handler';

/**
 * The largest bundle any function may have, minified, without its source map (data files apart):
 * `test/infra/bundles.test.ts` fails past it. Today's largest (send-notifications) plus a little;
 * lower it as bundles shrink. Issue 15's goal is 120 KB; docs/ARCHITECTURE.md ("Bundles and cold
 * starts") says why no function with a table is there yet (the AWS SDK's DynamoDB client with the
 * document client is about 190 KB minified before any of our code).
 */
export const BUNDLE_LIMIT_BYTES = 560 * 1024;

/** The deployment's choices written into the bundles, so other providers' code is left out. */
export interface BundleChoices {
  /** `sns`, `aliyun` or `tencent` (`SmsSetting.provider`). */
  readonly sms: string;
  /** `ses`, `smtp` or `off` (`EmailSetting.transport`). */
  readonly email: string;
}

/** What a `cdk deploy` without notification options bundles (the global regions). */
export const GLOBAL_DEFAULTS: BundleChoices = { sms: 'sns', email: 'ses' };

export interface FunctionBundle {
  readonly name: string;
  /** The function's directory (its asset). */
  readonly dir: string;
  /** `index.mjs`, minified, without the source map. */
  readonly bytes: number;
  /** The bytes each input (a package or one of our files) contributes. */
  readonly inputs: Readonly<Record<string, number>>;
}

function options(choices: BundleChoices): BuildOptions {
  return {
    absWorkingDir: REPO_ROOT,
    bundle: true,
    minify: true,
    // Mapped offline (`npm run stack-trace`), not at every cold start: no `--enable-source-maps`.
    sourcemap: true,
    sourcesContent: false,
    format: 'esm',
    platform: 'node',
    // Node 20 syntax: the same bundle also runs in the local stack on this machine's Node 20.
    target: 'node20',
    mainFields: ['module', 'main'],
    outExtension: { '.js': '.mjs' },
    // ESM output has no `require`; CommonJS dependencies bundled inside still call it.
    banner: { js: "import { createRequire as __createRequire } from 'module'; const require = __createRequire(import.meta.url);" },
    // The SDK versions the tests ran against are bundled, not whatever the runtime carries; its
    // credential chain is cut to the environment, where Lambda puts a function's credentials, and
    // two parts only a path never taken imports are left out.
    alias: {
      '@aws-sdk/credential-provider-node': './infra/environment-credentials.ts',
      '@smithy/core/event-streams': './infra/absent-sdk-parts.ts',
      bowser: './infra/absent-sdk-parts.ts',
    },
    // Only the chosen SMS provider's and email transport's code (shared/wiring/notification-adapters.ts).
    define: {
      'process.env.PAIDAN_BUNDLED_SMS': JSON.stringify(choices.sms),
      'process.env.PAIDAN_BUNDLED_EMAIL': JSON.stringify(choices.email),
    },
    metafile: true,
    logLevel: 'error',
  };
}

/** What a bundle is made of: the entry and the data files beside it. */
export type BundleSource = Pick<FunctionSpec, 'entry' | 'dataFiles'>;

/** Builds each function (all of the topology's by default) into `outdir/<name>/`, in one esbuild run. */
export function buildBundles(
  outdir: string,
  choices: BundleChoices,
  functions: Readonly<Record<string, BundleSource>> = topology.functions,
): FunctionBundle[] {
  const result = buildSync({
    ...options(choices),
    entryPoints: Object.fromEntries(Object.entries(functions).map(([name, f]) => [`${name}/index`, f.entry])),
    outdir,
  });
  return Object.entries(functions).map(([name, f]) => {
    const dir = join(outdir, name);
    for (const file of f.dataFiles ?? []) {
      mkdirSync(dirname(join(dir, file.inBundle)), { recursive: true });
      copyFileSync(join(REPO_ROOT, file.source), join(dir, file.inBundle));
    }
    const output = outputOf(result.metafile!, name);
    return {
      name,
      dir,
      bytes: output.bytes,
      inputs: Object.fromEntries(Object.entries(output.inputs).map(([input, { bytesInOutput }]) => [input, bytesInOutput])),
    };
  });
}

function outputOf(metafile: Metafile, name: string): Metafile['outputs'][string] {
  const entry = Object.entries(metafile.outputs).find(([path]) => path.endsWith(`${name}/${BUNDLE_FILE}`));
  if (!entry) throw new Error(`esbuild wrote no ${name}/${BUNDLE_FILE}`);
  return entry[1];
}

/** The package (or our own top folder) an input belongs to, for size breakdowns. */
export function inputGroup(input: string): string {
  const pkg = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  return pkg ? pkg[1]! : input.split('/').slice(0, 2).join('/');
}

/**
 * A stack trace from a function's logs with each bundle position (`/var/task/index.mjs:1:23456`)
 * replaced by the TypeScript file, line and column `map` gives it (`npm run stack-trace`); the
 * runtime's own frames (/var/runtime) are left as they are.
 */
export function mapBundleTrace(trace: string, payload: SourceMapPayload): string {
  const map = new SourceMap(payload);
  const position = new RegExp(`(?:file://)?/var/task/${BUNDLE_FILE.replace('.', '\\.')}:(\\d+):(\\d+)`, 'g');
  return trace.replace(position, (whole, line: string, column: string) => {
    const entry = map.findEntry(Number(line) - 1, Number(column) - 1) as {
      originalSource?: string;
      originalLine?: number;
      originalColumn?: number;
    };
    if (!entry.originalSource) return whole;
    // As the repository names it, wherever the bundle was built (a temporary directory).
    const source = entry.originalSource.match(/(?:^|\/)((?:functions|shared|infra|node_modules)\/.*)$/)?.[1] ?? entry.originalSource;
    return `${source}:${entry.originalLine! + 1}:${entry.originalColumn! + 1}`;
  });
}
