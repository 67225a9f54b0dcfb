import { join } from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Schedule } from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { EMAIL_OFF_NOTICE } from '../../infra/context-options';
import { aliyunTemplates, tencentTemplates } from '../support/sms-template-configs';
import { queueActions } from '../../infra/queue-actions';
import { constructId } from '../../infra/constructs/construct-id';
import { PaidanFunction } from '../../infra/constructs/paidan-function';
import { PublicApi } from '../../infra/constructs/public-api';
import { DEAD_LETTER_QUEUE_TAG, FUNCTION_TAG, QUEUE_TAG } from '../../infra/resource-tags';
import { PaidanStack } from '../../infra/stack';
import { GLOBAL_DEFAULTS } from '../../infra/function-bundles';
import { RUNTIME_ENVIRONMENT, templateInventory } from '../../infra/template-inventory';
import { topologyProblems, type Topology } from '../../infra/topology-checks';
import {
  deadLetterUrlEnv,
  EMAIL_FROM_ENV,
  EMAIL_TRANSPORT_ENV,
  environmentNames,
  SMS_PROVIDER_ENV,
  SMS_SECRET_ENV,
  SMS_TEMPLATES_ENV,
  SMTP_SECRET_ENV,
  SMTP_SETTINGS_ENV,
  PUBLIC_URL_ENV,
  queueUrlEnv,
  SIGN_IN_CLIENT_ENV,
  SIGN_IN_DOMAIN_ENV,
  topology,
  VISIBILITY_TO_TIMEOUT_RATIO,
  type FunctionSpec,
  type HttpTrigger,
  type IndexSpec,
  type QueueName,
} from '#shared/topology/topology';
import { cognitoClaims } from '#shared/http/staff-sign-in';
import { GIVEN_UP } from '#shared/observability/given-up';
import { REFUSED_FOR_GOOD } from '#shared/observability/refusals';

const adminGroups = { center: cognitoClaims.centerRole, station: cognitoClaims.stationRole };
const AREA_CLAIM = cognitoClaims.areaClaim;

// Skips esbuild: these tests read the template, not the bundles.
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

const synth = (context: Record<string, unknown> = {}, t?: Topology) =>
  Template.fromStack(buildApp({ context: { ...NO_BUNDLING, ...context }, nag: false, ...(t ? { topology: t } : {}) }).stack).toJSON();
const json = synth();
const resources = json.Resources as Record<string, Resource>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const tagOf = (r: Resource, key: string) =>
  (r.Properties.Tags as { Key: string; Value: string }[] | undefined)?.find((t) => t.Key === key)?.Value;
const taggedId = (type: string, key: string, value: string): string => {
  const found = ofType(type).filter(([, r]) => tagOf(r, key) === value);
  expect(found, `${type} tagged ${key}=${value}`).toHaveLength(1);
  return found[0]![0];
};
/** `{Ref: id}`, `{'Fn::GetAtt': [id, _]}`, `{'Fn::Join': ['', parts]}` → the ids and literals they name. */
const named = (v: any): string =>
  typeof v === 'string' ? v : (v.Ref ?? v['Fn::GetAtt']?.[0] ?? (v['Fn::Join'][1] as unknown[]).map(named).join(''));

const fnId = (name: string) => taggedId('AWS::Lambda::Function', FUNCTION_TAG, name);
const queueId = (name: string) => taggedId('AWS::SQS::Queue', QUEUE_TAG, name);
const dlqId = (name: string) => taggedId('AWS::SQS::Queue', DEAD_LETTER_QUEUE_TAG, name);
const [tableId] = ofType('AWS::DynamoDB::Table').map(([id]) => id);
const functions = Object.entries(topology.functions) as [string, FunctionSpec][];
const queueNames = Object.keys(topology.queues) as QueueName[];
const [apiId] = ofType('AWS::ApiGatewayV2::Api').map(([id]) => id);
const sendsMessages = functions.filter(([, spec]) => spec.messaging?.length);
/** The statements of every policy attached to the role of function `name`. */
const statementsOf = (template: any, name: string): any[] => {
  const all = template.Resources as Record<string, Resource>;
  const [fn] = Object.values(all).filter((r) => r.Type === 'AWS::Lambda::Function' && tagOf(r, FUNCTION_TAG) === name);
  const roleId = named(fn!.Properties.Role);
  return Object.values(all)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((role: unknown) => named(role) === roleId))
    .flatMap((r) => r.Properties.PolicyDocument.Statement);
};
const MESSAGING_ACTIONS = ['sns:Publish', 'ses:SendEmail'];
const messagingStatements = (template: any, name: string) =>
  statementsOf(template, name).filter((s) => [s.Action].flat().some((a: string) => MESSAGING_ACTIONS.includes(a)));
const SES_IDENTITIES = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':identity/*']],
};
const routeKeys = (filter: (t: HttpTrigger) => boolean) =>
  functions.flatMap(([, s]) => s.triggers.flatMap((t) => (t.kind === 'http' && filter(t) ? [`${t.method} ${t.path}`] : []))).sort();
const adminRouteKeys = routeKeys((t) => t.auth === 'admin');
const publicRouteKeys = routeKeys((t) => t.auth !== 'admin');
const [[poolId, pool]] = ofType('AWS::Cognito::UserPool') as [[string, Resource]];
const [[clientId, client]] = ofType('AWS::Cognito::UserPoolClient') as [[string, Resource]];
const [[domainId, domain]] = ofType('AWS::Cognito::UserPoolDomain') as [[string, Resource]];
/** The base URL of the sign-in domain, as `UserPoolDomain.baseUrl()` renders it. */
const signInDomainUrl = (id: string) => ({
  'Fn::Join': ['', ['https://', { Ref: id }, '.auth.', { Ref: 'AWS::Region' }, '.amazoncognito.com']],
});
const consoleUrl = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] }, '/console']] };
const withVisibility = (seconds: number): Topology => ({
  ...topology,
  queues: { ...topology.queues, dispatch: { ...topology.queues.dispatch, visibilityTimeoutSeconds: seconds } },
});

