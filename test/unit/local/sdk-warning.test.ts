import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Three fresh copies of the SDK's client core in one Node 20 process, as `npm start -- --bundles`
 * loads one per function: each would print the Node-version warning.
 */
function warningsFromThreeSdkCopies(once: boolean): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'paidan-sdk-warning-'));
  const script = join(dir, 'three-copies.mjs');
  writeFileSync(
    script,
    `import { createRequire } from 'node:module';
import { sdkNodeWarningOnce } from ${JSON.stringify(resolve('infra/local/sdk-warning.ts'))};
if (${once}) sdkNodeWarningOnce();
const require = createRequire(${JSON.stringify(resolve('package.json'))});
const id = require.resolve('@aws-sdk/core/client');
for (let i = 0; i < 3; i++) {
  delete require.cache[id];
  require(id).emitWarningIfUnsupportedVersion('v20.0.0');
  await new Promise((r) => setImmediate(r));
}
`,
  );
  return new Promise((done, reject) => {
    const env = { ...process.env };
    delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    const child = spawn(process.execPath, ['--import', 'tsx', script], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', () => done(stderr));
  });
}

const count = (text: string) => text.split('NodeVersionSupportWarning').length - 1;

describe('sdkNodeWarningOnce', () => {
  it('lets the SDK print its Node-version warning once, however many copies of the SDK load', async () => {
    expect(count(await warningsFromThreeSdkCopies(false))).toBe(3);
    expect(count(await warningsFromThreeSdkCopies(true))).toBe(1);
  });
});
