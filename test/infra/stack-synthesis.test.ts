/**
 * The whole stack synthesized as `cdk deploy` does, cdk-nag and the Control Tower rules
 * (cfn-guard) included: about half a minute each, so in a file of its own, which runs beside
 * the other infra files (stack.test.ts holds the template's assertions).
 */
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';

// Skips esbuild: the checks read the template, not the bundles.
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

describe('synthesis with every check', () => {
  it.each([{}, { emailFrom: 'notices@example.org', tracing: 'true', signInDomainPrefix: 'paidan-3709' }])(
    'passes cdk-nag AwsSolutions with every finding fixed or acknowledged (context %j)',
    (context) => {
      const { app } = buildApp({ context: { ...NO_BUNDLING, ...context } });
      const report = new AwsSolutionsChecks(app).validateScope(app);
      expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
      // Synthesis runs cdk-nag and the Control Tower rules (cfn-guard): tens of seconds on a loaded machine.
      expect(() => app.synth()).not.toThrow();
    },
  );
});