describe('PaidanStack template', () => {
  it('gives every queue a dead-letter queue with the topology maxReceiveCount', () => {
    for (const name of queueNames) {
      const redrive = resources[queueId(name)]!.Properties.RedrivePolicy;
      expect(named(redrive.deadLetterTargetArn)).toBe(dlqId(name));
      expect(redrive.maxReceiveCount).toBe(topology.queues[name].maxReceiveCount);
      expect(resources[dlqId(name)]!.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    }
  });

  it('has the notify queue, its dead-letter queue and an alarm on it, fed to send-notifications', () => {
    const notify = resources[queueId('notify')]!;
    expect(notify.Properties).toMatchObject({
      VisibilityTimeout: topology.queues.notify.visibilityTimeoutSeconds,
      MessageRetentionPeriod: topology.queues.notify.retentionDays * 24 * 3600,
      RedrivePolicy: { maxReceiveCount: topology.queues.notify.maxReceiveCount },
    });
    expect(named(notify.Properties.RedrivePolicy.deadLetterTargetArn)).toBe(dlqId('notify'));
    expect(
      ofType('AWS::CloudWatch::Alarm').filter(
        ([, a]) => (a.Properties.Dimensions && named(a.Properties.Dimensions[0].Value)) === dlqId('notify'),
      ),
    ).toHaveLength(1);
    const consumers = ofType('AWS::Lambda::EventSourceMapping').filter(([, m]) => named(m.Properties.EventSourceArn) === queueId('notify'));
    expect(consumers.map(([, m]) => tagOf(resources[named(m.Properties.FunctionName)]!, FUNCTION_TAG))).toEqual(['send-notifications']);
  });

  it('keeps each consumed queue invisible for at least 6x its consumer timeout', () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(functions.flatMap(([, s]) => s.triggers).filter((t) => t.kind === 'queue').length);
    for (const [, mapping] of mappings) {
      const visibility = resources[named(mapping.Properties.EventSourceArn)]!.Properties.VisibilityTimeout as number;
      const timeout = resources[named(mapping.Properties.FunctionName)]!.Properties.Timeout as number;
      expect(visibility).toBeGreaterThanOrEqual(VISIBILITY_TO_TIMEOUT_RATIO * timeout);
    }
  });

  it('reports batch item failures from every SQS event source, batched as the topology says', () => {
    for (const [name, spec] of functions) {
      for (const trigger of spec.triggers) {
        if (trigger.kind !== 'queue') continue;
        const [mapping] = ofType('AWS::Lambda::EventSourceMapping').filter(([, m]) => named(m.Properties.FunctionName) === fnId(name));
        expect(named(mapping![1].Properties.EventSourceArn)).toBe(queueId(trigger.queue));
        expect(mapping![1].Properties).toMatchObject({
          FunctionResponseTypes: ['ReportBatchItemFailures'],
          BatchSize: trigger.batchSize,
          MaximumBatchingWindowInSeconds: trigger.maxBatchingWindowSeconds,
        });
      }
    }
  });

  it('encrypts every queue and denies it to callers without TLS', () => {
    const queues = ofType('AWS::SQS::Queue');
    expect(queues).toHaveLength(2 * queueNames.length);
    for (const [id, queue] of queues) {
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
      const policies = ofType('AWS::SQS::QueuePolicy').filter(([, p]) => p.Properties.Queues.some((q: unknown) => named(q) === id));
      const statements = policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'sqs:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('keeps the table on demand, recoverable, encrypted, expiring and retained', () => {
    const table = resources[tableId!]!;
    expect(table).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: topology.table.ttlAttribute, Enabled: true },
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    });
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(
      (topology.table.indexes as readonly IndexSpec[]).map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: {
          ProjectionType: index.projection,
          ...(index.nonKeyAttributes ? { NonKeyAttributes: index.nonKeyAttributes } : {}),
        },
      })),
    );
  });

  it('alarms on every dead-letter queue through the encrypted alarm topic', () => {
    const [[topicId, topic]] = ofType('AWS::SNS::Topic') as [[string, Resource]];
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    // enforceSSL's topic policy replaces the default one; CloudWatch must still be let in.
    expect(ofType('AWS::SNS::TopicPolicy').flatMap(([, p]) => p.Properties.PolicyDocument.Statement)).toContainEqual(
      expect.objectContaining({ Effect: 'Allow', Action: 'sns:Publish', Principal: { Service: 'cloudwatch.amazonaws.com' } }),
    );
    for (const name of queueNames) {
      const alarms = ofType('AWS::CloudWatch::Alarm').filter(
        ([, a]) => (a.Properties.Dimensions && named(a.Properties.Dimensions[0].Value)) === dlqId(name),
      );
      expect(alarms).toHaveLength(1);
      expect(alarms[0]![1].Properties).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: topicId }],
      });
    }
  });

  it('alarms when a scheduled function fails in half its runs two hours running: nothing else redoes its work', () => {
    const [[topicId]] = ofType('AWS::SNS::Topic') as [[string, Resource]];
    const scheduled = functions.filter(([, spec]) => spec.triggers.some((t) => t.kind === 'schedule'));
    expect(scheduled.map(([name]) => name).sort()).toEqual(['apply-retention', 'reconcile-outbox', 'roll-up-stats', 'sweep-due']);
    for (const [name, spec] of scheduled) {
      const everyMinutes = spec.triggers.flatMap((t) => (t.kind === 'schedule' ? [t.everyMinutes] : []))[0]!;
      // Failed runs: the function's errors (it threw) plus its ERROR log lines (it went on past a failure).
      const alarms = ofType('AWS::CloudWatch::Alarm').filter(([, a]) =>
        (a.Properties.Metrics ?? []).some((m: any) => m.MetricStat?.Metric?.Dimensions?.some((d: any) => named(d.Value) === fnId(name))),
      );
      expect(alarms, name).toHaveLength(1);
      const metrics = alarms[0]![1].Properties.Metrics as any[];
      expect(metrics.find((m) => m.Expression)).toMatchObject({ Expression: 'thrown + logged' });
      expect(metrics.find((m) => m.Id === 'thrown').MetricStat).toMatchObject({
        Metric: { MetricName: 'Errors', Namespace: 'AWS/Lambda' },
        Period: 3600,
        Stat: 'Sum',
      });
      const logged = metrics.find((m) => m.Id === 'logged').MetricStat.Metric;
      const [, filter] = ofType('AWS::Logs::MetricFilter').find(
        ([, f]) => f.Properties.MetricTransformations[0].MetricName === logged.MetricName,
      )!;
      expect(filter.Properties.FilterPattern).toBe('{ $.level = "ERROR" }');
      expect(named(filter.Properties.LogGroupName)).toBe(resources[fnId(name)]!.Properties.LoggingConfig.LogGroup.Ref);
      expect(alarms[0]![1].Properties).toMatchObject({
        EvaluationPeriods: 2,
        DatapointsToAlarm: 2,
        Threshold: everyMinutes === 60 ? 1 : 30,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: topicId }],
      });
    }
  });

  /**
   * The metric filters counting `field` read exactly the log groups of `names`, and each metric
   * they write has one alarm, on its first count in 5 minutes, to the alarm topic.
   */
  const expectCountAlarms = (field: string, names: string[]) => {
    const [[topicId]] = ofType('AWS::SNS::Topic') as [[string, Resource]];
    const filters = ofType('AWS::Logs::MetricFilter').filter(([, f]) => f.Properties.FilterPattern.includes(field));
    expect(filters.map(([, f]) => named(f.Properties.LogGroupName)).sort()).toEqual(
      names.map((name) => resources[fnId(name)]!.Properties.LoggingConfig.LogGroup.Ref).sort(),
    );
    for (const [, filter] of filters) {
      expect(filter.Properties.FilterPattern).toBe(`{ $.${field} > 0 }`);
      expect(filter.Properties.MetricTransformations[0].MetricValue).toBe(`$.${field}`);
      const { MetricName, MetricNamespace } = filter.Properties.MetricTransformations[0];
      const alarms = ofType('AWS::CloudWatch::Alarm').filter(([, a]) => a.Properties.MetricName === MetricName);
      expect(alarms).toHaveLength(1);
      expect(alarms[0]![1].Properties).toMatchObject({
        Namespace: MetricNamespace,
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: topicId }],
      });
    }
    return filters;
  };

  it('alarms on any send logged as refused for good by a function that sends itself (the notify consumer, registration codes)', () => {
    const senders = functions.filter(([, spec]) => spec.messaging?.length).map(([name]) => name);
    expect(senders).toEqual(expect.arrayContaining(['send-notifications', 'volunteer-self']));
    expectCountAlarms(REFUSED_FOR_GOOD, senders);
  });

  it('alarms once on any notice given up unsent, summed over the only two functions that log it (the relay, the consumer)', () => {
    const filters = expectCountAlarms(GIVEN_UP, ['reconcile-outbox', 'send-notifications']);
    // One metric, so one alarm over them all.
    expect(new Set(filters.map(([, f]) => f.Properties.MetricTransformations[0].MetricName)).size).toBe(1);
  });

  it('runs every function on nodejs22.x arm64 with the topology timeout and memory', () => {
    expect(ofType('AWS::Lambda::Function')).toHaveLength(functions.length);
    for (const [name, spec] of functions) {
      expect(resources[fnId(name)]!.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Timeout: spec.timeoutSeconds,
        MemorySize: spec.memoryMb,
      });
    }
  });

  it('grants each function exactly the actions, on exactly the resources, its topology access implies', () => {
    for (const [name, spec] of functions) {
      const fn = resources[fnId(name)]!.Properties;
      const roleId = named(fn.Role);
      expect(resources[roleId]!.Properties.ManagedPolicyArns).toBeUndefined();
      expect(resources[roleId]!.Properties.Policies).toBeUndefined();
      const granted = ofType('AWS::IAM::Policy')
        .filter(([, p]) => p.Properties.Roles.some((r: unknown) => named(r) === roleId))
        .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
        .flatMap((s: any) => [s.Action].flat().flatMap((a: string) => [s.Resource].flat().map((r: unknown) => `${a} ${named(r)}`)));
      expect(granted.sort()).toEqual(expectedGrants(spec, named(fn.LoggingConfig.LogGroup)));
    }
  });

  it('holds the writes of a function that only counts callers to the rate-limit partitions', () => {
    const limited = functions.filter(([, spec]) => spec.table === 'read+rate-limits').map(([name]) => name);
    expect(limited.sort()).toEqual(['resident-lookup', 'verify-certificate']);
    for (const name of limited) {
      const roleId = named(resources[fnId(name)]!.Properties.Role);
      const writes = ofType('AWS::IAM::Policy')
        .filter(([, p]) => p.Properties.Roles.some((r: unknown) => named(r) === roleId))
        .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
        .filter((s: any) =>
          [s.Action]
            .flat()
            .some((a: string) => !['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'].includes(a) && a.startsWith('dynamodb:')),
        );
      expect(writes).toEqual([
        expect.objectContaining({
          Action: 'dynamodb:UpdateItem',
          Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['RATE#*'] } },
        }),
      ]);
    }
  });

  it('gives each function exactly the environment its topology access implies', () => {
    for (const [name, spec] of functions) {
      const variables = resources[fnId(name)]!.Properties.Environment.Variables as Record<string, unknown>;
      // No NODE_OPTIONS: `--enable-source-maps` would parse the map at every cold start (npm run stack-trace maps offline).
      const expected = [...environmentNames(spec), 'POWERTOOLS_SERVICE_NAME', 'LOG_LEVEL'];
      expect(Object.keys(variables).sort()).toEqual(expected.sort());
      expect(variables.POWERTOOLS_SERVICE_NAME).toBe(name);
      if (spec.table) expect(named(variables.TABLE_NAME)).toBe(tableId);
      for (const [queue, access] of Object.entries(spec.queues ?? {}) as [QueueName, string][]) {
        if (access === 'send') expect(named(variables[`${queue.toUpperCase()}_QUEUE_URL`])).toBe(queueId(queue));
      }
      // The API's base URL (ApiEndpoint has no trailing slash); '' = no sender without -c emailFrom.
      if (spec.deadLetters === 'manage') {
        for (const queue of queueNames) {
          expect(named(variables[queueUrlEnv(queue)]), `${name} ${queueUrlEnv(queue)}`).toBe(queueId(queue));
          expect(named(variables[deadLetterUrlEnv(queue)]), `${name} ${deadLetterUrlEnv(queue)}`).toBe(dlqId(queue));
        }
      }
      if (spec.publicUrl) expect(variables[PUBLIC_URL_ENV]).toEqual({ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] });
      if (spec.messaging?.includes('email')) expect(variables[EMAIL_FROM_ENV]).toBe('');
      if (spec.staffSignIn) {
        expect(variables[SIGN_IN_DOMAIN_ENV]).toEqual(signInDomainUrl(domainId));
        expect(variables[SIGN_IN_CLIENT_ENV]).toEqual({ Ref: clientId });
      }
    }
  });

  it('gives PUBLIC_URL and EMAIL_FROM exactly to the functions the topology marks', () => {
    const having = (env: string) =>
      functions.filter(([name]) => env in (resources[fnId(name)]!.Properties.Environment.Variables as object)).map(([name]) => name);
    expect(having(PUBLIC_URL_ENV)).toEqual(functions.filter(([, s]) => s.publicUrl).map(([name]) => name));
    expect(having(EMAIL_FROM_ENV)).toEqual(functions.filter(([, s]) => s.messaging?.includes('email')).map(([name]) => name));
    expect(having(PUBLIC_URL_ENV)).toContain('send-notifications');
    expect(having(EMAIL_FROM_ENV)).toEqual(['send-notifications']);
  });

  it("gives the sign-in domain and client to the console's function only (staffSignIn)", () => {
    const having = (env: string) =>
      functions.filter(([name]) => env in (resources[fnId(name)]!.Properties.Environment.Variables as object)).map(([name]) => name);
    const marked = functions.filter(([, s]) => s.staffSignIn).map(([name]) => name);
    expect(marked).toEqual(['admin-console']);
    expect(having(SIGN_IN_DOMAIN_ENV)).toEqual(marked);
    expect(having(SIGN_IN_CLIENT_ENV)).toEqual(marked);
    // Nothing to grant: the browser talks to Cognito, the function only names it.
    expect(statementsOf(json, 'admin-console').filter((s) => [s.Action].flat().some((a: string) => !a.startsWith('logs:')))).toEqual([]);
  });

  it('lets only admin-dead-letters (deadLetters: manage) touch a dead-letter queue: receive, delete, count, on every one', () => {
    const managers = functions.filter(([, s]) => s.deadLetters === 'manage').map(([name]) => name);
    expect(managers).toEqual(['admin-dead-letters']);
    const dlqIds = new Set(queueNames.map(dlqId));
    const onDeadLetters = (name: string) =>
      statementsOf(json, name)
        .filter((s) => s.Effect === 'Allow')
        .flatMap((s: any) =>
          [s.Action].flat().flatMap((a: string) =>
            [s.Resource]
              .flat()
              .filter((r) => dlqIds.has(named(r)))
              .map((r) => `${a} ${named(r)}`),
          ),
        );
    for (const [name] of functions) {
      const expected = managers.includes(name)
        ? queueNames.flatMap((q) => ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'].map((a) => `${a} ${dlqId(q)}`))
        : [];
      expect(onDeadLetters(name).sort(), name).toEqual(expected.sort());
    }
    // Nor does any Lambda event source read a DLQ (its consumer would get receive/delete too).
    for (const [, mapping] of ofType('AWS::Lambda::EventSourceMapping'))
      expect(dlqIds.has(named(mapping.Properties.EventSourceArn))).toBe(false);
  });

  it('refuses to manage dead letters of a KMS-encrypted queue rather than grant it without kms:*', () => {
    const stack = new Stack(new App({ context: NO_BUNDLING }), 'T');
    const fn = new PaidanFunction(stack, 'F', {
      name: 'admin-dead-letters',
      entry: topology.functions['admin-dead-letters'].entry,
      bundle: GLOBAL_DEFAULTS,
      timeout: Duration.seconds(5),
      memorySize: 128,
    });
    const deadLetterQueue = new sqs.Queue(stack, 'DeadLetters', { encryption: sqs.QueueEncryption.KMS });
    const queue = new sqs.Queue(stack, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: 1 },
    });
    expect(() => fn.manageDeadLetters([{ name: 'dispatch', queue, deadLetterQueue }])).toThrow(
      'Queue "dispatch" (T/DeadLetters) is encrypted with a KMS key; manageDeadLetters grants no kms:* for it.',
    );
  });

  it('lets only the messaging functions send SMS (sns:Publish, which has no resource ARN) and email (ses:SendEmail)', () => {
    expect(sendsMessages.map(([name]) => name)).toEqual(['volunteer-self', 'send-notifications']);
    for (const [name, spec] of functions) {
      const expected = [
        ...(spec.messaging?.includes('sms') ? [{ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }] : []),
        // No sender configured: any identity of this account and region, no condition.
        ...(spec.messaging?.includes('email') ? [{ Effect: 'Allow', Action: 'ses:SendEmail', Resource: SES_IDENTITIES }] : []),
      ];
      expect(messagingStatements(json, name), name).toEqual(expected);
    }
  });

  it('limits ses:SendEmail to the configured sender when emailFrom is given', () => {
    const template = synth({ emailFrom: 'notices@example.org' });
    for (const [name, spec] of sendsMessages.filter(([, s]) => s.messaging?.includes('email'))) {
      expect(messagingStatements(template, name)).toContainEqual({
        Effect: 'Allow',
        Action: 'ses:SendEmail',
        Resource: SES_IDENTITIES,
        Condition: { StringEquals: { 'ses:FromAddress': 'notices@example.org' } },
      });
      const [fn] = Object.values(template.Resources as Record<string, Resource>).filter(
        (r) => r.Type === 'AWS::Lambda::Function' && tagOf(r, FUNCTION_TAG) === name,
      );
      if (spec.messaging?.includes('email')) expect(fn!.Properties.Environment.Variables[EMAIL_FROM_ENV]).toBe('notices@example.org');
    }
  });

  it('attaches the messaging policies before the function exists', () => {
    for (const [name] of sendsMessages) {
      const fn = resources[fnId(name)]!;
      const roleId = named(fn.Properties.Role);
      const policies = ofType('AWS::IAM::Policy')
        .filter(([, p]) => p.Properties.Roles.some((r: unknown) => named(r) === roleId))
        .map(([id]) => id);
      expect((fn as { DependsOn?: string[] }).DependsOn).toEqual(expect.arrayContaining(policies));
    }
  });

  it('has no dependency cycle, even when a function the API routes to takes PUBLIC_URL or the sign-in domain and client', () => {
    const looped = {
      Resources: { A: { Type: 'T', Properties: { x: { 'Fn::GetAtt': ['B', 'Arn'] } } }, B: { Type: 'T', DependsOn: ['A'] } },
    };
    expect(dependencyCycle(looped)).toEqual(['A', 'B', 'A']);
    expect(dependencyCycle(json)).toBeUndefined();
    // The declared case: admin-console is routed to by the API, its environment names the client
    // (whose callback is the API's URL) and the domain.
    const routedToConsole = ofType('AWS::ApiGatewayV2::Integration').filter(
      ([, i]) => named(i.Properties.IntegrationUri) === fnId('admin-console'),
    );
    expect(routedToConsole).toHaveLength(1);
    expect(named(client.Properties.CallbackURLs[0])).toContain(apiId);
    // And a function behind the admin authorizer (which refers to the same client) taking them too.
    const guarded: Topology = {
      ...topology,
      functions: { ...topology.functions, 'admin-requests': { ...topology.functions['admin-requests'], staffSignIn: true } },
    };
    const guardedTemplate = synth({}, guarded);
    expect(dependencyCycle(guardedTemplate)).toBeUndefined();
    const [adminRequests] = Object.values(guardedTemplate.Resources as Record<string, Resource>).filter(
      (r) => r.Type === 'AWS::Lambda::Function' && tagOf(r, FUNCTION_TAG) === 'admin-requests',
    );
    expect(adminRequests!.Properties.Environment.Variables[SIGN_IN_CLIENT_ENV]).toBeDefined();
    const routed: Topology = {
      ...topology,
      functions: { ...topology.functions, 'view-offer': { ...topology.functions['view-offer'], publicUrl: true } },
    };
    const template = synth({}, routed);
    expect(dependencyCycle(template)).toBeUndefined();
    const [viewOffer] = Object.values(template.Resources as Record<string, Resource>).filter(
      (r) => r.Type === 'AWS::Lambda::Function' && tagOf(r, FUNCTION_TAG) === 'view-offer',
    );
    expect(viewOffer!.Properties.Environment.Variables[PUBLIC_URL_ENV]).toBeDefined();
  });

  it('routes every http trigger to its own function, and nothing else', () => {
    const expected = functions.flatMap(([name, s]) =>
      s.triggers.flatMap((t) => (t.kind === 'http' ? [`${t.method} ${t.path} -> ${name}`] : [])),
    );
    const routed = ofType('AWS::ApiGatewayV2::Route').map(([, route]) => {
      const integration = resources[named(route.Properties.Target).replace('integrations/', '')]!;
      const fn = resources[named(integration.Properties.IntegrationUri)]!;
      return `${route.Properties.RouteKey} -> ${tagOf(fn, FUNCTION_TAG)}`;
    });
    expect(routed.sort()).toEqual(expected.sort());
  });

  it('throttles the default stage as the topology says and logs access to CloudWatch', () => {
    const [[, stage]] = ofType('AWS::ApiGatewayV2::Stage') as [[string, Resource]];
    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: topology.api.throttle.rateLimit,
        ThrottlingBurstLimit: topology.api.throttle.burstLimit,
      },
    });
    expect(resources[named(stage.Properties.AccessLogSettings.DestinationArn)]!.Type).toBe('AWS::Logs::LogGroup');
  });

  it('schedules every schedule trigger at its rate', () => {
    const expected = functions.flatMap(([name, s]) =>
      s.triggers.flatMap((t) =>
        t.kind === 'schedule' ? [`${Schedule.rate(Duration.minutes(t.everyMinutes)).expressionString} -> ${name}`] : [],
      ),
    );
    const rules = ofType('AWS::Events::Rule').flatMap(([, rule]) =>
      rule.Properties.Targets.map(
        (target: { Arn: unknown }) => `${rule.Properties.ScheduleExpression} -> ${tagOf(resources[named(target.Arn)]!, FUNCTION_TAG)}`,
      ),
    );
    expect(rules.sort()).toEqual(expected.sort());
  });

  it('outputs the API URL, table name, queue URLs and alarm topic', () => {
    expect(Object.keys(json.Outputs)).toEqual(
      expect.arrayContaining([
        'ApiUrl',
        'TableName',
        'DispatchQueueUrl',
        'DispatchDeadLetterQueueUrl',
        'NotifyQueueUrl',
        'NotifyDeadLetterQueueUrl',
        'AlarmTopicArn',
      ]),
    );
  });

  it('reads back the topology as its inventory', () => {
    const triggers = functions.flatMap(([name, s]) => s.triggers.map((t) => ({ name, t })));
    expect(templateInventory(json)).toEqual({
      routes: triggers.flatMap(({ t }) => (t.kind === 'http' ? [`${t.method} ${t.path}`] : [])).sort(),
      adminRoutes: adminRouteKeys,
      queues: [...queueNames].sort(),
      queueSettings: [...queueNames].sort().map((queue) => ({
        queue,
        visibilityTimeoutSeconds: topology.queues[queue].visibilityTimeoutSeconds,
        retentionSeconds: topology.queues[queue].retentionDays * 86400,
        maxReceiveCount: topology.queues[queue].maxReceiveCount,
        deadLetterQueue: true,
      })),
      eventSources: triggers.flatMap(({ name, t }) =>
        t.kind === 'queue' ? [{ queue: t.queue, function: name, batchSize: t.batchSize }] : [],
      ),
      schedules: triggers
        .flatMap(({ name, t }) => (t.kind === 'schedule' ? [{ function: name, everyMinutes: t.everyMinutes }] : []))
        .sort((x, y) => x.function.localeCompare(y.function)),
      messaging: functions
        .flatMap(([name, spec]) => (spec.messaging ?? []).map((channel) => ({ channel, function: name })))
        .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
      environment: functions
        .map(([name, spec]) => ({ function: name, names: environmentNames(spec).sort() }))
        .sort((x, y) => x.function.localeCompare(y.function)),
    });
    expect(RUNTIME_ENVIRONMENT.filter((n) => functions.some(([, spec]) => environmentNames(spec).includes(n)))).toEqual([]);
  });
});

