/**
 * What the stack may use in each partition: every CloudFormation resource type and every IAM
 * action a synthesized template allows, each with the page of the AWS China guide ("Getting
 * Started with Amazon Web Services in China") that says whether the Beijing and Ningxia regions
 * offer it. test/infra/partitions.test.ts synthesizes both partitions and fails on anything a
 * template holds that this list does not allow there.
 */

export type Partition = 'aws' | 'aws-cn';

/** The AWS China regions, both in the `aws-cn` partition (AWS China guide, "General information"). */
export const CHINA_REGIONS: readonly string[] = ['cn-north-1', 'cn-northwest-1'];

export function partitionOf(region: string): Partition {
  return CHINA_REGIONS.includes(region) || region.startsWith('cn-') ? 'aws-cn' : 'aws';
}

/**
 * Resource types a partition offers but cannot tag: CloudFormation fails to create them with
 * `Tags`. In China, Lambda's event source mappings (AWS China guide, "AWS Lambda": "event source
 * mapping (ESM) tags are not available in the China Regions").
 */
export const UNTAGGABLE: Readonly<Record<Partition, readonly string[]>> = {
  aws: [],
  'aws-cn': ['AWS::Lambda::EventSourceMapping'],
};

/**
 * How a statement's action is named here: its IAM action, except `sns:Publish` on `*`, which is
 * SMS to a phone number (a topic would have an ARN) and is listed apart from publishing to a topic.
 */
export const SMS_PUBLISH = 'sns:Publish (SMS to a phone number)';

export interface ServiceUse {
  readonly service: string;
  readonly resourceTypes: readonly string[];
  /** IAM actions in Allow statements (identity and resource policies). */
  readonly actions: readonly string[];
  readonly partitions: readonly Partition[];
  /** The AWS China guide's page for the service. */
  readonly guide: string;
  /** What the page says that matters here, and how the stack follows it. */
  readonly note: string;
}

const guide = (page: string) => `https://docs.amazonaws.cn/en_us/aws/latest/userguide/${page}.html`;
const BOTH: readonly Partition[] = ['aws', 'aws-cn'];
const GLOBAL_ONLY: readonly Partition[] = ['aws'];

