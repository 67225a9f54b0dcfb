/**
 * `-c logLevel` and `-c tracing` as an admin types them: a level in lower case works, and a value
 * Powertools or the stack would silently read as the default is refused in one sentence.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
const build = (context: Record<string, unknown>) => buildApp({ context: { ...NO_BUNDLING, ...context }, nag: false }).stack;

/** Each function's LOG_LEVEL and X-Ray mode, deduplicated. */
function functionSettings(context: Record<string, unknown>): { logLevels: string[]; tracing: string[] } {
  const functions = Object.values(Template.fromStack(build(context)).findResources('AWS::Lambda::Function')) as Array<{
    Properties: { Environment?: { Variables?: Record<string, string> }; TracingConfig?: { Mode: string } };
  }>;
  return {
    logLevels: [...new Set(functions.map((f) => f.Properties.Environment?.Variables?.LOG_LEVEL ?? 'none'))],
    tracing: [...new Set(functions.map((f) => f.Properties.TracingConfig?.Mode ?? 'none'))],
  };
}

describe('-c logLevel', () => {
  it('takes a level in any case and gives every function the upper-case name Powertools reads', () => {
    expect(functionSettings({ logLevel: 'debug' }).logLevels).toEqual(['DEBUG']);
    expect(functionSettings({}).logLevels).toEqual(['INFO']);
  });

  it.each(['LOUD', 'verbose', 'INFO '])('refuses %j, naming the levels', (logLevel) => {
    expect(() => build({ logLevel })).toThrow(
      `Context option logLevel must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT (any case), got ${JSON.stringify(logLevel)}.`,
    );
  });
});

describe('-c tracing', () => {
  it('turns X-Ray on with true and leaves it off with false', () => {
    expect(functionSettings({ tracing: 'true' }).tracing).toEqual(['Active']);
    expect(functionSettings({ tracing: 'false' }).tracing).not.toContain('Active');
  });

  it.each(['yes', 'on', 'TRUE'])('refuses %j instead of leaving tracing silently off', (tracing) => {
    expect(() => build({ tracing })).toThrow(`Context option tracing must be true or false, got ${JSON.stringify(tracing)}.`);
  });
});
