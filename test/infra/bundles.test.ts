import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionNames, topology } from '#shared/topology/topology';
import { CERTIFICATE_FONT } from '#shared/topology/data-files';
import { PaidanFunction } from '#infra/constructs/paidan-function';
import {
  BUNDLE_FILE,
  BUNDLE_LIMIT_BYTES,
  buildBundles,
  type FunctionBundle,
  GLOBAL_DEFAULTS,
  mapBundleTrace,
  REPO_ROOT,
} from '#infra/function-bundles';

// The bundles `cdk deploy` uploads; test/integration/bundled-stack.test.ts runs them.
const dir = mkdtempSync(join(tmpdir(), 'paidan-bundle-test-'));
let bundles: FunctionBundle[];
beforeAll(() => {
  bundles = buildBundles(dir, GLOBAL_DEFAULTS);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('function bundles', () => {
  it(`stay within ${BUNDLE_LIMIT_BYTES / 1024} KB each (minified, without the source map; bench/README has the figures)`, () => {
    expect(bundles.map((b) => b.name).sort()).toEqual([...functionNames].sort());
    const over = bundles.filter((b) => b.bytes > BUNDLE_LIMIT_BYTES).map((b) => `${b.name} ${Math.ceil(b.bytes / 1024)} KB`);
    expect(over).toEqual([]);
  });

  it("carry neither the SDK's full credential chain nor the providers and transports the deployment did not choose", () => {
    const inputs = new Set(bundles.flatMap((b) => Object.keys(b.inputs)));
    const packages = [...inputs].filter((i) => i.includes('node_modules/'));
    for (const left of [
      '@aws-sdk/credential-provider-node',
      '@aws-sdk/credential-provider-sso',
      '@aws-sdk/nested-clients',
      '@alicloud/',
      'tencentcloud-sdk-nodejs',
      'nodemailer',
      'undici',
    ])
      expect(
        packages.filter((p) => p.includes(`node_modules/${left}`)),
        left,
      ).toEqual([]);
    expect([...inputs]).toContain('infra/environment-credentials.ts');
  });

  it('lay out each function as Lambda unpacks it: the handler, its source map without sources, and its data files', () => {
    for (const b of bundles) {
      expect(readFileSync(join(b.dir, BUNDLE_FILE), 'utf8'), b.name).toMatch(/export\s*\{[^}]*\bhandler\b/);
      const map = JSON.parse(readFileSync(join(b.dir, `${BUNDLE_FILE}.map`), 'utf8')) as { sources: string[]; sourcesContent?: unknown };
      expect(map.sources.some((s) => s.endsWith(topology.functions[b.name as keyof typeof topology.functions].entry))).toBe(true);
      expect(map.sourcesContent).toBeUndefined();
    }
    const certificates = bundles.find((b) => b.name === 'admin-certificates')!;
    expect(existsSync(join(certificates.dir, CERTIFICATE_FONT.inBundle))).toBe(true);
  });

  it('keep errors readable offline: a logged position in a bundle maps back to its TypeScript line', () => {
    const built = bundles.find((b) => b.name === 'get-request')!;
    const lines = readFileSync(join(built.dir, BUNDLE_FILE), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('"x-access-token"'));
    const column = lines[line]!.indexOf('"x-access-token"');
    const logged = `Error: boom\n    at r (file:///var/task/${BUNDLE_FILE}:${line + 1}:${column + 1})\n    at run (file:///var/runtime/index.mjs:1173:29)`;
    const map = { [BUNDLE_FILE]: JSON.parse(readFileSync(join(built.dir, `${BUNDLE_FILE}.map`), 'utf8')) };
    const source = readFileSync(join(REPO_ROOT, 'shared/http/request-links.ts'), 'utf8').split('\n');
    const expectedLine = source.findIndex((l) => l.includes("'x-access-token'")) + 1;
    expect(mapBundleTrace(logged, map)).toMatch(
      new RegExp(
        `^Error: boom\\n    at r \\(shared/http/request-links\\.ts:${expectedLine}:\\d+\\)\\n    at run \\(file:///var/runtime/index\\.mjs:1173:29\\)$`,
      ),
    );
  });

  it('keep what a function loads on first use in files of their own, beside the handler, mapped as well', async () => {
    const notify = bundles.find((b) => b.name === 'send-notifications')!;
    const files = readdirSync(notify.dir).filter((f) => f.endsWith('.mjs'));
    // The SES email transport is read on the first email, not at every cold start.
    const lazy = files.filter((f) => f.startsWith('ses-email-sender-'));
    expect(lazy).toHaveLength(1);
    expect(notify.lazyBytes).toBeGreaterThan(0);
    expect(Object.keys(notify.inputs).filter((i) => i.includes('@aws-sdk/client-sesv2'))).toEqual([]);
    // Nor SNS: a cold start for a team's webhook never sends an SMS.
    expect(files.filter((f) => f.startsWith('sns-sms-sender-'))).toHaveLength(1);
    expect(Object.keys(notify.inputs).filter((i) => i.includes('@aws-sdk/client-sns'))).toEqual([]);
    for (const file of files) expect(existsSync(join(notify.dir, `${file}.map`)), file).toBe(true);
    const lines = readFileSync(join(notify.dir, lazy[0]!), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('email sending is not configured'));
    const column = lines[line]!.indexOf('email sending is not configured');
    const logged = `Error: boom\n    at s (file:///var/task/${lazy[0]}:${line + 1}:${column + 1})`;
    const maps = Object.fromEntries(files.map((f) => [f, JSON.parse(readFileSync(join(notify.dir, `${f}.map`), 'utf8'))]));
    expect(mapBundleTrace(logged, maps)).toMatch(/at s \(shared\/adapters\/notify\/ses-email-sender\.ts:\d+:\d+\)$/);
    // Everything else is built in one run, one file each.
    expect(readdirSync(bundles.find((b) => b.name === 'get-request')!.dir).filter((f) => f.endsWith('.mjs'))).toEqual([BUNDLE_FILE]);
  });

  it('load every file meant for first use from the function directory alone, as Lambda has it, in either partition', async () => {
    const mainland = mkdtempSync(join(tmpdir(), 'paidan-bundle-mainland-'));
    try {
      const [aliyun] = buildBundles(
        mainland,
        { sms: 'aliyun', email: 'smtp' },
        { 'send-notifications': topology.functions['send-notifications'] },
      );
      // The provider's SDK (CommonJS, `require` inside) is not read at a cold start.
      expect(Object.keys(aliyun!.inputs).filter((i) => i.includes('node_modules/@alicloud/'))).toEqual([]);
      expect(readdirSync(aliyun!.dir).some((f) => f.startsWith('aliyun-sms-sender-'))).toBe(true);
      const lazyFiles = [...bundles, aliyun!].flatMap((b) =>
        readdirSync(b.dir)
          .filter((f) => f.endsWith('.mjs') && f !== BUNDLE_FILE)
          .map((f) => join(b.dir, f)),
      );
      expect(lazyFiles.length).toBeGreaterThan(0);
      for (const file of lazyFiles) await expect(import(file), file).resolves.toBeDefined();
    } finally {
      rmSync(mainland, { recursive: true, force: true });
    }
  });

  it("are what the CDK function construct stages as each function's asset", () => {
    const outdir = mkdtempSync(join(tmpdir(), 'paidan-cdk-asset-'));
    try {
      const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
      const stack = new Stack(app, 'B');
      const staged = ['admin-certificates', 'get-request', 'send-notifications'] as const;
      for (const name of staged)
        new PaidanFunction(stack, name, {
          name,
          entry: topology.functions[name].entry,
          ...(name === 'admin-certificates' ? { dataFiles: [CERTIFICATE_FONT] } : {}),
          bundle: GLOBAL_DEFAULTS,
          timeout: Duration.seconds(5),
          memorySize: 256,
        });
      const template = app.synth().getStackByName('B').template as {
        Resources: Record<string, { Type: string; Properties: { Description: string }; Metadata?: Record<string, string> }>;
      };
      const functions = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
      for (const name of staged) {
        const fn = functions.find((r) => r.Properties.Description === `Paidan ${name}`)!;
        const asset = join(outdir, fn.Metadata!['aws:asset:path']!);
        const built = bundles.find((b) => b.name === name)!;
        expect(readdirSync(asset).sort(), name).toEqual(readdirSync(built.dir).sort());
        expect(readFileSync(join(asset, BUNDLE_FILE), 'utf8'), name).toBe(readFileSync(join(built.dir, BUNDLE_FILE), 'utf8'));
        expect(existsSync(join(asset, CERTIFICATE_FONT.inBundle)), name).toBe(name === 'admin-certificates');
      }
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
