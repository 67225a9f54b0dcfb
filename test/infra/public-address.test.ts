/**
 * The address the deployment publishes (`-c publicUrl`, `-c domainName`, `-c certificateArn`):
 * every link, redirect and cookie follows PUBLIC_URL, so it must be the filed custom domain when
 * there is one, and the console's sign-in must come back to it.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { FUNCTION_TAG } from '../../infra/resource-tags';
import { type FunctionSpec, PUBLIC_URL_ENV, topology } from '#shared/topology/topology';
import { CHINA_CONTEXT } from '../support/china-context';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
const CHINA = CHINA_CONTEXT;
const CERTIFICATE = 'arn:aws-cn:acm:cn-north-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';

type Resource = { Type: string; Properties: Record<string, any> };
type Json = { Resources: Record<string, Resource>; Outputs: Record<string, { Value: unknown }> };
const synth = (context: Record<string, unknown>): Json =>
  Template.fromStack(buildApp({ context: { ...NO_BUNDLING, ...context }, nag: false }).stack).toJSON() as Json;
const ofType = (t: Json, type: string) => Object.entries(t.Resources).filter(([, r]) => r.Type === type);
const linking = (Object.entries(topology.functions) as [string, FunctionSpec][]).filter(([, s]) => s.publicUrl).map(([n]) => n);
/** PUBLIC_URL of every function the topology gives one, by name. */
const publicUrls = (t: Json) =>
  Object.fromEntries(
    ofType(t, 'AWS::Lambda::Function')
      .map(([, r]) => [r.Properties.Tags.find((tag: { Key: string }) => tag.Key === FUNCTION_TAG).Value, r] as const)
      .filter(([name]) => linking.includes(name))
      .map(([name, r]) => [name, r.Properties.Environment.Variables[PUBLIC_URL_ENV]]),
  );

describe('the public address', () => {
  it('is the execute-api URL by default, with no custom domain', () => {
    const t = synth({});
    const [[apiId]] = ofType(t, 'AWS::ApiGatewayV2::Api') as [[string, Resource]];
    const endpoint = { 'Fn::GetAtt': [apiId, 'ApiEndpoint'] };
    expect(linking.length).toBeGreaterThan(0);
    expect(Object.values(publicUrls(t))).toEqual(linking.map(() => endpoint));
    expect(t.Outputs.PublicUrl!.Value).toEqual(endpoint);
    expect(ofType(t, 'AWS::ApiGatewayV2::DomainName')).toEqual([]);
  });

  it('is -c publicUrl everywhere: every link, redirect and cookie, the console and its Cognito callback', () => {
    const t = synth({ publicUrl: 'https://Paidan.example.org/' });
    expect(publicUrls(t)).toEqual(Object.fromEntries(linking.map((n) => [n, 'https://paidan.example.org'])));
    expect(t.Outputs.PublicUrl!.Value).toBe('https://paidan.example.org');
    expect(t.Outputs.ConsoleUrl!.Value).toBe('https://paidan.example.org/console');
    const [[, client]] = ofType(t, 'AWS::Cognito::UserPoolClient') as [[string, Resource]];
    expect(client.Properties).toMatchObject({
      CallbackURLs: ['https://paidan.example.org/console'],
      LogoutURLs: ['https://paidan.example.org/console'],
    });
    // Served by a proxy or a domain made by hand: the stack creates none.
    expect(ofType(t, 'AWS::ApiGatewayV2::DomainName')).toEqual([]);
  });

  it('with -c domainName and -c certificateArn is a regional custom domain mapped to the $default stage', () => {
    const t = synth({ ...CHINA, domainName: 'paidan.example.cn', certificateArn: CERTIFICATE });
    const [[apiId]] = ofType(t, 'AWS::ApiGatewayV2::Api') as [[string, Resource]];
    const [[domainId, domain]] = ofType(t, 'AWS::ApiGatewayV2::DomainName') as [[string, Resource]];
    expect(domain.Properties).toEqual({
      DomainName: 'paidan.example.cn',
      DomainNameConfigurations: [{ CertificateArn: CERTIFICATE, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }],
    });
    expect(ofType(t, 'AWS::ApiGatewayV2::ApiMapping').map(([, m]) => m.Properties)).toEqual([
      { ApiId: { Ref: apiId }, DomainName: { Ref: domainId }, Stage: '$default' },
    ]);
    expect(Object.values(publicUrls(t))).toEqual(linking.map(() => 'https://paidan.example.cn'));
    expect(t.Outputs.PublicUrl!.Value).toBe('https://paidan.example.cn');
    expect(t.Outputs.ConsoleUrl!.Value).toBe('https://paidan.example.cn/console');
    expect(t.Outputs.CustomDomainTarget!.Value).toEqual({ 'Fn::GetAtt': [domainId, 'RegionalDomainName'] });
  });

  it('takes a domain under an internationalised top-level domain in its ASCII form (.政务, .中国)', () => {
    const t = synth({ ...CHINA, domainName: 'zyfw.xn--zfr164b', certificateArn: CERTIFICATE });
    expect(t.Outputs.PublicUrl!.Value).toBe('https://zyfw.xn--zfr164b');
    expect(synth({ publicUrl: 'https://paidan.xn--fiqs8s' }).Outputs.PublicUrl!.Value).toBe('https://paidan.xn--fiqs8s');
  });

  it.each([
    [{ publicUrl: 'http://paidan.example.cn' }, 'Context option publicUrl must be https:// and a host name'],
    [{ publicUrl: 'https://paidan.example.cn/paidan' }, 'Context option publicUrl must be https:// and a host name'],
    [{ publicUrl: 'https://paidan.example.cn?a=1' }, 'Context option publicUrl must be https:// and a host name'],
    [{ publicUrl: 'https://paidan.example.cn:8443' }, 'Context option publicUrl must be https:// and a host name'],
    [{ publicUrl: 'https://user@paidan.example.cn' }, 'Context option publicUrl must be https:// and a host name'],
    [{ publicUrl: 'https://10.0.0.1' }, 'Context option publicUrl must be https:// and a host name'],
    [{ publicUrl: 'https://-paidan.example.cn' }, 'Context option publicUrl must be https:// and a host name'],
    [{ domainName: 'paidan.example.cn' }, 'Context option certificateArn is required with domainName'],
    [{ certificateArn: CERTIFICATE }, 'Context option domainName is required with certificateArn'],
    [{ domainName: 'paidan_example.cn', certificateArn: CERTIFICATE }, 'Context option domainName must be a host name'],
    [
      { domainName: 'paidan.example.cn', certificateArn: 'arn:aws-cn:iam::123456789012:server-certificate/paidan' },
      "certificateArn must be an ACM certificate's ARN",
    ],
    [
      { domainName: 'paidan.example.cn', certificateArn: CERTIFICATE, publicUrl: 'https://www.example.cn' },
      'Context option publicUrl (https://www.example.cn) must be https://paidan.example.cn when domainName is given',
    ],
    [
      { domainName: 'paidan.example.cn', certificateArn: CERTIFICATE.replace('cn-north-1', 'cn-northwest-1') },
      'Context option certificateArn names "arn:aws-cn:acm:cn-northwest-1:',
    ],
    [
      { domainName: 'paidan.example.cn', certificateArn: CERTIFICATE.replace('aws-cn:acm:cn-north-1', 'aws:acm:us-east-1') },
      'in aws/us-east-1, but the stack deploys to cn-north-1 (partition aws-cn)',
    ],
  ])('refuses a bad address option with one sentence naming it: %#', (options, message) => {
    expect(() => synth({ ...CHINA, ...options })).toThrow(message);
  });
});
