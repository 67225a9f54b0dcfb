/** The staff sign-in's issuer from context options: Cognito by default, any OpenID Connect issuer by -c oidcIssuer. */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { FUNCTION_TAG } from '../../infra/resource-tags';
import { smsSetting } from '../../infra/context-options';
import { PaidanStack } from '../../infra/stack';
import { aliyunTemplates } from '../support/sms-template-configs';
import { servesStaff, STAFF_SIGN_IN_ENV, topology, type FunctionSpec } from '#shared/topology/topology';
import { cognitoClaims, staffSignInConfig } from '#shared/http/staff-sign-in';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
type Resource = { Type: string; Properties: Record<string, any> };

const KEYCLOAK = { oidcIssuer: 'https://sso.example.cn/realms/paidan', oidcClientId: 'paidan-console' };
const synth = (context: Record<string, unknown> = {}) =>
  Template.fromStack(buildApp({ context: { ...NO_BUNDLING, ...context }, nag: false }).stack).toJSON() as {
    Resources: Record<string, Resource>;
    Outputs: Record<string, unknown>;
  };
const ofType = (template: ReturnType<typeof synth>, type: string) => Object.values(template.Resources).filter((r) => r.Type === type);
const tagOf = (r: Resource, key: string) =>
  (r.Properties.Tags as { Key: string; Value: string }[] | undefined)?.find((t) => t.Key === key)?.Value;
const envOf = (template: ReturnType<typeof synth>, name: string) =>
  ofType(template, 'AWS::Lambda::Function').find((r) => tagOf(r, FUNCTION_TAG) === name)!.Properties.Environment.Variables as Record<
    string,
    unknown
  >;
const staffFunctions = (Object.entries(topology.functions) as [string, FunctionSpec][])
  .filter(([, s]) => servesStaff(s) || s.staffSignIn)
  .map(([n]) => n);
const fail = (context: Record<string, unknown>) => () => buildApp({ context: { ...NO_BUNDLING, ...context }, nag: false });

describe('staff sign-in through a named OpenID Connect issuer (-c oidcIssuer)', () => {
  const template = synth({ ...KEYCLOAK, oidcRoleClaim: 'realm_access.roles', oidcAreaClaim: 'paidan_area' });

  it('creates no Cognito resource at all', () => {
    expect(Object.values(template.Resources).filter((r) => r.Type.startsWith('AWS::Cognito::'))).toEqual([]);
    expect(Object.keys(template.Outputs).filter((k) => /UserPool|SignInDomain/.test(k))).toEqual([]);
  });

  it('guards the admin routes with a JWT authorizer for that issuer and client', () => {
    const authorizers = ofType(template, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizers.map((a) => a.Properties.JwtConfiguration)).toEqual([
      { Issuer: KEYCLOAK.oidcIssuer, Audience: [KEYCLOAK.oidcClientId] },
    ]);
    expect(authorizers[0]!.Properties.IdentitySource).toEqual(['$request.header.Authorization']);
  });

  it('gives every function behind an admin route and the console the issuer and claim names, and no other function', () => {
    expect(staffFunctions.length).toBeGreaterThan(4);
    expect(staffFunctions).toContain('admin-console');
    for (const name of Object.keys(topology.functions)) {
      const value = envOf(template, name)[STAFF_SIGN_IN_ENV];
      if (!staffFunctions.includes(name)) {
        expect(value, name).toBeUndefined();
        continue;
      }
      expect(staffSignInConfig.parse(JSON.parse(value as string)), name).toEqual({
        issuer: KEYCLOAK.oidcIssuer,
        clientId: KEYCLOAK.oidcClientId,
        roleClaim: 'realm_access.roles',
        areaClaim: 'paidan_area',
        centerRole: 'center-admin',
        stationRole: 'station-staff',
      });
    }
  });

  it('passes cdk-nag with every finding fixed or acknowledged', () => {
    const { app } = buildApp({ context: { ...NO_BUNDLING, ...KEYCLOAK } });
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  }, 30_000);
});

