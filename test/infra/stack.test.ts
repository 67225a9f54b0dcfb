import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { DEAD_LETTER_QUEUE_TAG, FUNCTION_TAG, QUEUE_TAG } from '../../infra/resource-tags';
import { templateInventory } from '../../infra/template-inventory';
import { topologyProblems, type Topology } from '../../infra/topology-checks';
import { environmentNames, topology, VISIBILITY_TO_TIMEOUT_RATIO, type FunctionSpec, type QueueName } from '../../infra/topology';

// Skips esbuild: these tests read the template, not the bundles.
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

const json = Template.fromStack(buildApp({ context: NO_BUNDLING, nag: false }).stack).toJSON();
const resources = json.Resources as Record<string, Resource>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const tagOf = (r: Resource, key: string) => (r.Properties.Tags as { Key: string; Value: string }[] | undefined)?.find((t) => t.Key === key)?.Value;
const taggedId = (type: string, key: string, value: string): string => {
  const found = ofType(type).filter(([, r]) => tagOf(r, key) === value);
  expect(found, `${type} tagged ${key}=${value}`).toHaveLength(1);
  return found[0]![0];
};
/** `{Ref: id}`, `{'Fn::GetAtt': [id, _]}`, `{'Fn::Join': ['', parts]}` → the ids and literals they name. */
const named = (v: any): string =>
  typeof v === 'string' ? v : v.Ref ?? v['Fn::GetAtt']?.[0] ?? (v['Fn::Join'][1] as unknown[]).map(named).join('');

