/**
 * The stack's size against CloudFormation's limit of 500 resources a stack: every route and
 * function adds some, so the template must keep room to grow, and a function the API invokes holds
 * one invoke permission for the whole API rather than one per route.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { FUNCTION_TAG } from '../../infra/resource-tags';
import { functionNames, topology } from '#shared/topology/topology';

/** CloudFormation's limit on resources in one stack. */
const CLOUDFORMATION_MAX_RESOURCES = 500;
/** Room kept for new functions and routes (a function with a route adds about 8). */
const HEADROOM = 100;

type Resource = { Type: string; Properties: Record<string, any> };
// Skips esbuild: these tests read the template, not the bundles.
const json = Template.fromStack(buildApp({ context: { 'aws:cdk:bundling-stacks': [] }, nag: false }).stack).toJSON();
const resources = Object.entries(json.Resources as Record<string, Resource>);
const tagOf = (r: Resource) =>
  (r.Properties.Tags as Array<{ Key: string; Value: string }> | undefined)?.find((t) => t.Key === FUNCTION_TAG)?.Value;

describe('the stack’s size', () => {
  it(`keeps ${HEADROOM} of CloudFormation's ${CLOUDFORMATION_MAX_RESOURCES} resources free`, () => {
    expect(resources.length).toBeLessThanOrEqual(CLOUDFORMATION_MAX_RESOURCES - HEADROOM);
  });

  it('gives each function the API invokes one permission for the whole API, not one per route', () => {
    const ids = new Map(resources.filter(([, r]) => r.Type === 'AWS::Lambda::Function').map(([id, r]) => [id, tagOf(r)]));
    const fromApi = resources
      .filter(([, r]) => r.Type === 'AWS::Lambda::Permission' && r.Properties.Principal === 'apigateway.amazonaws.com')
      .map(([, r]) => ids.get(r.Properties.FunctionName['Fn::GetAtt'][0]));
    const routed = functionNames.filter((name) => topology.functions[name].triggers.some((t) => t.kind === 'http'));
    expect(fromApi.sort()).toEqual([...routed].sort());
  });
});