describe('staff sign-in through the stack’s own Cognito user pool (the default)', () => {
  const template = synth();
  it('gives the admin functions the pool as issuer, the console client as audience and Cognito’s claim names', () => {
    const [client] = Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::Cognito::UserPoolClient')!;
    const [pool] = Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::Cognito::UserPool')!;
    const value = JSON.stringify(envOf(template, 'admin-requests')[STAFF_SIGN_IN_ENV]);
    // A Fn::Join of the JSON around the pool's and client's references.
    expect(value).toContain(`{"Ref":"${pool}"}`);
    expect(value).toContain(`{"Ref":"${client}"}`);
    for (const claim of Object.values(cognitoClaims)) expect(value).toContain(claim);
    expect(envOf(template, 'list-services')[STAFF_SIGN_IN_ENV]).toBeUndefined();
  });
});

describe('checks on the sign-in context options', () => {
  it.each([
    'http://sso.example.cn/realms/paidan',
    'sso.example.cn',
    'https://sso.example.cn/realms/paidan?x=1',
    'https://sso.example.cn/#a',
    'http://127.0.0.1:8080',
  ])('refuses -c oidcIssuer=%j, naming the option', (oidcIssuer) => {
    expect(fail({ oidcIssuer, oidcClientId: 'paidan-console' })).toThrow(
      `Context option oidcIssuer must be the https URL of an OpenID Connect issuer, exactly as its tokens name it in iss ` +
        `(such as https://sso.example.cn/realms/paidan, no query or fragment), got ${JSON.stringify(oidcIssuer)}.`,
    );
  });

  it('requires the client id with the issuer', () => {
    expect(fail({ oidcIssuer: KEYCLOAK.oidcIssuer })).toThrow(
      'Context option oidcClientId is required with oidcIssuer: the client id the staff console signs in with, which its tokens name as audience.',
    );
  });

  it.each(['oidcClientId', 'oidcRoleClaim', 'oidcAreaClaim', 'oidcCenterRole', 'oidcStationRole'])(
    'refuses %s without oidcIssuer',
    (key) => {
      expect(fail({ [key]: 'x' })).toThrow(
        `Context option ${key} applies only with oidcIssuer; without it staff sign in with the stack's own Cognito user pool, ` +
          'whose tokens carry cognito:groups and custom:areaId.',
      );
    },
  );

  it('refuses a claim name with a space and a role name with a comma, naming the option', () => {
    expect(fail({ ...KEYCLOAK, oidcRoleClaim: 'my roles' })).toThrow(
      'Context option oidcRoleClaim must be a claim name: 1 to 200 printable characters, no spaces, got "my roles".',
    );
    expect(fail({ ...KEYCLOAK, oidcCenterRole: 'admin,center' })).toThrow(
      'Context option oidcCenterRole must be a role name: 1 to 200 characters, no spaces, commas or brackets, got "admin,center".',
    );
  });

  it('refuses the same role for center admins and station staff', () => {
    expect(fail({ ...KEYCLOAK, oidcCenterRole: 'staff', oidcStationRole: 'staff' })).toThrow(
      'Context options oidcCenterRole and oidcStationRole must name two different roles, both are "staff".',
    );
  });

  it('refuses a Cognito domain prefix with another issuer', () => {
    expect(fail({ ...KEYCLOAK, signInDomainPrefix: 'paidan-3709' })).toThrow(
      'Context option signInDomainPrefix names a Cognito domain, which the stack has none of with oidcIssuer: drop one of the two.',
    );
  });

  it('refuses the Cognito default in an AWS China region, and takes a named issuer there', () => {
    // SMS and email as the China regions allow (a mainland SMS provider, no email), so only the sign-in is in question.
    const notices = {
      sms: smsSetting((key) => ({ smsProvider: 'aliyun', smsTemplates: JSON.stringify(aliyunTemplates) })[key]),
      email: { transport: 'off' } as const,
    };
    const inChina = (staffSignIn?: ReturnType<typeof staffSignInConfig.parse>) => () =>
      new PaidanStack(new App({ context: NO_BUNDLING }), 'Paidan', {
        env: { region: 'cn-northwest-1', account: '123456789012' },
        ...notices,
        ...(staffSignIn ? { staffSignIn } : {}),
      });
    expect(inChina()).toThrow(
      'The AWS China regions have no Cognito user pools: name the OpenID Connect issuer staff sign in with (-c oidcIssuer=https://... -c oidcClientId=...), see docs/staff-sign-in.md.',
    );
    expect(inChina({ issuer: KEYCLOAK.oidcIssuer, clientId: KEYCLOAK.oidcClientId, ...cognitoClaims, roleClaim: 'groups' })).not.toThrow();
  });
});