describe('admin users', () => {
  it('has one user pool, retained and protected, where only admins create accounts that sign in by email', () => {
    expect(ofType('AWS::Cognito::UserPool')).toHaveLength(1);
    expect(pool).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(pool.Properties).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      AutoVerifiedAttributes: ['email'],
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      DeletionProtection: 'ACTIVE',
      // TOTP required; no SMS, so no SMS role either.
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true },
      },
    });
    expect(pool.Properties.SmsConfiguration).toBeUndefined();
  });

  it(`declares the ${AREA_CLAIM} attribute as a mutable string`, () => {
    expect(AREA_CLAIM).toBe('custom:areaId');
    expect(pool.Properties.Schema).toContainEqual(expect.objectContaining({ Name: 'areaId', AttributeDataType: 'String', Mutable: true }));
  });

  it('has exactly the two admin groups of the topology, described', () => {
    const groups = ofType('AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties);
    expect(groups.map((g) => g.GroupName).sort()).toEqual(Object.values(adminGroups).sort());
    for (const group of groups) {
      expect(named(group.UserPoolId)).toBe(poolId);
      expect(group.Description).toEqual(expect.any(String));
    }
    expect(groups.find((g) => g.GroupName === adminGroups.center)!.Description).toMatch(/everything in the city/);
    expect(groups.find((g) => g.GroupName === adminGroups.station)!.Description).toMatch(/only their own area/);
  });

  it('keeps the two groups with the kept pool, so a destroy leaves no account without its role', () => {
    for (const [, group] of ofType('AWS::Cognito::UserPoolGroup')) {
      expect(group).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });

  it('has one app client without secret, for SRP (and the CLI password flow), with 1 h ID tokens', () => {
    expect(ofType('AWS::Cognito::UserPoolClient')).toHaveLength(1);
    expect(named(client.Properties.UserPoolId)).toBe(poolId);
    expect(client.Properties).toMatchObject({
      GenerateSecret: false,
      IdTokenValidity: 60,
      RefreshTokenValidity: 12 * 60,
      TokenValidityUnits: { IdToken: 'minutes', RefreshToken: 'minutes' },
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      // What the console asks for: `scope=openid email profile`.
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      SupportedIdentityProviders: ['COGNITO'],
    });
    expect(client.Properties.ExplicitAuthFlows.sort()).toEqual([
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_USER_SRP_AUTH',
    ]);
    expect(client.Properties.CallbackURLs).toEqual([consoleUrl]);
    expect(client.Properties.LogoutURLs).toEqual([consoleUrl]);
  });

  it(`puts ${AREA_CLAIM} into ID tokens but never lets staff change it themselves`, () => {
    expect(client.Properties.ReadAttributes).toEqual(expect.arrayContaining([AREA_CLAIM, 'email']));
    expect(client.Properties.WriteAttributes).toEqual(['name']);
  });

  it('puts a JWT authorizer for the pool and its client on every admin route and on no other', () => {
    expect(adminRouteKeys.length).toBeGreaterThan(0);
    const authorizers = ofType('AWS::ApiGatewayV2::Authorizer');
    expect(authorizers).toHaveLength(1);
    const [[authorizerId, authorizer]] = authorizers as [[string, Resource]];
    expect(authorizer.Properties).toEqual(
      expect.objectContaining({
        ApiId: { Ref: apiId },
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: {
          Audience: [{ Ref: clientId }],
          Issuer: { 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: poolId }]] },
        },
      }),
    );
    const routes = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    const guarded = routes.filter((r) => r.AuthorizationType === 'JWT' && named(r.AuthorizerId) === authorizerId);
    expect(guarded.map((r) => r.RouteKey).sort()).toEqual(adminRouteKeys);
    const open = routes.filter((r) => !guarded.includes(r));
    expect(open.map((r) => r.RouteKey).sort()).toEqual(publicRouteKeys);
    for (const route of open) {
      expect(route.AuthorizationType, route.RouteKey).toBe('NONE');
      expect(route.AuthorizerId, route.RouteKey).toBeUndefined();
    }
    expect(templateInventory(json).adminRoutes).toEqual(adminRouteKeys);
  });

  it('has one Cognito prefix domain with managed login, named after the stack and unique by the stack id', () => {
    expect(ofType('AWS::Cognito::UserPoolDomain')).toHaveLength(1);
    expect(named(domain.Properties.UserPoolId)).toBe(poolId);
    expect(domain.Properties.ManagedLoginVersion).toBe(2);
    expect(domain.Properties.CustomDomainConfig).toBeUndefined();
    // `paidan-` and the last group of the stack id's UUID: only known at deploy time, unique per stack, account and region.
    const uuid = { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] };
    expect(domain.Properties.Domain).toEqual({ 'Fn::Join': ['', ['paidan-', { 'Fn::Select': [4, { 'Fn::Split': ['-', uuid] }] }]] });
  });

  it("gives the console client Cognito's managed login style (without one its pages do not serve the client)", () => {
    const styles = ofType('AWS::Cognito::ManagedLoginBranding').map(([, b]) => b.Properties);
    expect(styles).toEqual([{ UserPoolId: { Ref: poolId }, ClientId: { Ref: clientId }, UseCognitoProvidedValues: true }]);
  });

  it.each([
    ['PaidanStaging', 'paidanstaging-'],
    ['Paidan-AWS-Cognito-Test', 'paidan-test-'],
    ['amazon', 'paidan-'],
    ['Awamazons', 'paidan-'],
  ])('derives the domain prefix of stack %s without the words Cognito reserves', (stackName, start) => {
    const template = synth({ stackName });
    const [d] = Object.values(template.Resources as Record<string, Resource>).filter((r) => r.Type === 'AWS::Cognito::UserPoolDomain');
    expect(d!.Properties.Domain['Fn::Join'][1][0]).toBe(start);
  });

  it('takes the domain prefix from -c signInDomainPrefix', () => {
    const template = synth({ signInDomainPrefix: 'paidan-3709' });
    const domains = Object.values(template.Resources as Record<string, Resource>).filter((r) => r.Type === 'AWS::Cognito::UserPoolDomain');
    expect(domains.map((d) => d.Properties.Domain)).toEqual(['paidan-3709']);
  });

  it.each(['Paidan', 'paidan_taian', '-paidan', 'paidan-', 'my-aws-console', 'cognito-paidan', 'amazonia', 'p'.repeat(64), 'paidan.3709'])(
    'fails with a clear message when -c signInDomainPrefix=%j cannot be a Cognito domain prefix',
    (signInDomainPrefix) => {
      expect(() => buildApp({ context: { ...NO_BUNDLING, signInDomainPrefix }, nag: false })).toThrow(
        `Context option signInDomainPrefix must be a Cognito domain prefix such as paidan-3709: 1 to 63 lower-case ` +
          `letters, digits and hyphens, not starting or ending with a hyphen, without the words aws, amazon, cognito; ` +
          `got ${JSON.stringify(signInDomainPrefix)}.`,
      );
    },
  );

  it('outputs the console URL and the sign-in domain', () => {
    expect(json.Outputs.ConsoleUrl.Value).toEqual(consoleUrl);
    expect(json.Outputs.SignInDomainUrl.Value).toEqual(signInDomainUrl(domainId));
  });

  it('outputs the user pool, its client and the token issuer', () => {
    expect(json.Outputs.UserPoolId.Value).toEqual({ Ref: poolId });
    expect(json.Outputs.UserPoolClientId.Value).toEqual({ Ref: clientId });
    expect(json.Outputs.UserPoolIssuerUrl.Value).toEqual({
      'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: poolId }]],
    });
  });

  it('refuses an admin route without an authorizer rather than deploy it open', () => {
    const stack = new Stack(new App(), 'T');
    const api = new PublicApi(stack, 'Api', { throttle: { rateLimit: 1, burstLimit: 1 } });
    const handler = new lambda.Function(stack, 'F', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    });
    expect(() => api.addRoute({ kind: 'http', method: 'POST', path: '/admin/x', auth: 'admin' }, handler, 'X')).toThrow(
      `Route "POST /admin/x" is auth: 'admin', but no admin authorizer was given for it.`,
    );
  });
});

