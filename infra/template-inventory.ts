import { FUNCTION_TAG, QUEUE_TAG } from './resource-tags';

/** What a deployment exposes, in topology names; compared with the local stack's inventory. */
export interface TemplateInventory {
  /** `METHOD path`, as in API Gateway route keys, e.g. `GET /services`. */
  readonly routes: string[];
  /** Route keys behind a JWT authorizer: the topology's `auth: 'admin'` routes. */
  readonly adminRoutes: string[];
  /** Topology queue names (dead-letter queues excluded). */
  readonly queues: string[];
  /** How each of them keeps and redelivers messages, and that it has a dead-letter queue. */
  readonly queueSettings: QueueSettings[];
  readonly eventSources: Array<{ queue: string; function: string; batchSize: number }>;
  readonly schedules: Array<{ function: string; everyMinutes: number }>;
  /**
   * Who may message people outside, read from IAM: `sms` is sns:Publish on `*` (a phone number;
   * a topic would have its ARN), `email` is ses:SendEmail.
   */
  readonly messaging: Array<{ function: string; channel: 'sms' | 'email' }>;
  /** Each function's environment names, without the ones every function gets ({@link RUNTIME_ENVIRONMENT}). */
  readonly environment: Array<{ function: string; names: string[] }>;
}

export interface QueueSettings {
  readonly queue: string;
  readonly visibilityTimeoutSeconds: number;
  readonly retentionSeconds: number;
  readonly maxReceiveCount: number;
  readonly deadLetterQueue: boolean;
}

/** Set on every function whatever its access (service name, log level, Node options): not topology. */
export const RUNTIME_ENVIRONMENT: readonly string[] = ['POWERTOOLS_SERVICE_NAME', 'LOG_LEVEL', 'NODE_OPTIONS'];

interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

/** The part of a synthesized CloudFormation template this reader needs. */
export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
}

/**
 * Reads the inventory from a synthesized template (`Template.toJSON()` or `cdk.out/*.template.json`).
 * Resources are mapped back to topology names through the `paidan:*` tags the constructs set,
 * never through logical IDs. Every list is sorted, so two inventories compare with `toEqual`.
 */
