import { Annotations, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Token, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { Construct } from 'constructs';
import { AdminUsers } from './constructs/admin-users';
import { AlarmTopic, NO_ALARM_EMAIL_NOTICE } from './constructs/alarm-topic';
import { constructId } from './constructs/construct-id';
import { PaidanFunction } from './constructs/paidan-function';
import { PublicApi } from './constructs/public-api';
import { StatefulResources } from './constructs/stateful-resources';
import {
  assertArnInRegion,
  assertChannelsAvailable,
  assertDomainPrefix,
  assertEmailAddress,
  EMAIL_OFF_NOTICE,
  type EmailSetting,
  type PublicAddress,
  type SmsSetting,
} from './context-options';
import { partitionOf, regionRefusal } from './partitions';
import { assertTopologyDeployable, type Topology } from './topology-checks';
import { topology as declaredTopology, type QueueAccess, type QueueName, RETENTION_DAYS_ENV, servesStaff } from '#shared/topology/topology';
import { DEFAULT_RETENTION_DAYS } from '#shared/domain/retention';
import type { StaffSignInConfig } from '#shared/http/staff-sign-in';
import { GIVEN_UP_LOGGERS } from '#shared/observability/given-up';

/** What each credentials secret holds (JSON); the first key is generated until the deployer puts the real value. */
const SMS_SECRET_SHAPE = {
  aliyun: { accessKeySecret: '', accessKeyId: 'put the AccessKey ID here' },
  tencent: { secretKey: '', secretId: 'put the SecretId here' },
} as const satisfies Record<'aliyun' | 'tencent', Record<string, string>>;
const SMTP_SECRET_SHAPE = { password: '' };

/** Repository root: topology entries are relative to it. */

export interface PaidanStackProps extends StackProps {
  /** @default the declaration in `shared/topology/topology.ts`; tests pass modified copies. */
  readonly topology?: Topology;
  /** Subscribed to the alarm topic when given. */
  readonly alarmEmail?: string;
  /** LOG_LEVEL for every function. @default 'INFO' */
  readonly logLevel?: string;
  /** Active X-Ray tracing on every function. @default false */
  readonly tracing?: boolean;
  /**
   * The SES-verified sender of email notices (EMAIL_FROM of functions with messaging 'email').
   * @default none: EMAIL_FROM is '' and those functions refuse email targets
   */
  readonly emailFrom?: string;
  /** How SMS leaves (`-c smsProvider`, `smsTemplates`, `smsSecretArn`). @default SNS */
  readonly sms?: SmsSetting;
  /** How email leaves (`-c emailTransport` and the SMTP options); overrides `emailFrom`. @default SES from `emailFrom` */
  readonly email?: EmailSetting;
  /**
   * Prefix of the Cognito-hosted domain where staff sign in to the console.
   * @default the stack name and part of the stack's id (see `AdminUsers`)
   */
  readonly signInDomainPrefix?: string;
  /**
   * The OpenID Connect issuer staff sign in with, and its claim names (`staffSignInOptions` checks
   * the context options into this). @default the stack's own Cognito user pool (global partition only)
   */
  readonly staffSignIn?: StaffSignInConfig;
  /**
   * The address residents, teams and staff use (`-c publicUrl`), and the custom domain serving it
   * (`-c domainName`, `-c certificateArn`). @default the API's execute-api URL, no custom domain
   */
  readonly publicAddress?: PublicAddress;
  /** Days a resident's personal data is kept after a request ends (docs/operations.md). @default 180 */
  readonly retentionDays?: number;
}

/**
 * The whole system, built only from the topology: every table index, queue, function, route,
 * queue subscription and schedule below comes from a loop over it, so adding a function
 * there is the only change needed to deploy it.
 */
export class PaidanStack extends Stack {
  readonly state: StatefulResources;
  readonly api: PublicApi;
  /** PUBLIC_URL: the origin of every link, redirect and cookie, and of the console's sign-in. */
  readonly publicUrl: string;
  /** The stack's own Cognito user pool; absent when staff sign in with another issuer. */
  readonly adminUsers?: AdminUsers;
  /** The issuer, audience and claim names every admin route is checked with. */
  readonly staffSignIn: StaffSignInConfig;
  readonly adminAuthorizer: HttpJwtAuthorizer;
  readonly alarms: AlarmTopic;
  readonly functions: ReadonlyMap<string, PaidanFunction>;

  constructor(scope: Construct, id: string, props: PaidanStackProps = {}) {
    super(scope, id, { description: 'Paidan: order dispatch for community volunteer services', ...props });
    const t = props.topology ?? declaredTopology;
    // Before any resource exists, so a bad topology fails with its own message, not a CDK one.
    assertTopologyDeployable(t);
    if (props.emailFrom !== undefined) assertEmailAddress('emailFrom', props.emailFrom);
    if (props.signInDomainPrefix !== undefined) assertDomainPrefix('signInDomainPrefix', props.signInDomainPrefix);
    const sms: SmsSetting = props.sms ?? { provider: 'sns' };
    const email: EmailSetting = props.email ?? { transport: 'ses', ...(props.emailFrom ? { from: props.emailFrom } : {}) };
    const address = props.publicAddress ?? {};
    if (!Token.isUnresolved(this.region)) {
      if (sms.provider !== 'sns' && sms.secretArn) assertArnInRegion('smsSecretArn', sms.secretArn, this.region);
      if (email.transport === 'smtp' && email.secretArn) assertArnInRegion('smtpSecretArn', email.secretArn, this.region);
      if (address.customDomain) assertArnInRegion('certificateArn', address.customDomain.certificateArn, this.region);
      assertChannelsAvailable(this.region, sms, email);
      const refusal = regionRefusal(this.region, { tracing: props.tracing });
      if (refusal) throw new Error(refusal);
    }
    if (email.transport === 'off') Annotations.of(this).addWarningV2('paidan:email-off', EMAIL_OFF_NOTICE);
    if (!props.alarmEmail) Annotations.of(this).addWarningV2('paidan:alarms-unheard', NO_ALARM_EMAIL_NOTICE);
    if (props.staffSignIn && props.signInDomainPrefix !== undefined) {
      throw new Error(
        'Context option signInDomainPrefix names a Cognito domain, which the stack has none of with oidcIssuer: drop one of the two.',
      );
    }
    if (!props.staffSignIn && !Token.isUnresolved(this.region) && partitionOf(this.region) === 'aws-cn') {
      throw new Error(
        `The AWS China regions have no Cognito user pools: name the OpenID Connect issuer staff sign in with (-c oidcIssuer=https://... -c oidcClientId=...), see docs/staff-sign-in.md.`,
      );
    }

    this.state = new StatefulResources(this, 'Stateful', { table: t.table, queues: t.queues });

    this.alarms = new AlarmTopic(this, 'Alarms', { email: props.alarmEmail });
    for (const queue of this.state.queues.values()) {
      this.alarms.alarmOnDeadLetters(
        `${constructId(queue.name)}DeadLettersAlarm`,
        queue.deadLetterQueue,
        `Messages in the ${queue.name} dead-letter queue: each failed every delivery attempt. Inspect, fix, then redrive.`,
      );
    }

    const stateless = new Construct(this, 'Stateless');
    this.api = new PublicApi(stateless, 'Api', {
      throttle: t.api.throttle,
      ...(address.customDomain ? { customDomain: address.customDomain } : {}),
    });
    this.alarms.alarmOnServerErrors(
      'ApiServerErrorsAlarm',
      this.api.stage,
      'The API answered with server errors (5xx) in two of three 5-minute periods: a function fails, times out or is throttled. Its logs say which.',
    );
    this.publicUrl = address.url ?? this.api.url;
    // Staff accounts are kept like data (retained), so outside the stateless part; the app
    // client's callback is the console under the public URL.
    const consoleUrl = `${this.publicUrl}/console`;
    if (!props.staffSignIn)
      this.adminUsers = new AdminUsers(this, 'AdminUsers', { consoleUrl, signInDomainPrefix: props.signInDomainPrefix });
    this.staffSignIn = props.staffSignIn ?? this.adminUsers!.staffSignIn;
    // The gateway refuses a token of another issuer or audience, or expired, before any function
    // runs (API Gateway fetches the key set from the issuer's discovery document); the function
    // then verifies it again and maps its claims (`shared/http/staff-token.ts`).
    this.adminAuthorizer = new HttpJwtAuthorizer('AdminAuthorizer', this.staffSignIn.issuer, {
      jwtAudience: [this.staffSignIn.clientId],
      authorizerName: 'paidan-admin',
    });
    const smsSecret =
      sms.provider === 'sns' ? undefined : this.credentialSecret('SmsProviderSecret', sms.secretArn, SMS_SECRET_SHAPE[sms.provider]);
    const smtpSecret =
      email.transport === 'smtp' && email.smtp.user
        ? this.credentialSecret('SmtpPasswordSecret', email.secretArn, SMTP_SECRET_SHAPE)
        : undefined;
    const functions = new Map<string, PaidanFunction>();
    for (const [name, spec] of Object.entries(t.functions)) {
      const fn = new PaidanFunction(stateless, constructId(name), {
        name,
        entry: spec.entry,
        ...(spec.dataFiles ? { dataFiles: spec.dataFiles } : {}),
        timeout: Duration.seconds(spec.timeoutSeconds),
        memorySize: spec.memoryMb,
        logLevel: props.logLevel,
        tracing: props.tracing,
        // Only the chosen SMS provider's and email transport's code in the bundle.
        bundle: { sms: sms.provider, email: email.transport },
      });
      functions.set(name, fn);

      if (spec.table) fn.useTable(this.state.table, spec.table, this.state.indexNames);
      for (const [queue, access] of Object.entries(spec.queues ?? {}) as [QueueName, QueueAccess][]) {
        // 'consume' is wired by the queue trigger below; the topology checks keep the two paired.
        if (access === 'send') fn.sendTo(this.state.queue(queue).queue, queue);
      }
      // Every queue's DLQ, so a queue added to the topology is covered without touching this.
      if (spec.deadLetters === 'manage') fn.manageDeadLetters(this.state.queues.values());
      // Every function that sends SMS or email itself (the notify consumer; registration codes while the caller waits).
      if (spec.messaging?.length)
        this.alarms.alarmOnRefusals(
          `${constructId(name)}RefusalsAlarm`,
          fn.logGroup,
          `${name}: a send was refused for good for a cause an operator or a team can fix (a template, signature or sender; a webhook gone or refusing its key), and will not be sent again (the warning in its logs names the provider's code or the webhook's status). See operations.md, "Refused sends".`,
        );
      for (const channel of spec.messaging ?? []) {
        switch (channel) {
          case 'sms':
            fn.sendSms(sms, smsSecret);
            break;
          case 'email':
            fn.sendEmail(email, smtpSecret);
            break;
        }
      }
      if (spec.checksChannels) fn.knowEmailTransport(email.transport);
      if (spec.retention) {
        fn.function.addEnvironment(RETENTION_DAYS_ENV, String(props.retentionDays ?? DEFAULT_RETENTION_DAYS));
        fn.scanCreationIndex(this.state.table, 'gsi4');
      }
      // A literal, or the API resource only (not its routes): no cycle even for a function the API routes to.
      if (spec.publicUrl) fn.linkToApi(this.publicUrl);
      // The client and domain refer to the API resource (the callback URL), not its routes: no cycle either.
      if (spec.staffSignIn) fn.serveStaffSignIn(this.adminUsers?.signIn ?? { domainUrl: '', clientId: '' });
      if (servesStaff(spec) || spec.staffSignIn) fn.acceptStaffTokens(this.staffSignIn);
      for (const trigger of spec.triggers) {
        switch (trigger.kind) {
          case 'http':
            this.api.addRoute(trigger, fn.function, `${constructId(name)}Integration`, this.adminAuthorizer);
            break;
          case 'queue':
            fn.consume(this.state.queue(trigger.queue).queue, trigger);
            break;
          case 'schedule':
            fn.runEvery(trigger.everyMinutes);
            this.alarms.alarmOnFailingRuns(
              `${constructId(name)}FailingRunsAlarm`,
              fn.function,
              fn.logGroup,
              trigger.everyMinutes,
              `${name} failed in half its runs two hours running (its errors in the function's logs). It runs every ${trigger.everyMinutes} min; nothing else redoes its work.`,
            );
            break;
        }
      }
    }
    this.functions = functions;
    // One alarm over the two functions that give notices up (the relay drops them, the consumer skips late copies).
    this.alarms.alarmOnGivenUp(
      'NoticesGivenUpAlarm',
      Object.fromEntries(GIVEN_UP_LOGGERS.map((name) => [name, functions.get(name)!.logGroup])),
      'A resident, team or volunteer notice was given up unsent: its tries failed until its give-up time, or a dead letter was redriven after it. Nobody sends it again; the warning names each request id and kind: tell those people by hand. See operations.md, "Notices given up".',
    );

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: "The API's execute-api URL" });
    new CfnOutput(this, 'PublicUrl', {
      value: this.publicUrl,
      description: 'The address the deployment publishes (PUBLIC_URL): resident form at PublicUrl + "/", links, sign-ins',
    });
    if (this.api.domain && address.customDomain) {
      new CfnOutput(this, 'CustomDomainTarget', {
        value: this.api.domain.regionalDomainName,
        description: `Point ${address.customDomain.domainName} here: its DNS CNAME record`,
      });
    }
    new CfnOutput(this, 'TableName', { value: this.state.table.tableName });
    for (const queue of this.state.queues.values()) {
      new CfnOutput(this, `${constructId(queue.name)}QueueUrl`, { value: queue.queue.queueUrl });
      new CfnOutput(this, `${constructId(queue.name)}DeadLetterQueueUrl`, { value: queue.deadLetterQueue.queueUrl });
    }
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    if (smsSecret && sms.provider !== 'sns') {
      new CfnOutput(this, 'SmsProviderSecretArn', {
        value: smsSecret.secretArn,
        description: `The ${sms.provider} SMS keys: put {${Object.keys(SMS_SECRET_SHAPE[sms.provider])
          .reverse()
          .map((k) => `"${k}": "..."`)
          .join(', ')}} (docs/china-notifications.md)`,
      });
    }
    if (smtpSecret) {
      new CfnOutput(this, 'SmtpPasswordSecretArn', {
        value: smtpSecret.secretArn,
        description: 'The SMTP password: put {"password": "..."}',
      });
    }
    new CfnOutput(this, 'ConsoleUrl', {
      value: consoleUrl,
      description: 'The admin console: staff sign in here (through the staff sign-in issuer)',
    });
    const users = this.adminUsers;
    if (users) {
      new CfnOutput(this, 'UserPoolId', {
        value: users.userPool.userPoolId,
        description: 'Staff accounts: npm run admin-user -- --pool <UserPoolId> ...',
      });
      new CfnOutput(this, 'UserPoolClientId', {
        value: users.client.userPoolClientId,
        description: 'App client staff sign in with; the audience of admin ID tokens',
      });
      new CfnOutput(this, 'SignInDomainUrl', {
        value: users.signIn.domainUrl,
        description: 'Cognito domain of the console sign-in (managed login pages, /oauth2/authorize and /oauth2/token)',
      });
      new CfnOutput(this, 'UserPoolIssuerUrl', {
        value: this.staffSignIn.issuer,
        description: "Issuer (iss) the admin routes' JWT authorizer accepts",
      });
    }
  }

  /**
   * The secret a sender reads its credentials from: the one named by complete ARN, or a new one
   * (retained: it holds what the provider issued) whose value shows the JSON shape to put in.
   */
  private credentialSecret(id: string, arn: string | undefined, shape: Record<string, string>): secretsmanager.ISecret {
    if (arn) return secretsmanager.Secret.fromSecretCompleteArn(this, id, arn);
    const [generated, ...rest] = Object.keys(shape);
    const secret = new secretsmanager.Secret(this, id, {
      description: `Paidan notifications: ${Object.keys(shape).join(', ')} (JSON); replace the generated value with the real one`,
      generateSecretString: {
        secretStringTemplate: JSON.stringify(Object.fromEntries(rest.map((k) => [k, shape[k]]))),
        generateStringKey: generated!,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The secret holds credentials the SMS provider (Alibaba Cloud RAM, Tencent Cloud CAM) or the mail service issues; they are rotated there, and Secrets Manager has no rotation function for them.',
    });
    return secret;
  }
}
