/**
 * `npm run stack-trace -- --function <name> [--sms sns|aliyun|tencent] [--email ses|smtp|off]
 * [--asset <the function's asset directory>] < trace.txt`: prints a stack trace from a
 * function's logs with each bundle position (`/var/task/index.mjs:1:23456`, or in a file the
 * function loads on first use) mapped to its TypeScript file and line. The functions run
 * without `--enable-source-maps` (its cost is paid at every cold start), so their logged stacks
 * point into the minified bundle. Without `--asset`, the function is bundled again from this
 * checkout (the same commit as the deployment gives the same bundle); with it, the maps of the
 * deployment's asset in cdk.out are read.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { SourceMapPayload } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { functionNames, type FunctionName, topology } from '#shared/topology/topology';
import { buildBundles, GLOBAL_DEFAULTS, mapBundleTrace } from '../infra/function-bundles';

const { values } = parseArgs({
  options: {
    function: { type: 'string' },
    asset: { type: 'string' },
    sms: { type: 'string', default: GLOBAL_DEFAULTS.sms },
    email: { type: 'string', default: GLOBAL_DEFAULTS.email },
  },
});
const name = values.function as FunctionName | undefined;
if (!values.asset && (!name || !functionNames.includes(name))) {
  process.stderr.write(`usage: npm run stack-trace -- --function <${functionNames.join('|')}> < trace.txt\n`);
  process.exit(2);
}

/** Each `.mjs` file's map in a function's directory, by the file's name. */
function mapsIn(dir: string): Record<string, SourceMapPayload> {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((file) => file.endsWith('.mjs.map'))
      .map((file) => [file.slice(0, -'.map'.length), JSON.parse(readFileSync(join(dir, file), 'utf8')) as SourceMapPayload]),
  );
}

function readMaps(): Record<string, SourceMapPayload> {
  if (values.asset) return mapsIn(values.asset);
  const dir = mkdtempSync(join(tmpdir(), 'paidan-trace-'));
  try {
    const [bundle] = buildBundles(dir, { sms: values.sms!, email: values.email! }, { [name!]: topology.functions[name!] });
    return mapsIn(bundle!.dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

process.stdout.write(mapBundleTrace(readFileSync(0, 'utf8'), readMaps()));