export function templateInventory(template: CfnTemplate): TemplateInventory {
  const resources = template.Resources ?? {};
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const tagged = (logicalId: string | undefined, key: string): string => {
    const tags = logicalId ? resources[logicalId]?.Properties?.Tags : undefined;
    const tag = Array.isArray(tags) ? (tags as Array<{ Key: string; Value: unknown }>).find((t) => t.Key === key) : undefined;
    if (typeof tag?.Value !== 'string') throw new Error(`Resource ${logicalId ?? '(unresolved)'} has no ${key} tag`);
    return tag.Value;
  };

  const routes = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => String(r.Properties?.RouteKey));

  const adminRoutes = ofType('AWS::ApiGatewayV2::Route')
    .filter(([, r]) => {
      const authorizer = resources[referencedId(r.Properties?.AuthorizerId) ?? ''];
      return (
        r.Properties?.AuthorizationType === 'JWT' &&
        authorizer?.Type === 'AWS::ApiGatewayV2::Authorizer' &&
        authorizer.Properties?.AuthorizerType === 'JWT'
      );
    })
    .map(([, r]) => String(r.Properties?.RouteKey));

  const queues = ofType('AWS::SQS::Queue')
    .filter(([id]) => hasTag(resources[id], QUEUE_TAG))
    .map(([id]) => tagged(id, QUEUE_TAG));

  const queueSettings = ofType('AWS::SQS::Queue')
    .filter(([id]) => hasTag(resources[id], QUEUE_TAG))
    .map(([id, r]) => {
      const redrive = (r.Properties?.RedrivePolicy ?? {}) as { maxReceiveCount?: unknown; deadLetterTargetArn?: unknown };
      return {
        queue: tagged(id, QUEUE_TAG),
        // CloudFormation's defaults when absent.
        visibilityTimeoutSeconds: Number(r.Properties?.VisibilityTimeout ?? 30),
        retentionSeconds: Number(r.Properties?.MessageRetentionPeriod ?? 4 * 86400),
        maxReceiveCount: Number(redrive.maxReceiveCount ?? 0),
        deadLetterQueue: resources[referencedId(redrive.deadLetterTargetArn) ?? '']?.Type === 'AWS::SQS::Queue',
      };
    })
    .sort((a, b) => a.queue.localeCompare(b.queue));

  const eventSources = ofType('AWS::Lambda::EventSourceMapping').map(([, r]) => ({
    queue: tagged(referencedId(r.Properties?.EventSourceArn), QUEUE_TAG),
    function: tagged(referencedId(r.Properties?.FunctionName), FUNCTION_TAG),
    // CloudFormation's default when BatchSize is absent, for SQS.
    batchSize: Number(r.Properties?.BatchSize ?? 10),
  }));

  const schedules = ofType('AWS::Events::Rule').flatMap(([, r]) => {
    const everyMinutes = rateInMinutes(String(r.Properties?.ScheduleExpression));
    const targets = (r.Properties?.Targets ?? []) as Array<{ Arn: unknown }>;
    return targets.map((target) => ({ function: tagged(referencedId(target.Arn), FUNCTION_TAG), everyMinutes }));
  });

  const functions = ofType('AWS::Lambda::Function').map(([id, r]) => ({
    name: tagged(id, FUNCTION_TAG),
    role: referencedId(r.Properties?.Role),
    variables: (r.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {},
  }));

  const messaging = ofType('AWS::IAM::Policy').flatMap(([, r]) => {
    const roles = ((r.Properties?.Roles ?? []) as unknown[]).map(referencedId);
    const document = r.Properties?.PolicyDocument as { Statement?: PolicyStatement[] } | undefined;
    const channels = (document?.Statement ?? []).flatMap((statement) => channelsOf(statement));
    return functions
      .filter((fn) => fn.role !== undefined && roles.includes(fn.role))
      .flatMap((fn) => channels.map((channel) => ({ function: fn.name, channel })));
  });

  const environment = functions.map((fn) => ({
    function: fn.name,
    names: Object.keys(fn.variables)
      .filter((name) => !RUNTIME_ENVIRONMENT.includes(name))
      .sort(),
  }));

  const byJson = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));
  return {
    routes: routes.sort(),
    adminRoutes: adminRoutes.sort(),
    queues: queues.sort(),
    queueSettings,
    eventSources: eventSources.sort(byJson),
    schedules: schedules.sort(byJson),
    messaging: [...new Map(messaging.map((m) => [JSON.stringify(m), m])).values()].sort(byJson),
    environment: environment.sort(byJson),
  };
}

interface PolicyStatement {
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly Resource?: unknown;
}

function channelsOf(statement: PolicyStatement): Array<'sms' | 'email'> {
  if (statement.Effect !== 'Allow') return [];
  const actions = [statement.Action ?? []].flat();
  const resources = [statement.Resource ?? []].flat();
  const channels: Array<'sms' | 'email'> = [];
  if (actions.includes('sns:Publish') && resources.includes('*')) channels.push('sms');
  if (actions.includes('ses:SendEmail')) channels.push('email');
  return channels;
}

function hasTag(resource: CfnResource | undefined, key: string): boolean {
  const tags = resource?.Properties?.Tags;
  return Array.isArray(tags) && tags.some((t: { Key?: unknown }) => t.Key === key);
}

/** The logical ID behind `{ Ref: id }` or `{ 'Fn::GetAtt': [id, attr] }`. */
function referencedId(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const ref = (value as { Ref?: unknown }).Ref;
  if (typeof ref === 'string') return ref;
  const getAtt = (value as { 'Fn::GetAtt'?: unknown })['Fn::GetAtt'];
  return Array.isArray(getAtt) && typeof getAtt[0] === 'string' ? getAtt[0] : undefined;
}

/** `rate(1 minute)`, `rate(5 minutes)`, `rate(1 hour)`…: CDK writes 60 minutes as an hour. */
export function rateInMinutes(expression: string): number {
  const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (!match) throw new Error(`Not a rate expression: ${expression}`);
  const unit = match[2]!.replace(/s$/, '');
  const factor = unit === 'minute' ? 1 : unit === 'hour' ? 60 : 24 * 60;
  return Number(match[1]) * factor;
}