describe('synthesis', () => {
  it('accepts the declared topology', () => {
    expect(topologyProblems(topology)).toEqual([]);
  });

  it('fails with a clear message when a queue is visible again before 6x its consumer timeout', () => {
    const timeout = topology.functions['dispatch-request'].timeoutSeconds;
    const needed = VISIBILITY_TO_TIMEOUT_RATIO * timeout;
    expect(() => buildApp({ context: NO_BUNDLING, nag: false, topology: withVisibility(needed - 1) })).toThrow(
      `Queue "dispatch": visibility timeout ${needed - 1} s is less than ${VISIBILITY_TO_TIMEOUT_RATIO} x the ${timeout} s ` +
        `timeout of its consumer "dispatch-request" (needs >= ${needed} s)`,
    );
    expect(() => buildApp({ context: NO_BUNDLING, nag: false, topology: withVisibility(needed) })).not.toThrow();
  });

  it('fails with a clear message when a function lists a messaging channel twice', () => {
    const twice: Topology = {
      ...topology,
      functions: {
        ...topology.functions,
        'send-notifications': { ...topology.functions['send-notifications'], messaging: ['sms', 'sms'] },
      },
    };
    expect(topologyProblems(twice)).toEqual([`Function "send-notifications" lists messaging channel 'sms' more than once.`]);
  });

  it.each(['bad', 'notices@example', 'Paidan <notices@example.org>', ' notices@example.org', 'a@b@example.org'])(
    'fails with a clear message when -c emailFrom=%j is not an email address',
    (emailFrom) => {
      expect(() => buildApp({ context: { ...NO_BUNDLING, emailFrom }, nag: false })).toThrow(
        `Context option emailFrom must be a plain email address such as notices@example.org ` +
          `(an identity verified in SES, no display name), got ${JSON.stringify(emailFrom)}.`,
      );
    },
  );

  it.each(['notices@example.org', 'paidan.notices+3709@mail.example.com.cn'])('accepts -c emailFrom=%s', (emailFrom) => {
    expect(() => buildApp({ context: { ...NO_BUNDLING, emailFrom }, nag: false })).not.toThrow();
  });

  // The full synthesis with cdk-nag and the Control Tower rules: stack-synthesis.test.ts.

  it('acknowledges APIG4 (no authorizer) on the public routes only, never on the API or an admin route', () => {
    const { app } = buildApp({ context: NO_BUNDLING, nag: false });
    const acknowledging = app.node
      .findAll()
      .filter((c) =>
        c.node.metadata.some(
          (m) => m.type === 'aws:cdk:acknowledged-rules' && Object.keys(m.data as object).some((k) => k.includes('APIG4')),
        ),
      );
    const routeKeyOf = (c: (typeof acknowledging)[number]) => {
      const cfn = c.node.defaultChild as { routeKey?: string } | undefined;
      return cfn?.routeKey ?? `not a route: ${c.node.path}`;
    };
    expect(acknowledging.map(routeKeyOf).sort()).toEqual(publicRouteKeys);
  });

  it('acknowledges only COG8 (the paid Plus plan) on the user pool', () => {
    const { app } = buildApp({ context: NO_BUNDLING, nag: false });
    const acknowledged = app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').flatMap((m) => Object.keys(m.data as object)))
      .filter((id) => id.includes('COG'));
    expect(acknowledged.map((id) => id.replace(/^annotation::/i, ''))).toEqual(['AwsSolutions-COG8']);
  });

  it('acknowledges the messaging wildcards on the messaging policies only', () => {
    const { app } = buildApp({ context: NO_BUNDLING, nag: false });
    const acknowledged = app.node
      .findAll()
      .filter((c) =>
        c.node.metadata.some(
          (m) => m.type === 'aws:cdk:acknowledged-rules' && Object.keys(m.data as object).some((k) => k.includes('IAM5')),
        ),
      )
      .map((c) => c.node.path);
    expect(acknowledged.sort()).toEqual(
      sendsMessages
        .flatMap(([name, spec]) => [
          ...(spec.messaging?.includes('email') ? [`Paidan/Stateless/${constructId(name)}/EmailPolicy`] : []),
          ...(spec.messaging?.includes('sms') ? [`Paidan/Stateless/${constructId(name)}/SmsPolicy`] : []),
        ])
        .sort(),
    );
  });
});

