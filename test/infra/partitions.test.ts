/**
 * Both partitions synthesized as a deployer would (`npm run synth` writes the same two), each
 * checked against infra/partitions.ts, and under cdk-nag and Control Tower's proactive controls
 * (cfn-guard), whose unacknowledged findings make `app.synth()` throw.
 */
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { allowedIn, type Partition, SERVICE_USES, SMS_PUBLISH, UNTAGGABLE } from '../../infra/partitions';
import { LOG_RETENTION_DAYS } from '../../infra/compliance';
import { tencentTemplates } from '../support/sms-template-configs';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
const ACCOUNT = '123456789012';
const CHINA_SIGN_IN = { oidcIssuer: 'https://sso.example.cn/realms/paidan', oidcClientId: 'paidan-console' };
const ALIYUN = { smsProvider: 'aliyun', smsTemplates: 'docs/examples/sms-templates.aliyun.json' };

interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}
type Template = { Resources: Record<string, Resource> };

/** Synthesizes with cdk-nag and the Control Tower rules on: throws on any unacknowledged finding. */
function synth(context: Record<string, unknown>): Template {
  const { app, stack } = buildApp({ context: { ...NO_BUNDLING, ...context } });
  return app.synth().getStackByName(stack.stackName).template as Template;
}

const deployments: Array<{ name: string; partition: Partition; context: Record<string, unknown> }> = [
  { name: 'global, offline (no region or account)', partition: 'aws', context: {} },
  {
    name: 'global, us-east-1, with everything optional on (a custom domain too)',
    partition: 'aws',
    context: {
      region: 'us-east-1',
      account: ACCOUNT,
      tracing: 'true',
      emailFrom: 'notices@example.org',
      alarmEmail: 'ops@example.org',
      domainName: 'paidan.example.org',
      certificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`,
    },
  },
  {
    name: 'global, Hong Kong: Tencent Cloud SMS, SMTP with a password',
    partition: 'aws',
    context: {
      region: 'ap-east-1',
      smsProvider: 'tencent',
      smsTemplates: JSON.stringify(tencentTemplates),
      emailTransport: 'smtp',
      smtpHost: 'smtp.example.org',
      smtpUser: 'paidan',
      emailFrom: 'notices@example.org',
    },
  },
  {
    name: 'Beijing: OIDC, Alibaba Cloud SMS, SMTP, the filed custom domain',
    partition: 'aws-cn',
    context: {
      region: 'cn-north-1',
      ...CHINA_SIGN_IN,
      ...ALIYUN,
      emailTransport: 'smtp',
      smtpHost: 'smtp.example.gov.cn',
      smtpUser: 'paidan',
      emailFrom: 'notices@example.gov.cn',
      alarmEmail: 'ops@example.gov.cn',
      domainName: 'paidan.example.gov.cn',
      certificateArn: `arn:aws-cn:acm:cn-north-1:${ACCOUNT}:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`,
    },
  },
  {
    name: 'Ningxia: OIDC, Alibaba Cloud SMS, no email, account known',
    partition: 'aws-cn',
    context: { region: 'cn-northwest-1', account: ACCOUNT, ...CHINA_SIGN_IN, ...ALIYUN, emailTransport: 'off' },
  },
];

/** Every Allow statement's actions, in any policy document of the template (identity, resource, key). */
function allowedActions(template: Template): Set<string> {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const statement = value as { Effect?: unknown; Action?: unknown; Resource?: unknown };
    if (statement.Effect === 'Allow' && statement.Action !== undefined) {
      const resources = [statement.Resource ?? []].flat();
      for (const action of [statement.Action].flat() as string[]) {
        found.add(action === 'sns:Publish' && resources.includes('*') ? SMS_PUBLISH : action);
      }
    }
    Object.values(value).forEach(visit);
  };
  for (const resource of Object.values(template.Resources)) {
    visit(resource.Properties);
    if (resource.Type === 'AWS::Lambda::Permission') found.add(String(resource.Properties?.Action));
  }
  return found;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

const synthesized = deployments.map((d) => ({ ...d, template: synth(d.context) }));

describe.each(synthesized)('$name', ({ partition, template }) => {
  const allowed = allowedIn(partition);

  it('uses only resource types the partition list allows there', () => {
    const types = new Set(Object.values(template.Resources).map((r) => r.Type));
    expect([...types].filter((type) => !allowed.resourceTypes.has(type))).toEqual([]);
  });

  it('allows only IAM actions the partition list allows there', () => {
    expect([...allowedActions(template)].filter((action) => !allowed.actions.has(action))).toEqual([]);
  });

  it('tags no resource of a type the partition cannot tag', () => {
    const tagged = Object.entries(template.Resources).filter(([, r]) => UNTAGGABLE[partition].includes(r.Type) && r.Properties?.Tags);
    expect(tagged.map(([id]) => id)).toEqual([]);
  });

  it(`writes every ARN in the ${partition} partition`, () => {
    const arns = strings(template.Resources).filter((s) => s.startsWith('arn:'));
    if (partition === 'aws-cn') expect(arns.filter((arn) => !arn.startsWith('arn:aws-cn:'))).toEqual([]);
    else expect(arns.filter((arn) => arn.startsWith('arn:aws-cn:'))).toEqual([]);
  });

  it('keeps every log group a year and names this account on every invoke permission', () => {
    const ofType = (type: string) => Object.values(template.Resources).filter((r) => r.Type === type);
    expect(ofType('AWS::Logs::LogGroup').map((g) => g.Properties?.RetentionInDays)).toEqual(
      ofType('AWS::Logs::LogGroup').map(() => LOG_RETENTION_DAYS),
    );
    for (const permission of ofType('AWS::Lambda::Permission')) expect(permission.Properties?.SourceAccount).toBeDefined();
  });
});

describe('the partition list', () => {
  it('holds nothing the syntheses never use (so it cannot grow stale)', () => {
    for (const partition of ['aws', 'aws-cn'] as const) {
      const used = synthesized.filter((d) => d.partition === partition);
      const types = new Set(used.flatMap((d) => Object.values(d.template.Resources).map((r) => r.Type)));
      const actions = new Set(used.flatMap((d) => [...allowedActions(d.template)]));
      for (const use of SERVICE_USES.filter((u) => u.partitions.includes(partition))) {
        expect(
          use.resourceTypes.filter((t) => !types.has(t)),
          `${use.service} in ${partition}`,
        ).toEqual([]);
        expect(
          use.actions.filter((a) => !actions.has(a)),
          `${use.service} in ${partition}`,
        ).toEqual([]);
      }
    }
  });

  it('cites the AWS China guide for every entry', () => {
    for (const use of SERVICE_USES)
      expect(use.guide).toMatch(/^https:\/\/docs\.amazonaws\.cn\/en_us\/aws\/latest\/userguide\/[a-z-]+\.html$/);
  });

  it('has no Cognito user pool, SNS SMS, SES or X-Ray in the China partition', () => {
    const china = allowedIn('aws-cn');
    expect([...china.resourceTypes].filter((t) => t.startsWith('AWS::Cognito::'))).toEqual([]);
    expect([...china.actions].filter((a) => a === SMS_PUBLISH || a.startsWith('ses:') || a.startsWith('xray:'))).toEqual([]);
  });
});

describe('region-aware synth', () => {
  it('refuses tracing in a China region, where Lambda has no X-Ray integration', () => {
    expect(() =>
      buildApp({ context: { ...NO_BUNDLING, region: 'cn-north-1', ...CHINA_SIGN_IN, ...ALIYUN, emailTransport: 'off', tracing: 'true' } }),
    ).toThrow('AWS X-Ray is not integrated with Lambda in cn-north-1 (AWS China guide, "AWS Lambda"); drop -c tracing=true.');
  });

  it('warns at synth, naming -c domainName, when a China deployment has no address of its own', () => {
    const addressWarnings = (context: Record<string, unknown>) =>
      Annotations.fromStack(buildApp({ context: { ...NO_BUNDLING, ...context }, nag: false }).stack)
        .findWarning('*', Match.stringLikeRegexp('-c domainName'))
        .map((w) => String(w.entry.data).replace(/ \[ack: .*\]$/, ''));
    const china = { region: 'cn-north-1', ...CHINA_SIGN_IN, ...ALIYUN, emailTransport: 'off' };
    expect(addressWarnings(china)).toEqual([
      "No -c domainName in cn-north-1: every link in SMS and webhooks, and the console's sign-in, would name the execute-api address, " +
        'which API Gateway serves to residents only for an ICP-filed account. ' +
        'Deploy with -c domainName=<the ICP-filed domain> -c certificateArn=<its ACM certificate> (docs/deploy-china.md, step 1).',
    ]);
    expect(
      addressWarnings({
        ...china,
        domainName: 'paidan.example.gov.cn',
        certificateArn: `arn:aws-cn:acm:cn-north-1:${ACCOUNT}:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`,
      }),
    ).toEqual([]);
    expect(addressWarnings({ ...china, publicUrl: 'https://paidan.example.gov.cn' })).toEqual([]);
    expect(addressWarnings({ region: 'eu-west-1' })).toEqual([]);
  });

  it('refuses an account that is not 12 digits', () => {
    expect(() => buildApp({ context: { ...NO_BUNDLING, account: '1234' } })).toThrow(
      'Context option account must be a 12-digit AWS account id, got "1234".',
    );
  });
});

describe('Control Tower proactive controls', () => {
  it('fail synthesis on a finding nobody fixed or acknowledged, naming the control and the resource', () => {
    const { app, stack } = buildApp({ context: NO_BUNDLING });
    new logs.LogGroup(stack, 'Stray', { retention: logs.RetentionDays.ONE_MONTH });
    let message = '';
    try {
      app.synth();
    } catch (error) {
      message = String(error);
    }
    // Under a test runner CDK puts the whole report in the error.
    expect(message).toContain('[CT.CLOUDWATCH.PR.2]');
    expect(message).toContain('Paidan/Stray/Resource');
  });
});