export const SERVICE_USES: readonly ServiceUse[] = [
  {
    service: 'AWS Lambda',
    resourceTypes: ['AWS::Lambda::Function', 'AWS::Lambda::Permission', 'AWS::Lambda::EventSourceMapping'],
    actions: ['lambda:InvokeFunction'],
    partitions: BOTH,
    guide: guide('lambda'),
    note: 'Beijing and Ningxia. No X-Ray integration, no function URLs and no tags on event source mappings there: synth refuses -c tracing=true in a China region, no function has a URL, and no queue trigger is tagged (UNTAGGABLE).',
  },
  {
    service: 'Amazon API Gateway (HTTP APIs)',
    resourceTypes: [
      'AWS::ApiGatewayV2::Api',
      'AWS::ApiGatewayV2::Authorizer',
      'AWS::ApiGatewayV2::Integration',
      'AWS::ApiGatewayV2::Route',
      'AWS::ApiGatewayV2::Stage',
      'AWS::ApiGatewayV2::DomainName',
      'AWS::ApiGatewayV2::ApiMapping',
    ],
    actions: [],
    partitions: BOTH,
    guide: guide('api-gateway'),
    note:
      'Beijing and Ningxia. No Cognito authorizers: the admin routes use a JWT authorizer on the configured OpenID issuer. ' +
      'Unauthenticated requests (the resident form) are served only for an account with an ICP filing, and custom domains need one; ' +
      'no edge-optimized custom domains: -c domainName makes a regional one, with an ACM certificate of the same region (imported, as the ACM page lists no difference there).',
  },
  {
    service: 'Amazon DynamoDB',
    resourceTypes: ['AWS::DynamoDB::Table'],
    actions: [
      'dynamodb:BatchGetItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:ConditionCheckItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:Scan',
      'dynamodb:UpdateItem',
    ],
    partitions: BOTH,
    guide: guide('dynamodb'),
    note: 'Beijing and Ningxia; only multi-Region strongly consistent global tables differ, which the stack does not use.',
  },
  {
    service: 'Amazon SQS',
    resourceTypes: ['AWS::SQS::Queue', 'AWS::SQS::QueuePolicy'],
    actions: [
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
      'sqs:SendMessage',
    ],
    partitions: BOTH,
    guide: guide('sqs'),
    note:
      "Beijing and Ningxia, with SSE. SQS's own dead-letter redrive is not offered there: the console's redrive receives, " +
      're-sends and deletes messages itself (shared/adapters/sqs/dead-letters.ts), so it works in both partitions.',
  },
  {
    service: 'Amazon EventBridge (scheduled rules)',
    resourceTypes: ['AWS::Events::Rule'],
    actions: [],
    partitions: BOTH,
    guide: guide('eventbridge'),
    note: 'Scheduled rules invoke the sweeps; EventBridge is offered in both China regions (its pages on docs.amazonaws.cn name their endpoints).',
  },
  {
    service: 'Amazon CloudWatch (alarms)',
    resourceTypes: ['AWS::CloudWatch::Alarm'],
    actions: [],
    partitions: BOTH,
    guide: guide('cloudwatch'),
    note: "Metric alarms on the dead-letter queues and on the scheduled functions' failed runs (a metric math sum), offered in both China regions.",
  },
  {
    service: 'Amazon CloudWatch Logs',
    resourceTypes: ['AWS::Logs::LogGroup', 'AWS::Logs::MetricFilter'],
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    partitions: BOTH,
    guide: guide('cloudwatchlogs'),
    note: 'One log group per function and the API access logs, kept a year (compliance.ts); a metric filter counts the ERROR lines of each scheduled function for its alarm (metric filters are documented on docs.amazonaws.cn, "Creating metric filters").',
  },
  {
    service: 'Amazon SNS (topics, email subscriptions)',
    resourceTypes: ['AWS::SNS::Topic', 'AWS::SNS::TopicPolicy', 'AWS::SNS::Subscription'],
    actions: ['sns:Publish'],
    partitions: BOTH,
    guide: guide('sns'),
    note: 'Topics and email subscriptions for alarms exist in both China regions; SMS and mobile push do not (next entry).',
  },
  {
    service: 'Amazon SNS SMS messaging',
    resourceTypes: [],
    actions: [SMS_PUBLISH],
    partitions: GLOBAL_ONLY,
    guide: guide('sns'),
    note: 'Not available in Beijing or Ningxia: there SMS goes through Alibaba Cloud or Tencent Cloud (docs/china-notifications.md).',
  },
  {
    service: 'AWS Key Management Service',
    resourceTypes: ['AWS::KMS::Key'],
    actions: ['kms:*', 'kms:Decrypt', 'kms:GenerateDataKey*'],
    partitions: BOTH,
    guide: guide('kms'),
    note: "The alarm topic's key: kms:* is the account's own administration of it (CDK's default key policy).",
  },
  {
    service: 'AWS Secrets Manager',
    resourceTypes: ['AWS::SecretsManager::Secret'],
    actions: ['secretsmanager:GetSecretValue'],
    partitions: BOTH,
    guide: guide('secretsmanager'),
    note: 'Beijing and Ningxia; the SMS provider keys and the SMTP password. Only DocumentDB features and managed external secrets differ.',
  },
  {
    service: 'AWS Identity and Access Management',
    resourceTypes: ['AWS::IAM::Role', 'AWS::IAM::Policy'],
    actions: ['sts:AssumeRole'],
    partitions: BOTH,
    guide: guide('iam'),
    note: 'One role per function. Service principals are written by CDK for the partition; every ARN uses the partition of the region.',
  },
  {
    service: 'Amazon Cognito user pools',
    resourceTypes: [
      'AWS::Cognito::UserPool',
      'AWS::Cognito::UserPoolClient',
      'AWS::Cognito::UserPoolDomain',
      'AWS::Cognito::UserPoolGroup',
      'AWS::Cognito::ManagedLoginBranding',
    ],
    actions: [],
    partitions: GLOBAL_ONLY,
    guide: guide('cognito'),
    note: 'User pools are not available in the China regions: there staff sign in through the OpenID issuer named by -c oidcIssuer.',
  },
  {
    service: 'Amazon SES',
    resourceTypes: [],
    actions: ['ses:SendEmail'],
    partitions: GLOBAL_ONLY,
    guide: guide('services'),
    note: 'Not among the services the guide lists for Beijing and Ningxia: there email goes through SMTP, or is off.',
  },
  {
    service: 'AWS X-Ray',
    resourceTypes: [],
    actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
    partitions: GLOBAL_ONLY,
    guide: guide('lambda'),
    note: 'Only with -c tracing=true, which synth refuses in a China region (no X-Ray integration with Lambda there).',
  },
];

/** The resource types and actions the list allows in `partition`. */
export function allowedIn(partition: Partition): { resourceTypes: Set<string>; actions: Set<string> } {
  const uses = SERVICE_USES.filter((use) => use.partitions.includes(partition));
  return {
    resourceTypes: new Set(uses.flatMap((use) => use.resourceTypes)),
    actions: new Set(uses.flatMap((use) => use.actions)),
  };
}

/** What a region cannot have, as one sentence naming the option to change; undefined when all is offered. */
export function regionRefusal(region: string, options: { tracing?: boolean }): string | undefined {
  if (partitionOf(region) === 'aws-cn' && options.tracing) {
    return `AWS X-Ray is not integrated with Lambda in ${region} (AWS China guide, "AWS Lambda"); drop -c tracing=true.`;
  }
  return undefined;
}

/**
 * The one sentence synth prints when a China deployment names no address of its own: links,
 * redirects and the console's sign-in would name the execute-api address, which serves
 * unauthenticated requests only for an ICP-filed account.
 */
export function chinaAddressNotice(region: string, address: { readonly url?: string; readonly customDomain?: object }): string | undefined {
  if (partitionOf(region) !== 'aws-cn' || address.url !== undefined || address.customDomain !== undefined) return undefined;
  return (
    `No -c domainName in ${region}: every link in SMS and webhooks, and the console's sign-in, would name the execute-api address, ` +
    'which API Gateway serves to residents only for an ICP-filed account. ' +
    'Deploy with -c domainName=<the ICP-filed domain> -c certificateArn=<its ACM certificate> (docs/deploy-china.md, step 1).'
  );
}