/**
 * A cycle CloudFormation would refuse (`Circular dependency between resources`), as the list of
 * logical IDs around it; undefined when there is none. Edges: Ref, Fn::GetAtt, ${} in Fn::Sub, DependsOn.
 */
function dependencyCycle(template: any): string[] | undefined {
  const all = template.Resources as Record<string, Resource & { DependsOn?: string | string[] }>;
  const refs = (value: unknown, into: Set<string>): Set<string> => {
    if (Array.isArray(value)) for (const v of value) refs(v, into);
    else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (key === 'Ref' && typeof v === 'string') into.add(v);
        else if (key === 'Fn::GetAtt' && Array.isArray(v)) into.add(String(v[0]));
        else if (key === 'Fn::Sub') {
          const text = Array.isArray(v) ? v[0] : v;
          for (const m of String(text).matchAll(/\$\{([^}.!]+)/g)) into.add(m[1]!);
          refs(v, into);
        } else refs(v, into);
      }
    }
    return into;
  };
  const edges = new Map(
    Object.entries(all).map(([id, r]) => [
      id,
      [...refs(r.Properties ?? {}, new Set([r.DependsOn ?? []].flat()))].filter((target) => target in all),
    ]),
  );
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'open') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'open');
    path.push(id);
    for (const next of edges.get(id) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of edges.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}

