import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssetHashType, DockerImage, Duration, Stack, Tags, Token, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BUNDLE_HANDLER, type BundleChoices, type BundleSource, buildBundles, REPO_ROOT } from '../function-bundles';
import { acknowledgeOutsideVpc, acknowledgeServiceEncryptedLogs } from '../compliance';
import { FUNCTION_TAG } from '../resource-tags';
import { UNTAGGABLE } from '../partitions';
import { RATE_PARTITION_PREFIX } from '#shared/adapters/dynamo/keys';
import type { StaffSignInConfig } from '#shared/http/staff-sign-in';
import type { StaffSignIn } from './admin-users';
import type { WorkQueue } from './work-queue';
import type { EmailSetting, SmsSetting } from '../context-options';
import {
  deadLetterUrlEnv,
  EMAIL_FROM_ENV,
  EMAIL_TRANSPORT_ENV,
  SMS_ENDPOINT_ENV,
  SMS_PROVIDER_ENV,
  SMS_SECRET_ENV,
  SMS_TEMPLATES_ENV,
  SMTP_SECRET_ENV,
  SMTP_SETTINGS_ENV,
  PUBLIC_URL_ENV,
  queueUrlEnv,
  SIGN_IN_CLIENT_ENV,
  SIGN_IN_DOMAIN_ENV,
  STAFF_SIGN_IN_ENV,
  TABLE_NAME_ENV,
  type QueueName,
  type QueueTrigger,
  type TableAccess,
} from '#shared/topology/topology';
import { messagingActions } from '../messaging-actions';
import { queueActions } from '../queue-actions';
import { tableActions } from '../table-actions';

