/**
 * What keeps a deployment's mistakes and failures visible and its data recoverable: alarms that
 * reach someone (or a warning at synth that none will), the API's server errors alarmed, the
 * table protected from deletion, dead letters kept, and credentials' ARNs in the stack's region.
 */
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { NO_ALARM_EMAIL_NOTICE } from '../../infra/constructs/alarm-topic';
import { DEAD_LETTER_QUEUE_TAG } from '../../infra/resource-tags';
import { CHINA_CONTEXT } from '../support/china-context';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

const build = (context: Record<string, unknown> = {}) => buildApp({ context: { ...NO_BUNDLING, ...context }, nag: false }).stack;
const resourcesOf = (context: Record<string, unknown> = {}) =>
  Object.values(Template.fromStack(build(context)).toJSON().Resources as Record<string, Resource>);
const unheard = (context: Record<string, unknown>) =>
  Annotations.fromStack(build(context))
    .findWarning('*', Match.stringLikeRegexp('^No -c alarmEmail'))
    .map((w) => String(w.entry.data).replace(/ \[ack: .*\]$/, ''));

describe('alarms', () => {
  it('warn at synth, in one sentence, that they reach nobody without -c alarmEmail', () => {
    expect(unheard({})).toEqual([NO_ALARM_EMAIL_NOTICE]);
    expect(unheard({ alarmEmail: 'ops@example.org' })).toEqual([]);
    const subscriptions = (context: Record<string, unknown>) =>
      resourcesOf(context)
        .filter((r) => r.Type === 'AWS::SNS::Subscription')
        .map((r) => r.Properties);
    expect(subscriptions({})).toEqual([]);
    expect(subscriptions({ alarmEmail: 'ops@example.org' })).toEqual([
      expect.objectContaining({ Protocol: 'email', Endpoint: 'ops@example.org' }),
    ]);
  });

  it("include the API's server errors (5xx of its $default stage), told through the alarm topic", () => {
    const resources = Object.entries(Template.fromStack(build()).toJSON().Resources as Record<string, Resource>);
    const [[apiId]] = resources.filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::Api') as [[string, Resource]];
    const [[topicId]] = resources.filter(([, r]) => r.Type === 'AWS::SNS::Topic') as [[string, Resource]];
    const alarms = resources.filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.Namespace === 'AWS/ApiGateway');
    expect(alarms.map(([, a]) => a.Properties)).toEqual([
      expect.objectContaining({
        MetricName: '5xx',
        Dimensions: [
          { Name: 'ApiId', Value: { Ref: apiId } },
          { Name: 'Stage', Value: '$default' },
        ],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: topicId }],
        OKActions: [{ Ref: topicId }],
      }),
    ]);
  });
});

describe('data kept', () => {
  const resources = resourcesOf();

  it('protects the table from deletion, besides retaining it', () => {
    const tables = resources.filter((r) => r.Type === 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    expect(tables[0]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(tables[0]!.Properties.DeletionProtectionEnabled).toBe(true);
  });

  it('retains every dead-letter queue and what waits in it for a person', () => {
    const deadLetters = resources.filter(
      (r) => r.Type === 'AWS::SQS::Queue' && r.Properties.Tags?.some((t: { Key: string }) => t.Key === DEAD_LETTER_QUEUE_TAG),
    );
    expect(deadLetters.length).toBeGreaterThan(0);
    for (const queue of deadLetters) expect(queue).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

describe('credentials named by ARN', () => {
  const CHINA = CHINA_CONTEXT;
  const secret = (partitionAndRegion: string) => `arn:${partitionAndRegion}:123456789012:secret:paidan/sms-AbCdEf`;

  it('are taken in the stack’s own partition and region', () => {
    expect(() => build({ ...CHINA, smsSecretArn: secret('aws-cn:secretsmanager:cn-north-1') })).not.toThrow();
  });

  it.each([
    ['another partition', { ...CHINA, smsSecretArn: secret('aws:secretsmanager:us-east-1') }, 'smsSecretArn', 'aws/us-east-1'],
    ['another region', { ...CHINA, smsSecretArn: secret('aws-cn:secretsmanager:cn-northwest-1') }, 'smsSecretArn', 'aws-cn/cn-northwest-1'],
    [
      'another region (SMTP)',
      {
        region: 'eu-west-1',
        emailTransport: 'smtp',
        smtpHost: 'smtp.example.org',
        smtpUser: 'paidan',
        emailFrom: 'notices@example.org',
        smtpSecretArn: secret('aws:secretsmanager:eu-central-1'),
      },
      'smtpSecretArn',
      'aws/eu-central-1',
    ],
  ])('are refused from %s, with one sentence naming the option', (_, context, option, where) => {
    expect(() => build(context)).toThrow(new RegExp(`^Context option ${option} names "arn:[^"]+", in ${where}, but the stack deploys to`));
  });

  it('are taken as given when the region is not known at synth', () => {
    expect(() =>
      build({
        smsProvider: 'aliyun',
        smsTemplates: 'docs/examples/sms-templates.aliyun.json',
        smsSecretArn: secret('aws-cn:secretsmanager:cn-north-1'),
      }),
    ).not.toThrow();
  });
});
