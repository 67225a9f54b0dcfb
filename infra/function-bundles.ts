/**
 * The one esbuild recipe of every function: what `cdk deploy` uploads (`PaidanFunction`), what
 * `npm run bench` measures, what `npm start -- --bundles` runs and what the bundle tests check.
 * One directory per function, laid out as Lambda unpacks it: `index.mjs` (the handler
 * `index.handler`), its source map and the function's data files; a function whose own code
 * loads a part on first use (a dynamic `import()`: an email transport, a provider's SDK) is built
 * on its own with esbuild's code splitting, so that part is a file of its own beside `index.mjs`,
 * read when first needed rather than at every cold start.
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, buildSync, type Metafile } from 'esbuild';
import { type FunctionSpec, topology } from '#shared/topology/topology';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BUNDLE_FILE = 'index.mjs';
export const BUNDLE_HANDLER = 'index.handler';

/**
 * The most a function's cold start may load (`FunctionBundle.bytes`: minified, without source
 * maps, data files and files loaded on first use apart): `test/infra/bundles.test.ts` fails past
 * it. Today's largest is complete-request, 525 KB (2026-12-07, later: 511 KB before the
 * resident's name masked in a team's free text, the reported hours on its page, the words for a
 * teammate's late decline and for data removed after the retention period; 467 KB before its
 * refusals became the offer page in the team console's words, which brings the console's error
 * words and texts, 27 KB, and credits priced by the rules kept at completion, the credit ledger,
 * 12 KB), plus a little; raised from 448,
 * 456, 464, 472, 488, 500 and 520 KB as its pages grew; lower it as bundles shrink. Keeping it under by loading more of a function on first
 * use is no gain when it splits the cold start into more files: volunteer-self's registration and
 * certificate pages apart took it to 436 KB in 11 files and 4 ms longer to import (interleaved
 * imports, 2026-12-06). Issue 15's goal is 120 KB; docs/ARCHITECTURE.md ("Bundles and cold
 * starts") says why no function with a table is there (the AWS SDK's DynamoDB client with the
 * document client is about 190 KB minified before any of our code, and the runtime's own SDK
 * imports three times slower).
 */
export const BUNDLE_LIMIT_BYTES = 536 * 1024;

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
  /** What a cold start loads, minified, without source maps: `index.mjs` and the files it imports. */
  readonly bytes: number;
  /** The files loaded on first use only (a dynamic `import()`); 0 for most functions. */
  readonly lazyBytes: number;
  /** The bytes each input (a package or one of our files) contributes to what a cold start loads. */
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

/**
 * Builds each function (all of the topology's by default) into `outdir/<name>/`: all in one esbuild
 * run, then each that loads a part on first use again, alone, with code splitting.
 */
export function buildBundles(
  outdir: string,
  choices: BundleChoices,
  functions: Readonly<Record<string, BundleSource>> = topology.functions,
): FunctionBundle[] {
  // Every function in one run (fast: the sources are parsed once); those with parts loaded on
  // first use again, each in a run of its own with code splitting, whose files stay in its directory.
  const all = buildSync({
    ...options(choices),
    entryPoints: Object.fromEntries(Object.entries(functions).map(([name, f]) => [`${name}/index`, f.entry])),
    outdir,
  }).metafile!;
  return Object.entries(functions).map(([name, f]) => {
    const dir = join(outdir, name);
    let metafile = all;
    if (loadsOnFirstUse(all, name)) {
      rmSync(dir, { recursive: true, force: true });
      metafile = buildSync({ ...options(choices), splitting: true, entryPoints: { index: f.entry }, outdir: dir }).metafile!;
    }
    for (const file of f.dataFiles ?? []) {
      mkdirSync(dirname(join(dir, file.inBundle)), { recursive: true });
      copyFileSync(join(REPO_ROOT, file.source), join(dir, file.inBundle));
    }
    const { loaded, lazyBytes } = filesOf(metafile, name);
    const inputs: Record<string, number> = {};
    for (const output of loaded)
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) inputs[input] = (inputs[input] ?? 0) + bytesInOutput;
    return { name, dir, bytes: loaded.reduce((n, o) => n + o.bytes, 0), lazyBytes, inputs };
  });
}

/** Whether the function's own code (not a package's) imports a module of ours on first use. */
function loadsOnFirstUse(metafile: Metafile, name: string): boolean {
  return Object.keys(entryOf(metafile, name)[1].inputs).some(
    (input) =>
      !input.includes('node_modules/') && (metafile.inputs[input]?.imports ?? []).some((i) => i.kind === 'dynamic-import' && !i.external),
  );
}

/** The function's `index.mjs` and the files it imports statically (what a cold start reads), and the bytes of the rest. */
function filesOf(metafile: Metafile, name: string): { loaded: Array<Metafile['outputs'][string]>; lazyBytes: number } {
  const [entryPath, entry] = entryOf(metafile, name);
  const folder = entryPath.slice(0, entryPath.length - BUNDLE_FILE.length);
  const loaded = new Map([[entryPath, entry]]);
  for (const [, output] of loaded)
    for (const i of output.imports)
      if (i.kind === 'import-statement' && !i.external && metafile.outputs[i.path]) loaded.set(i.path, metafile.outputs[i.path]!);
  const lazyBytes = Object.entries(metafile.outputs)
    .filter(([path]) => path.startsWith(folder) && path.endsWith('.mjs') && !loaded.has(path))
    .reduce((n, [, o]) => n + o.bytes, 0);
  return { loaded: [...loaded.values()], lazyBytes };
}

function entryOf(metafile: Metafile, name: string): [string, Metafile['outputs'][string]] {
  const entry = Object.entries(metafile.outputs).find(([path]) => path.endsWith(`${name}/${BUNDLE_FILE}`));
  if (!entry) throw new Error(`esbuild wrote no ${name}/${BUNDLE_FILE}`);
  return entry;
}

/** The package (or our own top folder) an input belongs to, for size breakdowns. */
export function inputGroup(input: string): string {
  const pkg = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  return pkg ? pkg[1]! : input.split('/').slice(0, 2).join('/');
}

/**
 * A stack trace from a function's logs with each bundle position (`/var/task/index.mjs:1:23456`,
 * or in a file loaded on first use) replaced by the TypeScript file, line and column its map
 * gives it (`npm run stack-trace`; `maps` by file name, `index.mjs` and any other); the
 * runtime's own frames (/var/runtime) are left as they are.
 */
export function mapBundleTrace(trace: string, maps: Readonly<Record<string, SourceMapPayload>>): string {
  const parsed = new Map(Object.entries(maps).map(([file, payload]) => [file, new SourceMap(payload)]));
  return trace.replace(/(?:file:\/\/)?\/var\/task\/([\w.-]+\.mjs):(\d+):(\d+)/g, (whole, file: string, line: string, column: string) => {
    const map = parsed.get(file);
    if (!map) return whole;
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
