/** The retention period of residents' personal data (`-c retentionDays`): checked, and given to the function that applies it. */
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { FUNCTION_TAG } from '../../infra/resource-tags';
import { RETENTION_DAYS_ENV } from '#shared/topology/topology';

type Resource = { Type: string; Properties: Record<string, any> };
const retentionDaysOfStack = (context: Record<string, unknown>) => {
  const t = Template.fromStack(buildApp({ context: { 'aws:cdk:bundling-stacks': [], ...context }, nag: false }).stack).toJSON() as {
    Resources: Record<string, Resource>;
  };
  const functions = Object.values(t.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
  const given = functions.filter((r) => r.Properties.Environment?.Variables?.[RETENTION_DAYS_ENV] !== undefined);
  return given.map((r) => [
    r.Properties.Tags.find((tag: { Key: string }) => tag.Key === FUNCTION_TAG).Value,
    r.Properties.Environment.Variables[RETENTION_DAYS_ENV],
  ]);
};

describe('the retention period', () => {
  it('is 180 days by default, and only the function applying it is told', () => {
    expect(retentionDaysOfStack({})).toEqual([['apply-retention', '180']]);
  });

  it('takes the deploy option', () => {
    expect(retentionDaysOfStack({ retentionDays: '365' })).toEqual([['apply-retention', '365']]);
  });

  it.each(['7', '1.5', 'half a year', '99999'])('refuses %s at synthesis, naming the option', (value) => {
    expect(() => retentionDaysOfStack({ retentionDays: value })).toThrow(/retentionDays must be a whole number of days from 30 to 3650/);
  });
});