/** `action resource` pairs, sorted; resources by logical ID as `named` renders them. */
function expectedGrants(spec: FunctionSpec, logGroupId: string): string[] {
  const grants = ['logs:CreateLogStream', 'logs:PutLogEvents'].map((a) => `${a} ${logGroupId}`);
  if (spec.table === 'read' || spec.table === 'readwrite' || spec.table === 'read+rate-limits') {
    grants.push(`dynamodb:GetItem ${tableId}`, `dynamodb:Query ${tableId}`, `dynamodb:BatchGetItem ${tableId}`);
    grants.push(...topology.table.indexes.map((index) => `dynamodb:Query ${tableId}/index/${index.name}`));
  }
  if (spec.table === 'write' || spec.table === 'readwrite') {
    grants.push(...['PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem', 'BatchWriteItem'].map((a) => `dynamodb:${a} ${tableId}`));
  }
  if (spec.table === 'read+rate-limits') grants.push(`dynamodb:UpdateItem ${tableId}`);
  // The retention rule's one search for the table's oldest request: the creation index alone.
  if (spec.retention) grants.push(`dynamodb:Scan ${tableId}/index/gsi4`);
  for (const [queue, access] of Object.entries(spec.queues ?? {}) as [QueueName, string][]) {
    // 'consume': what the SQS event source grants the function for polling on its behalf.
    const actions: readonly string[] = access === 'send' ? queueActions.send : queueActions.consume;
    grants.push(...actions.map((a) => `${a} ${queueId(queue)}`));
  }
  if (spec.deadLetters === 'manage') {
    // Look at and redrive every queue's DLQ: count, peek, receive and delete there; send back to the queue.
    for (const queue of queueNames) {
      grants.push(...['GetQueueAttributes', 'ReceiveMessage', 'DeleteMessage'].map((a) => `sqs:${a} ${dlqId(queue)}`));
      grants.push(`sqs:SendMessage ${queueId(queue)}`);
    }
  }
  if (spec.messaging?.includes('sms')) grants.push('sns:Publish *');
  if (spec.messaging?.includes('email')) grants.push(`ses:SendEmail ${named(SES_IDENTITIES)}`);
  // A queue both sent to and redriven is granted sqs:SendMessage once (policies are minimized).
  return [...new Set(grants)].sort();
}

