/**
 * The whole system on one machine: DynamoDB Local, local-aws-sqs, and every function of the
 * topology behind its trigger (HTTP routes, queue pollers, schedules). Built from the same
 * `topology` as the CDK stack; `inventory()` reports what is really running so a test can
 * compare it with the synthesized template.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createSqsServer } from 'local-aws-sqs';
import {
  EMAIL_FROM_ENV,
  EMAIL_TRANSPORT_ENV,
  PUBLIC_URL_ENV,
  RETENTION_DAYS_ENV,
  SMS_ENDPOINT_ENV,
  SMS_PROVIDER_ENV,
  SMS_SECRET_ENV,
  SMS_TEMPLATES_ENV,
  SMTP_SECRET_ENV,
  SMTP_SETTINGS_ENV,
  SIGN_IN_CLIENT_ENV,
  SIGN_IN_DOMAIN_ENV,
  STAFF_SIGN_IN_ENV,
  TABLE_NAME_ENV,
  deadLetterUrlEnv,
  functionNames,
  queueUrlEnv,
  routeKey,
  topology,
  type FunctionName,
  type QueueName,
} from '#shared/topology/topology';
import { BUNDLE_FILE, buildBundles, REPO_ROOT } from '../function-bundles';
import { startLocalSecrets } from './local-secrets';
import { devOutboxRoute } from './dev-outbox-route';
import { demoStaff, type LocalIdentityProvider, type LocalStaffAccount, startLocalIdentityProvider } from './identity-provider';
import { staffTokenVerifier } from '#shared/http/staff-token';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { startHttpServer, type LocalRoute } from './http-server';
import { loadFunction, type LocalFunction } from './lambda-runtime';
import { printLog, type LocalLog } from './log-line';
import { assertPortFree, freePort } from './ports';
import { createQueue, createTable, type ProvisionedQueue } from './provision';
import type { QueueSettings } from '../template-inventory';
import { pollerRequestHandler, startQueuePoller, type QueuePoller } from './queue-poller';
import { DEFAULT_RETENTION_DAYS } from '#shared/domain/retention';
import { startSchedule, type LocalSchedule } from './scheduler';

export interface LocalStackOptions {
  /** HTTP port; 0 picks a free one. Default 3000. */
  readonly port?: number;
  /** Keep DynamoDB data in this directory across restarts; in memory when omitted. */
  readonly dataDir?: string;
  readonly log?: LocalLog;
  /** Test-only: shorter visibility timeouts so redelivery and DLQ tests need not wait minutes. */
  readonly queueVisibilitySeconds?: Partial<Record<QueueName, number>>;
  /** Run the schedules on their timers (default true); tests may drive them by `runNow`. */
  readonly runSchedules?: boolean;
  /** Batches each queue consumer handles at once, as Lambda scales out (default 2). */
  readonly consumerConcurrency?: number;
  /**
   * SMS through a mainland provider instead of the dev outbox alone: its template config (as
   * in `smsTemplates`), the API's base URL (a stub's), and the keys, served from a local
   * Secrets Manager. Default: SNS, which does not run locally (the dev outbox keeps the SMS).
   */
  readonly sms?: {
    readonly provider: 'aliyun' | 'tencent';
    readonly templates: unknown;
    readonly endpoint: string;
    readonly keys: Readonly<Record<string, string>>;
  };
  /** `off`: the deployment sends no email (the team API refuses email channels). Default `ses` (kept in the dev outbox). */
  readonly emailTransport?: 'ses' | 'off';
  /** Test-only: accounts at the local OpenID provider beside the two demo staff. */
  readonly extraStaffAccounts?: readonly LocalStaffAccount[];
  /**
   * Test-only: a DynamoDB Local already running (one per test run), and this stack's own table
   * on it, deleted at stop. Default: start a server of its own, with the table `paidan`.
   */
  readonly sharedDynamoDb?: { readonly endpoint: string; readonly tableName: string };
  /**
   * Run the bundles `cdk deploy` uploads (built at start by infra/function-bundles.ts with this
   * stack's SMS provider and email transport) instead of the TypeScript sources.
   */
  readonly bundled?: boolean;
}