const fnId = (name: string) => taggedId('AWS::Lambda::Function', FUNCTION_TAG, name);
const queueId = (name: string) => taggedId('AWS::SQS::Queue', QUEUE_TAG, name);
const dlqId = (name: string) => taggedId('AWS::SQS::Queue', DEAD_LETTER_QUEUE_TAG, name);
const [tableId] = ofType('AWS::DynamoDB::Table').map(([id]) => id);
const functions = Object.entries(topology.functions) as [string, FunctionSpec][];
const queueNames = Object.keys(topology.queues) as QueueName[];
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
      expect(statements).toContainEqual(expect.objectContaining({
        Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }));
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
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    });
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(topology.table.indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [{ AttributeName: index.partitionKey, KeyType: 'HASH' }, { AttributeName: index.sortKey, KeyType: 'RANGE' }],
      Projection: { ProjectionType: 'ALL' },
    })));
  });

  it('alarms on every dead-letter queue through the encrypted alarm topic', () => {
    const [[topicId, topic]] = ofType('AWS::SNS::Topic') as [[string, Resource]];
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    // enforceSSL's topic policy replaces the default one; CloudWatch must still be let in.
    expect(ofType('AWS::SNS::TopicPolicy').flatMap(([, p]) => p.Properties.PolicyDocument.Statement)).toContainEqual(
      expect.objectContaining({ Effect: 'Allow', Action: 'sns:Publish', Principal: { Service: 'cloudwatch.amazonaws.com' } }),
    );
    for (const name of queueNames) {
      const alarms = ofType('AWS::CloudWatch::Alarm').filter(([, a]) => named(a.Properties.Dimensions[0].Value) === dlqId(name));
      expect(alarms).toHaveLength(1);
      expect(alarms[0]![1].Properties).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible', Namespace: 'AWS/SQS', Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [{ Ref: topicId }],
      });
    }
  });

  it('runs every function on nodejs22.x arm64 with the topology timeout and memory', () => {
    expect(ofType('AWS::Lambda::Function')).toHaveLength(functions.length);
    for (const [name, spec] of functions) {
      expect(resources[fnId(name)]!.Properties).toMatchObject({
        Runtime: 'nodejs22.x', Architectures: ['arm64'], Timeout: spec.timeoutSeconds, MemorySize: spec.memoryMb,
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

  it('gives each function exactly the environment its topology access implies', () => {
    for (const [name, spec] of functions) {
      const variables = resources[fnId(name)]!.Properties.Environment.Variables as Record<string, unknown>;
      const expected = [...environmentNames(spec), 'POWERTOOLS_SERVICE_NAME', 'NODE_OPTIONS', 'LOG_LEVEL'];
      expect(Object.keys(variables).sort()).toEqual(expected.sort());
      expect(variables.POWERTOOLS_SERVICE_NAME).toBe(name);
      if (spec.table) expect(named(variables.TABLE_NAME)).toBe(tableId);
      if (spec.queues?.dispatch === 'send') expect(named(variables.DISPATCH_QUEUE_URL)).toBe(queueId('dispatch'));
    }
  });

  it('routes every http trigger to its own function, and nothing else', () => {
    const expected = functions.flatMap(([name, s]) => s.triggers.flatMap((t) => (t.kind === 'http' ? [`${t.method} ${t.path} -> ${name}`] : [])));
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
      StageName: '$default', AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: topology.api.throttle.rateLimit, ThrottlingBurstLimit: topology.api.throttle.burstLimit },
    });
    expect(resources[named(stage.Properties.AccessLogSettings.DestinationArn)]!.Type).toBe('AWS::Logs::LogGroup');
  });

  it('schedules every schedule trigger at its rate', () => {
    const expected = functions.flatMap(([name, s]) => s.triggers.flatMap((t) =>
      t.kind === 'schedule' ? [`${Schedule.rate(Duration.minutes(t.everyMinutes)).expressionString} -> ${name}`] : []));
    const rules = ofType('AWS::Events::Rule').flatMap(([, rule]) => rule.Properties.Targets.map((target: { Arn: unknown }) =>
      `${rule.Properties.ScheduleExpression} -> ${tagOf(resources[named(target.Arn)]!, FUNCTION_TAG)}`));
    expect(rules.sort()).toEqual(expected.sort());
  });

  it('outputs the API URL, table name, queue URLs and alarm topic', () => {
    expect(Object.keys(json.Outputs)).toEqual(expect.arrayContaining(['ApiUrl', 'TableName', 'DispatchQueueUrl', 'AlarmTopicArn']));
  });

  it('reads back the topology as its inventory', () => {
    const triggers = functions.flatMap(([name, s]) => s.triggers.map((t) => ({ name, t })));
    expect(templateInventory(json)).toEqual({
      routes: triggers.flatMap(({ t }) => (t.kind === 'http' ? [`${t.method} ${t.path}`] : [])).sort(),
      queues: [...queueNames].sort(),
      eventSources: triggers.flatMap(({ name, t }) => (t.kind === 'queue' ? [{ queue: t.queue, function: name, batchSize: t.batchSize }] : [])),
      schedules: triggers
        .flatMap(({ name, t }) => (t.kind === 'schedule' ? [{ function: name, everyMinutes: t.everyMinutes }] : []))
        .sort((x, y) => x.function.localeCompare(y.function)),
    });
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

  it('passes cdk-nag AwsSolutions with every finding fixed or acknowledged', () => {
    const { app } = buildApp({ context: NO_BUNDLING });
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    expect(() => app.synth()).not.toThrow();
  }, 30_000);
});

/** `action resource` pairs, sorted; resources by logical ID as `named` renders them. */
function expectedGrants(spec: FunctionSpec, logGroupId: string): string[] {
  const grants = ['logs:CreateLogStream', 'logs:PutLogEvents'].map((a) => `${a} ${logGroupId}`);
  if (spec.table === 'read' || spec.table === 'readwrite') {
    grants.push(`dynamodb:GetItem ${tableId}`, `dynamodb:Query ${tableId}`, `dynamodb:BatchGetItem ${tableId}`);
    grants.push(...topology.table.indexes.map((index) => `dynamodb:Query ${tableId}/index/${index.name}`));
  }
  if (spec.table === 'write' || spec.table === 'readwrite') {
    grants.push(...['PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem', 'BatchWriteItem'].map((a) => `dynamodb:${a} ${tableId}`));
  }
  for (const [queue, access] of Object.entries(spec.queues ?? {}) as [QueueName, string][]) {
    const actions = access === 'send'
      ? ['SendMessage']
      // What the SQS event source grants the function for polling on its behalf.
      : ['ReceiveMessage', 'DeleteMessage', 'ChangeMessageVisibility', 'GetQueueAttributes', 'GetQueueUrl'];
    grants.push(...actions.map((a) => `sqs:${a} ${queueId(queue)}`));
  }
  return grants.sort();
}