export interface PaidanFunctionProps {
  /** Topology name: the Powertools service name and the `paidan:function` tag. */
  readonly name: string;
  /** The handler's entry file, from the repository's root (`FunctionSpec.entry`). */
  readonly entry: string;
  /** Files shipped beside the bundle (`FunctionSpec.dataFiles`). */
  readonly dataFiles?: BundleSource['dataFiles'];
  /** The deployment's choices esbuild writes into the bundle (its SMS provider and email transport). */
  readonly bundle: BundleChoices;
  readonly timeout: Duration;
  readonly memorySize: number;
  /** Merged over the defaults below; bind methods add theirs on top. */
  readonly environment?: Readonly<Record<string, string>>;
  /** @default 'INFO' */
  readonly logLevel?: string;
  /** Active X-Ray tracing. @default false */
  readonly tracing?: boolean;
  /** @default a year ({@link LOG_RETENTION_DAYS}) */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * Every Paidan Lambda function: one runtime, one bundling recipe, its own role and log group.
 * Access is granted only through the bind methods (`useTable`, `sendTo`, `manageDeadLetters`,
 * `consume`, `sendSms`, `sendEmail`, `linkToApi`, `serveStaffSignIn`), each of which writes the
 * IAM statement and the environment variable together so they cannot drift.
 */
export class PaidanFunction extends Construct {
  readonly name: string;
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PaidanFunctionProps) {
    super(scope, id);
    this.name = props.name;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
    });
    acknowledgeServiceEncryptedLogs(this.logGroup);
    // Our own role rather than the default one with AWSLambdaBasicExecutionRole, which may
    // create log groups and write to any of them; this one writes to its own group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Paidan ${props.name} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new lambda.Function(this, 'Handler', {
      description: `Paidan ${props.name}`,
      code: bundledCode(props.name, { entry: props.entry, dataFiles: props.dataFiles }, props.bundle),
      handler: BUNDLE_HANDLER,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: props.timeout,
      memorySize: props.memorySize,
      role: this.role,
      logGroup: this.logGroup,
      tracing: props.tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.name,
        LOG_LEVEL: props.logLevel ?? 'INFO',
        ...props.environment,
      },
    });
    // Not on its queue triggers: event source mappings take no tags in the China regions
    // (AWS China guide, "AWS Lambda"; UNTAGGABLE in infra/partitions.ts), and the function's tag names them.
    Tags.of(this).add(FUNCTION_TAG, props.name, { excludeResourceTypes: [...UNTAGGABLE['aws-cn']] });
    acknowledgeOutsideVpc(this.function);
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is the runtime the project targets (supported until its deprecation on 2027-04-30; updates are blocked from 2027-07-01: docs/operations.md); code is built for node20 so it also runs in the local stack, and moving to nodejs24.x is a deliberate, tested upgrade.',
    });

    if (props.tracing) {
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions; CDK adds them only when tracing is on.',
      });
    }
  }

  /**
   * Grants exactly the DynamoDB actions `access` needs and sets TABLE_NAME. Writes go through
   * TransactWriteItems, which DynamoDB authorizes per item with the single-item actions below.
   */
  useTable(table: dynamodb.ITable, access: TableAccess, indexNames: readonly string[]): void {
    this.function.addEnvironment(TABLE_NAME_ENV, table.tableName);
    if (access === 'read' || access === 'readwrite' || access === 'read+rate-limits') {
      this.role.addToPolicy(
        new iam.PolicyStatement({
          actions: [...tableActions.read],
          resources: [table.tableArn],
        }),
      );
      if (indexNames.length > 0) {
        // Named indexes instead of `index/*`: no wildcard to justify, and a new index in the
        // topology is granted automatically because the names come from there.
        this.role.addToPolicy(
          new iam.PolicyStatement({
            actions: [...tableActions.indexRead],
            resources: indexNames.map((index) => `${table.tableArn}/index/${index}`),
          }),
        );
      }
    }
    if (access === 'write' || access === 'readwrite') {
      this.role.addToPolicy(
        new iam.PolicyStatement({
          actions: [...tableActions.write],
          resources: [table.tableArn],
        }),
      );
    }
    if (access === 'read+rate-limits') {
      this.role.addToPolicy(
        new iam.PolicyStatement({
          actions: [...tableActions.rateLimitWrite],
          resources: [table.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${RATE_PARTITION_PREFIX}*`] } },
        }),
      );
    }
  }

  /** Grants a scan of the creation index `index` alone (the retention rule's search for the oldest request, once). */
  scanCreationIndex(table: dynamodb.ITable, index: string): void {
    this.role.addToPolicy(
      new iam.PolicyStatement({ actions: [...tableActions.creationIndexScan], resources: [`${table.tableArn}/index/${index}`] }),
    );
  }

  /** Grants sqs:SendMessage on `queue` and sets `<NAME>_QUEUE_URL`. */
  sendTo(queue: sqs.IQueue, name: QueueName): void {
    this.function.addEnvironment(queueUrlEnv(name), queue.queueUrl);
    this.role.addToPolicy(new iam.PolicyStatement({ actions: [...queueActions.send], resources: [queue.queueArn] }));
  }

  /**
   * For an admin function that looks at the dead-letter queues and redrives them: for each
   * queue, sets `<NAME>_QUEUE_URL` and `<NAME>_DLQ_URL`, and grants on the DLQ only what looking
   * and redriving take (count, receive, delete) and on the queue only sqs:SendMessage. The
   * queues use SQS-managed encryption, which needs no KMS permission; a queue with a KMS key
   * is refused rather than granted half of what it needs.
   */
  manageDeadLetters(queues: Iterable<Pick<WorkQueue, 'name' | 'queue' | 'deadLetterQueue'>>): void {
    const pairs = [...queues];
    if (pairs.length === 0) return;
    for (const { name, queue, deadLetterQueue } of pairs) {
      for (const q of [queue, deadLetterQueue]) {
        if (q.encryptionMasterKey) {
          throw new Error(`Queue "${name}" (${q.node.path}) is encrypted with a KMS key; manageDeadLetters grants no kms:* for it.`);
        }
      }
      this.function.addEnvironment(queueUrlEnv(name), queue.queueUrl);
      this.function.addEnvironment(deadLetterUrlEnv(name), deadLetterQueue.queueUrl);
    }
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: [...queueActions.deadLetters.deadLetterQueue],
        resources: pairs.map((p) => p.deadLetterQueue.queueArn),
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: [...queueActions.deadLetters.queue],
        resources: pairs.map((p) => p.queue.queueArn),
      }),
    );
  }

  /**
   * SMS as the deployment chose (SMS_PROVIDER and its settings). Through SNS: sns:Publish for
   * SMS sent straight to a phone number; such a publish has no resource ARN, so IAM only accepts
   * `*`, and the statement sits in a policy of its own, so the wildcard's acknowledgement covers
   * this one statement and nothing added to the role later. Through a mainland provider: its
   * template config, and read access to exactly the secret with its keys; no SNS at all.
   */
  sendSms(setting: SmsSetting = { provider: 'sns' }, secret?: secretsmanager.ISecret): void {
    this.function.addEnvironment(SMS_PROVIDER_ENV, setting.provider);
    this.function.addEnvironment(SMS_ENDPOINT_ENV, '');
    if (setting.provider !== 'sns') {
      if (!secret) throw new Error(`SMS through ${setting.provider} needs the secret with its keys.`);
      this.function.addEnvironment(SMS_TEMPLATES_ENV, JSON.stringify(setting.templates));
      this.function.addEnvironment(SMS_SECRET_ENV, secret.secretArn);
      this.readSecret('SmsSecretPolicy', secret);
      return;
    }
    this.function.addEnvironment(SMS_TEMPLATES_ENV, '');
    this.function.addEnvironment(SMS_SECRET_ENV, '');
    const policy = new iam.Policy(this, 'SmsPolicy', {
      roles: [this.role],
      statements: [new iam.PolicyStatement({ actions: [...messagingActions.sms], resources: ['*'] })],
    });
    // Attached before the function exists, so no first delivery fails for want of it.
    this.function.node.addDependency(policy);
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'SMS to a phone number (sns:Publish with PhoneNumber) has no resource ARN, so IAM accepts only "*" for it; this policy holds that one statement and nothing else.',
    });
  }

  /**
   * Email as the deployment chose (EMAIL_TRANSPORT and its settings): SES (below), SMTP to the
   * center's mail server (its settings, and read access to exactly the password's secret when
   * it signs in; no SES), or off (nothing granted; the function refuses email targets).
   */
  sendEmail(setting: EmailSetting = { transport: 'ses' }, secret?: secretsmanager.ISecret): void {
    this.function.addEnvironment(EMAIL_TRANSPORT_ENV, setting.transport);
    switch (setting.transport) {
      case 'ses':
        this.function.addEnvironment(SMTP_SETTINGS_ENV, '');
        this.function.addEnvironment(SMTP_SECRET_ENV, '');
        this.sendSesEmail(setting.from);
        return;
      case 'smtp':
        this.function.addEnvironment(EMAIL_FROM_ENV, setting.from);
        this.function.addEnvironment(SMTP_SETTINGS_ENV, JSON.stringify(setting.smtp));
        this.function.addEnvironment(SMTP_SECRET_ENV, secret?.secretArn ?? '');
        if (setting.smtp.user && !secret) throw new Error('SMTP with a user needs the secret with its password.');
        if (secret) this.readSecret('SmtpSecretPolicy', secret);
        return;
      case 'off':
        this.function.addEnvironment(EMAIL_FROM_ENV, '');
        this.function.addEnvironment(SMTP_SETTINGS_ENV, '');
        this.function.addEnvironment(SMTP_SECRET_ENV, '');
        return;
    }
  }

  /** Sets EMAIL_TRANSPORT for a function that checks team channels against it (no IAM statement). */
  knowEmailTransport(transport: EmailSetting['transport']): void {
    this.function.addEnvironment(EMAIL_TRANSPORT_ENV, transport);
  }

  /** secretsmanager:GetSecretValue on exactly `secret`, in a policy attached before the function exists. */
  private readSecret(id: string, secret: secretsmanager.ISecret): void {
    const policy = new iam.Policy(this, id, {
      roles: [this.role],
      statements: [new iam.PolicyStatement({ actions: [...messagingActions.secret], resources: [secret.secretArn] })],
    });
    this.function.node.addDependency(policy);
  }

  /**
   * Grants ses:SendEmail (SES v2) on this account's identities in this region and sets
   * EMAIL_FROM to `from`, or to '' when the deployment has no sender (the function then refuses
   * email targets). With a sender, a `ses:FromAddress` condition allows mail from it only.
   * `identity/*` rather than the sender's identity: SES also authorizes the identity of the
   * sender's domain when only the domain is verified, and, in the sandbox, each recipient's.
   */
  private sendSesEmail(from: string | undefined): void {
    this.function.addEnvironment(EMAIL_FROM_ENV, from ?? '');
    const { partition, region, account } = Stack.of(this);
    const identities = `arn:${partition}:ses:${region}:${account}:identity/*`;
    const policy = new iam.Policy(this, 'EmailPolicy', {
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          actions: [...messagingActions.email],
          resources: [identities],
          ...(from ? { conditions: { StringEquals: { 'ses:FromAddress': from } } } : {}),
        }),
      ],
    });
    this.function.node.addDependency(policy);
    // cdk-nag names the resource as written: a pseudo parameter as <AWS::Name>, a known value as itself.
    const shown = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:${shown(partition, 'Partition')}:ses:${shown(region, 'Region')}:${shown(account, 'AccountId')}:identity/*]`,
      reason:
        "SES authorizes SendEmail against the sending identity, which is the sender's domain when only the domain is verified, and in the sandbox against each recipient's identity too; this account's identities in this region, limited to the configured sender by ses:FromAddress when one is set.",
    });
  }

  /**
   * Sets PUBLIC_URL to the deployment's public URL (no trailing slash), for links, redirects and
   * cookies: `-c publicUrl` as given, or a reference to the API itself, never to its routes or
   * stage, so even a function the API routes to may take it without a dependency cycle.
   */
  linkToApi(url: string): void {
    this.function.addEnvironment(PUBLIC_URL_ENV, url);
  }

  /**
   * For the function serving the staff console: sets SIGN_IN_DOMAIN_URL to the Cognito domain
   * staff sign in at and SIGN_IN_CLIENT_ID to the app client they sign in with, which the page
   * hands to its script. No IAM statement: the browser talks to Cognito, the function never
   * does. The client and domain refer to the API's URL (callback), never to its routes, so a
   * function the API routes to may take them without a dependency cycle.
   */
  serveStaffSignIn(signIn: StaffSignIn): void {
    this.function.addEnvironment(SIGN_IN_DOMAIN_ENV, signIn.domainUrl);
    this.function.addEnvironment(SIGN_IN_CLIENT_ENV, signIn.clientId);
  }

  /**
   * For a function behind admin routes (and the console's): sets STAFF_SIGN_IN to the issuer,
   * client id and claim names it verifies staff tokens with (the same the API's JWT authorizer
   * checks). No IAM statement: the function fetches the issuer's discovery document and public
   * keys over HTTPS, not through AWS.
   */
  acceptStaffTokens(config: StaffSignInConfig): void {
    this.function.addEnvironment(STAFF_SIGN_IN_ENV, Stack.of(this).toJsonString(config));
  }

  /**
   * Lambda polls `queue` for this function; the event source grants the receive/delete
   * actions itself. Partial batch responses, so one bad message does not redeliver its batch.
   */
  consume(queue: sqs.IQueue, trigger: Pick<QueueTrigger, 'batchSize' | 'maxBatchingWindowSeconds'>): void {
    this.function.addEventSource(
      new SqsEventSource(queue, {
        batchSize: trigger.batchSize,
        maxBatchingWindow: Duration.seconds(trigger.maxBatchingWindowSeconds),
        reportBatchItemFailures: true,
      }),
    );
  }

  /** Invokes the function every `minutes` minutes through an EventBridge rule. */
  runEvery(minutes: number): events.Rule {
    return new events.Rule(this, `Every${minutes}Minutes`, {
      description: `Runs Paidan ${this.name} every ${minutes} min`,
      schedule: events.Schedule.rate(Duration.minutes(minutes)),
      targets: [new targets.LambdaFunction(this.function)],
    });
  }
}

/**
 * The function's directory as `buildBundles` makes it, built when CDK stages the asset (and
 * skipped, as any bundling, for stacks outside `aws:cdk:bundling-stacks`).
 */
function bundledCode(name: string, source: BundleSource, choices: BundleChoices): lambda.Code {
  return lambda.Code.fromAsset(REPO_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never used: the local build below always succeeds or throws.
      image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs22.x'),
      // CDK reuses a bundling result for equal options within one synth: what makes each
      // function's options its own (without it every function got the first one's bundle).
      command: ['paidan-bundle', name, source.entry, choices.sms, choices.email],
      local: {
        tryBundle(outputDir: string): boolean {
          const staging = mkdtempSync(join(tmpdir(), 'paidan-bundle-'));
          try {
            const [bundle] = buildBundles(staging, choices, { [name]: source });
            cpSync(bundle!.dir, outputDir, { recursive: true });
          } finally {
            rmSync(staging, { recursive: true, force: true });
          }
          return true;
        },
      },
    },
  });
}