/** ID tokens of the two demo staff, signed in through the local provider at start (valid an hour). */
export interface LocalAdminTokens {
  readonly center: string;
  readonly station: string;
}

export interface LocalInventory {
  readonly routes: string[];
  /** Routes behind the admin authorizer. */
  readonly adminRoutes: string[];
  readonly queues: string[];
  /** Read back from the running queues, not from the topology they were made from. */
  readonly queueSettings: QueueSettings[];
  readonly eventSources: Array<{ queue: string; function: string; batchSize: number }>;
  readonly schedules: Array<{ function: string; everyMinutes: number }>;
}

export interface LocalStack {
  readonly apiUrl: string;
  readonly tableName: string;
  readonly queues: Readonly<Record<QueueName, ProvisionedQueue>>;
  readonly dynamodb: DynamoDBClient;
  readonly sqs: SQSClient;
  readonly schedules: readonly LocalSchedule[];
  /** The in-process OpenID provider staff sign in with. */
  readonly identity: LocalIdentityProvider;
  /** Bearer tokens for the admin routes: the demo staff's ID tokens from `identity`, new at each start. */
  readonly adminTokens: LocalAdminTokens;
  inventory(): Promise<LocalInventory>;
  stop(): Promise<void>;
}

export const LOCAL_TABLE_NAME = 'paidan';

function sourceEntries(): Record<FunctionName, string> {
  return Object.fromEntries(functionNames.map((name) => [name, join(REPO_ROOT, topology.functions[name].entry)])) as Record<
    FunctionName,
    string
  >;
}

