/**
 * `npm run stack-trace -- --function <name> [--sms sns|aliyun|tencent] [--email ses|smtp|off]
 * [--map <index.mjs.map>] < trace.txt`: prints a stack trace from a function's logs with each
 * bundle position (`/var/task/index.mjs:1:23456`) mapped to its TypeScript file and line.
 * The functions run without `--enable-source-maps` (its cost is paid at every cold start), so
 * their logged stacks point into the minified bundle. Without `--map`, the function is bundled
 * again from this checkout (the same commit as the deployment gives the same bundle); with it,
 * the map from the deployment's asset in cdk.out is read.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { SourceMapPayload } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { functionNames, type FunctionName, topology } from '#shared/topology/topology';
import { BUNDLE_FILE, buildBundles, GLOBAL_DEFAULTS, mapBundleTrace } from '../infra/function-bundles';

const { values } = parseArgs({
  options: {
    function: { type: 'string' },
    map: { type: 'string' },
    sms: { type: 'string', default: GLOBAL_DEFAULTS.sms },
    email: { type: 'string', default: GLOBAL_DEFAULTS.email },
  },
});
const name = values.function as FunctionName | undefined;
if (!values.map && (!name || !functionNames.includes(name))) {
  process.stderr.write(`usage: npm run stack-trace -- --function <${functionNames.join('|')}> < trace.txt\n`);
  process.exit(2);
}

function readMap(): SourceMapPayload {
  if (values.map) return JSON.parse(readFileSync(values.map, 'utf8')) as SourceMapPayload;
  const dir = mkdtempSync(join(tmpdir(), 'paidan-trace-'));
  try {
    buildBundles(dir, { sms: values.sms!, email: values.email! }, { [name!]: topology.functions[name!] });
    return JSON.parse(readFileSync(join(dir, name!, `${BUNDLE_FILE}.map`), 'utf8')) as SourceMapPayload;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

process.stdout.write(mapBundleTrace(readFileSync(0, 'utf8'), readMap()));