describe('notification choices', () => {
  const variablesOf = (template: any, name: string) =>
    Object.values(template.Resources as Record<string, Resource>).find(
      (r) => r.Type === 'AWS::Lambda::Function' && tagOf(r, FUNCTION_TAG) === name,
    )!.Properties.Environment.Variables as Record<string, any>;
  const actionsOf = (template: any, name: string) => statementsOf(template, name).flatMap((st) => [st.Action].flat());
  const secretsOf = (template: any) =>
    Object.entries(template.Resources as Record<string, Resource>).filter(([, r]) => r.Type === 'AWS::SecretsManager::Secret');
  const aliyun = { smsProvider: 'aliyun', smsTemplates: JSON.stringify(aliyunTemplates) };
  const smtp = { emailTransport: 'smtp', smtpHost: 'smtp.example.gov.cn', smtpUser: 'paidan', emailFrom: 'notices@example.gov.cn' };

  it('defaults to SNS and SES in the global partition', () => {
    const variables = variablesOf(json, 'send-notifications');
    expect(variables[SMS_PROVIDER_ENV]).toBe('sns');
    expect(variables[EMAIL_TRANSPORT_ENV]).toBe('ses');
    expect(actionsOf(json, 'send-notifications')).toEqual(expect.arrayContaining(['sns:Publish', 'ses:SendEmail']));
    expect(actionsOf(json, 'send-notifications')).not.toContain('secretsmanager:GetSecretValue');
    expect(secretsOf(json)).toEqual([]);
  });

  it('with a mainland SMS provider grants no sns:Publish, only reading exactly its keys’ secret, and passes the checked templates', () => {
    const template = synth(aliyun);
    const [[secretId, secret]] = secretsOf(template) as [[string, Resource]];
    expect(secret.DeletionPolicy).toBe('Retain');
    for (const [name] of functions) expect(actionsOf(template, name), name).not.toContain('sns:Publish');
    const reading = functions.filter(([name]) => actionsOf(template, name).includes('secretsmanager:GetSecretValue')).map(([n]) => n);
    expect(reading).toEqual(['volunteer-self', 'send-notifications']);
    expect(statementsOf(template, 'send-notifications').filter((st) => st.Action === 'secretsmanager:GetSecretValue')).toEqual([
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: { Ref: secretId } },
    ]);
    const variables = variablesOf(template, 'send-notifications');
    expect(variables[SMS_PROVIDER_ENV]).toBe('aliyun');
    expect(variables[SMS_SECRET_ENV]).toEqual({ Ref: secretId });
    expect(JSON.parse(variables[SMS_TEMPLATES_ENV])).toMatchObject({ provider: 'aliyun', signName: '社区志愿服务' });
    // Email stays as chosen (SES by default).
    expect(actionsOf(template, 'send-notifications')).toContain('ses:SendEmail');
  });

  it('reads the template config from a file, and references an existing secret instead of creating one', () => {
    const file = `${mkdtempSync(join(tmpdir(), 'paidan-sms-'))}/tencent.json`;
    writeFileSync(file, JSON.stringify(tencentTemplates));
    const arn = 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:paidan/tencent-sms-AbC123';
    const template = synth({ smsProvider: 'tencent', smsTemplates: file, smsSecretArn: arn });
    expect(secretsOf(template)).toEqual([]);
    expect(statementsOf(template, 'send-notifications').filter((st) => st.Action === 'secretsmanager:GetSecretValue')).toEqual([
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: arn },
    ]);
    expect(variablesOf(template, 'send-notifications')[SMS_SECRET_ENV]).toBe(arn);
  });

  it('with SMTP grants no ses:SendEmail, only reading the password’s secret, and passes the SMTP settings', () => {
    const template = synth(smtp);
    for (const [name] of functions) expect(actionsOf(template, name), name).not.toContain('ses:SendEmail');
    const [[secretId]] = secretsOf(template) as [[string, Resource]];
    expect(statementsOf(template, 'send-notifications').filter((st) => st.Action === 'secretsmanager:GetSecretValue')).toEqual([
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: { Ref: secretId } },
    ]);
    const variables = variablesOf(template, 'send-notifications');
    expect(variables[EMAIL_TRANSPORT_ENV]).toBe('smtp');
    expect(variables[EMAIL_FROM_ENV]).toBe('notices@example.gov.cn');
    expect(JSON.parse(variables[SMTP_SETTINGS_ENV])).toEqual({ host: 'smtp.example.gov.cn', port: 587, tls: 'starttls', user: 'paidan' });
    expect(variables[SMTP_SECRET_ENV]).toEqual({ Ref: secretId });
    expect(variablesOf(template, 'admin-teams')[EMAIL_TRANSPORT_ENV]).toBe('smtp');
  });

  it('with both mainland choices grants neither SNS nor SES to any function', () => {
    const template = synth({ ...aliyun, ...smtp });
    for (const [name] of functions) {
      expect(
        actionsOf(template, name).filter((a) => a.startsWith('sns:') || a.startsWith('ses:')),
        name,
      ).toEqual([]);
    }
  });

  it('with email off grants nothing for email, tells the team API, and says so in one sentence at synth', () => {
    const { stack } = buildApp({ context: { ...NO_BUNDLING, emailTransport: 'off' }, nag: false });
    const template = Template.fromStack(stack).toJSON();
    for (const [name] of functions) expect(actionsOf(template, name), name).not.toContain('ses:SendEmail');
    expect(variablesOf(template, 'send-notifications')[EMAIL_TRANSPORT_ENV]).toBe('off');
    expect(variablesOf(template, 'admin-teams')[EMAIL_TRANSPORT_ENV]).toBe('off');
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('^Email is off'));
    expect(warnings.map((w) => String(w.entry.data).replace(/ \[ack: .*\]$/, ''))).toEqual([EMAIL_OFF_NOTICE]);
  });

  it.each([
    ['aliyun and smtp', { ...aliyun, ...smtp }],
    ['tencent and email off', { emailTransport: 'off', smsProvider: 'tencent', smsTemplates: JSON.stringify(tencentTemplates) }],
  ])(
    'passes cdk-nag with mainland choices (%s)',
    (_, context) => {
      const { app } = buildApp({ context: { ...NO_BUNDLING, ...context } });
      const report = new AwsSolutionsChecks(app).validateScope(app);
      expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    },
    30_000,
  );

  const withoutAccepted = { ...aliyunTemplates, templates: { ...aliyunTemplates.templates, accepted: undefined } };
  const tooLong = {
    ...tencentTemplates,
    templates: { ...tencentTemplates.templates, offer: { templateId: '2000001', params: [{ value: 'area', maxLength: 20 }] } },
  };
  it.each([
    [{ smsProvider: 'twilio' }, 'Context option smsProvider must be one of sns, aliyun, tencent; got "twilio".'],
    [
      { smsProvider: 'aliyun' },
      'Context option smsTemplates must name the SMS template config (a JSON file, see docs/china-notifications.md) when smsProvider is aliyun.',
    ],
    [
      { smsProvider: 'aliyun', smsTemplates: JSON.stringify(withoutAccepted) },
      'Context option smsTemplates: The SMS template config has no template for the "accepted" notice; every notice kind needs one (offer, offer-cancelled, received, accepted, completed, escalated, expired, rejected, sign-in-code).',
    ],
    [
      { smsProvider: 'tencent', smsTemplates: JSON.stringify(tooLong) },
      'Context option smsTemplates: The SMS template for the "offer" notice allows {1} 20 characters, over tencent\'s limit of 12 per variable (paramMaxLength).',
    ],
    [
      { smsProvider: 'aliyun', smsTemplates: 'no-such-file.json' },
      'Context option smsTemplates names "no-such-file.json", which cannot be read.',
    ],
    [
      { emailTransport: 'smtp', emailFrom: 'notices@example.gov.cn' },
      "Context option smtpHost must name the center's mail server (e.g. smtp.example.gov.cn) when emailTransport is smtp.",
    ],
    [{ emailTransport: 'pigeon' }, 'Context option emailTransport must be one of ses, smtp, off; got "pigeon".'],
    [
      { ...smtp, smtpTls: 'none' },
      'Context option smtpTls=none would send the SMTP password in the clear; use starttls or tls when smtpUser is set.',
    ],
    [{ smtpHost: 'smtp.example.gov.cn' }, 'Context option smtpHost applies only with -c emailTransport=smtp.'],
  ])('refuses a bad notification option with one sentence: %#', (context, message) => {
    expect(() => buildApp({ context: { ...NO_BUNDLING, ...context }, nag: false })).toThrow(message);
  });

  it('refuses SNS SMS and SES in a China region, where neither exists', () => {
    const app = new App({ context: NO_BUNDLING });
    expect(() => new PaidanStack(app, 'PaidanCn', { env: { region: 'cn-north-1', account: '123456789012' } })).toThrow(
      'SMS through Amazon SNS is not available in cn-north-1; set -c smsProvider=aliyun or tencent with -c smsTemplates=<file>.',
    );
  });
});