/** Every function's bundle, built into a directory removed at stop. */
function builtBundles(options: LocalStackOptions, stops: Array<() => Promise<void>>): Record<FunctionName, string> {
  const dir = mkdtempSync(join(tmpdir(), 'paidan-local-bundles-'));
  // Also when the process exits before the stack is up (Ctrl-C while it builds).
  const remove = () => rmSync(dir, { recursive: true, force: true });
  process.on('exit', remove);
  stops.push(async () => {
    process.off('exit', remove);
    remove();
  });
  const bundles = buildBundles(dir, { sms: options.sms?.provider ?? 'sns', email: options.emailTransport ?? 'ses' });
  return Object.fromEntries(bundles.map((b) => [b.name, join(b.dir, BUNDLE_FILE)])) as Record<FunctionName, string>;
}
const QUEUE_PREFIX = 'paidan';

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? printLog;
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch(() => undefined);
  };
  const requestedPort = options.port ?? 3000;
  try {
    if (requestedPort !== 0) await assertPortFree(requestedPort);
    // Known before the functions load: links in notices point at it.
    const port = requestedPort === 0 ? await freePort() : requestedPort;
    const apiUrl = `http://127.0.0.1:${port}`;
    const dynamo = await dynamoDbFor(options, stops);
    const tableName = options.sharedDynamoDb?.tableName ?? LOCAL_TABLE_NAME;
    const sqsPort = await freePort();
    const sqsServer: Server = await createSqsServer({ port: sqsPort, hostname: '127.0.0.1', emulateQueueCreationLifecycle: false });
    stops.push(() => new Promise<void>((r) => sqsServer.close(() => r())));
    const sqsEndpoint = `http://127.0.0.1:${sqsPort}`;

    // SDK clients in the handlers find the local servers through these, with no code switch.
    Object.assign(process.env, {
      AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SQS: sqsEndpoint,
      LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty',
    });
    const dynamodb = new DynamoDBClient({ endpoint: dynamo.endpoint });
    const sqs = new SQSClient({ endpoint: sqsEndpoint });
    await createTable(dynamodb, tableName, topology.table);
    if (options.sharedDynamoDb) stops.push(() => dynamodb.send(new DeleteTableCommand({ TableName: tableName })).then(() => undefined));
    const queues = {} as Record<QueueName, ProvisionedQueue>;
    for (const name of Object.keys(topology.queues) as QueueName[]) {
      queues[name] = await createQueue(sqs, QUEUE_PREFIX, name, topology.queues[name], options.queueVisibilitySeconds?.[name]);
    }

    // The provider's keys where the function reads them in AWS: Secrets Manager (a local one).
    const smsSecret = 'paidan/local/sms-provider';
    if (options.sms) {
      const secrets = await startLocalSecrets({ [smsSecret]: JSON.stringify(options.sms.keys) });
      stops.push(() => secrets.stop());
      process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = secrets.endpoint;
    }

    // Staff sign in with a real OpenID provider in process; the admin functions verify its tokens
    // as they verify a deployment's issuer's.
    const identity = await startLocalIdentityProvider({
      port: 0,
      consoleUrl: `${apiUrl}/console`,
      ...(options.extraStaffAccounts ? { extraAccounts: options.extraStaffAccounts } : {}),
    });
    stops.push(() => identity.stop());

    // No Cognito domain locally: empty sign-in settings make the console ask for a pasted token.
    const env: Record<string, string> = {
      [STAFF_SIGN_IN_ENV]: JSON.stringify(identity.staffSignIn),
      [TABLE_NAME_ENV]: tableName,
      [PUBLIC_URL_ENV]: apiUrl,
      [EMAIL_FROM_ENV]: '',
      [EMAIL_TRANSPORT_ENV]: options.emailTransport ?? 'ses',
      [SMTP_SETTINGS_ENV]: '',
      [SMTP_SECRET_ENV]: '',
      [SMS_PROVIDER_ENV]: options.sms?.provider ?? 'sns',
      [SMS_TEMPLATES_ENV]: options.sms ? JSON.stringify(options.sms.templates) : '',
      [SMS_SECRET_ENV]: options.sms ? smsSecret : '',
      [SMS_ENDPOINT_ENV]: options.sms?.endpoint ?? '',
      [SIGN_IN_DOMAIN_ENV]: '',
      [SIGN_IN_CLIENT_ENV]: '',
      [RETENTION_DAYS_ENV]: String(DEFAULT_RETENTION_DAYS),
    };
    for (const q of Object.values(queues)) Object.assign(env, { [queueUrlEnv(q.name)]: q.url, [deadLetterUrlEnv(q.name)]: q.dlqUrl });
    const modules = options.bundled ? builtBundles(options, stops) : sourceEntries();
    const functions: LocalFunction[] = [];
    for (const name of functionNames) functions.push(await loadFunction(modules[name], name, topology.functions[name], env));

    const routes: LocalRoute[] = functions.flatMap((fn) =>
      fn.spec.triggers.flatMap((t) => (t.kind === 'http' ? [{ trigger: t, fn }] : [])),
    );
    // The gateway's JWT authorizer: the same issuer and audience, checked by the same code.
    const gateway = staffTokenVerifier(identity.staffSignIn);
    const httpServer = await startHttpServer(routes, port, log, {
      localOnly: [devOutboxRoute(dynamodb, tableName)],
      adminClaims: gateway.claims,
    });
    stops.push(() => new Promise<void>((r) => (httpServer.closeAllConnections(), httpServer.close(() => r()))));

    // The event sources' own client: each poller holds a connection through its long polls, and
    // must never wait for one behind the other pollers (the SDK's default is 50 sockets); each
    // attempt is bounded above the long poll's wait.
    const pollerSqs = new SQSClient({
      endpoint: sqsEndpoint,
      requestHandler: pollerRequestHandler(),
    });
    const pollers: QueuePoller[] = functions.flatMap((fn) =>
      fn.spec.triggers.flatMap((t) =>
        t.kind === 'queue'
          ? Array.from({ length: options.consumerConcurrency ?? 2 }, () => startQueuePoller(pollerSqs, queues[t.queue], t, fn, log))
          : [],
      ),
    );
    stops.push(async () => {
      await Promise.all(pollers.map((p) => p.stop()));
      pollerSqs.destroy();
    });
    const schedules: LocalSchedule[] = functions.flatMap((fn) =>
      fn.spec.triggers.flatMap((t) =>
        t.kind === 'schedule'
          ? [startSchedule(fn, t.everyMinutes, options.runSchedules === false ? 86_400 : t.localEverySeconds, log)]
          : [],
      ),
    );
    stops.push(async () => void (await Promise.all(schedules.map((s) => s.stop()))));

    const [center, station] = await Promise.all(
      [demoStaff.center, demoStaff.station].map((a) => identity.signIn(a.login, a.password).then((t) => t.idToken)),
    );
    const adminTokens: LocalAdminTokens = { center: center!, station: station! };

    return {
      apiUrl,
      identity,
      tableName,
      queues,
      dynamodb,
      sqs,
      schedules,
      adminTokens,
      inventory: async () => {
        const listed = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: QUEUE_PREFIX }));
        const live = new Set((listed.QueueUrls ?? []).map((u) => u.split('/').pop()!));
        return {
          routes: routes.map((r) => routeKey(r.trigger)).sort(),
          adminRoutes: routes
            .filter((r) => r.trigger.auth === 'admin')
            .map((r) => routeKey(r.trigger))
            .sort(),
          queues: Object.values(queues)
            .filter((q) => live.has(`${QUEUE_PREFIX}-${q.name}`) && live.has(`${QUEUE_PREFIX}-${q.name}-dlq`))
            .map((q) => q.name)
            .sort(),
          queueSettings: await Promise.all(Object.values(queues).map((q) => queueSettingsOf(sqs, q))).then((all) =>
            all.sort((a, b) => a.queue.localeCompare(b.queue)),
          ),
          eventSources: [
            ...new Map(
              pollers.map((p) => [`${p.queue}>${p.functionName}`, { queue: p.queue, function: p.functionName, batchSize: p.batchSize }]),
            ).values(),
          ],
          schedules: schedules.map((s) => ({ function: s.functionName, everyMinutes: s.everyMinutes })),
        };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A running queue's settings, as SQS reports them, and whether its dead-letter queue exists. */
