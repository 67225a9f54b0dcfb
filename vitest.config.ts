import { defineConfig } from 'vitest/config';

// Four projects: unit tests (no servers), integration tests (each file starts the local
// stack: local-aws-sqs and the functions, with a table of its own on the run's one DynamoDB
// Local, started by the global setup), infra tests (CDK synthesis and assertions), and
// browser tests (the local stack driven through Debian's headless Chromium).
export default defineConfig({
  test: {
    // The local stack's bundles (`bundled: true`) are imported by Node itself, as Lambda imports
    // them, not transformed by the test runner.
    server: { deps: { external: [/\/paidan-local-bundles-[^/]+\//] } },
    reporters: ['default', './test/support/closing-line-reporter.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          setupFiles: ['test/support/log-tap.ts'],
          globalSetup: ['test/support/dynamodb-global.ts'],
          // Generous: a timeout only costs time when a test fails, and a loaded CI machine waits
          // on consumers (eventually: 30 s; dead-letter waits: 90 s).
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file runs its own stack and consumers; two cores run them best one after another.
          fileParallelism: false,
          // One worker for every file, its module cache kept (each file's stack imports its
          // functions afresh, see infra/local/lambda-runtime.ts): the app is transformed once, not
          // once per file. After the unit and infra files, before the browser ones.
          isolate: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          setupFiles: ['test/support/log-tap.ts'],
          globalSetup: ['test/support/dynamodb-global.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One at a time, like the integration files (each runs its own stack and a browser).
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
      { extends: true, test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 } },
    ],
  },
});