async function queueSettingsOf(sqs: SQSClient, queue: ProvisionedQueue): Promise<QueueSettings> {
  const { Attributes: a = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queue.url,
      AttributeNames: ['VisibilityTimeout', 'MessageRetentionPeriod', 'RedrivePolicy'],
    }),
  );
  const redrive = JSON.parse(a.RedrivePolicy ?? '{}') as { maxReceiveCount?: unknown; deadLetterTargetArn?: unknown };
  const dlq = await sqs
    .send(new GetQueueAttributesCommand({ QueueUrl: queue.dlqUrl, AttributeNames: ['QueueArn'] }))
    .catch(() => undefined);
  return {
    queue: queue.name,
    visibilityTimeoutSeconds: Number(a.VisibilityTimeout),
    retentionSeconds: Number(a.MessageRetentionPeriod),
    maxReceiveCount: Number(redrive.maxReceiveCount ?? 0),
    deadLetterQueue: dlq?.Attributes?.QueueArn !== undefined && dlq.Attributes.QueueArn === redrive.deadLetterTargetArn,
  };
}

/** The shared server when given (nothing to stop), else a server of this stack's own. */
async function dynamoDbFor(options: LocalStackOptions, stops: Array<() => Promise<void>>): Promise<Pick<DynamoDbLocal, 'endpoint'>> {
  if (options.sharedDynamoDb) return { endpoint: options.sharedDynamoDb.endpoint };
  const dynamo = await startDynamoDbLocal({ port: await freePort(), ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
  stops.push(() => dynamo.stop());
  return dynamo;
}
