import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Annotations, App, Aspects, Token, Validations } from 'aws-cdk-lib';
import { LogLevelThreshold } from '@aws-lambda-powertools/logger';
import { AwsSolutionsChecks } from 'cdk-nag';
import { controlTowerChecks, SourceAccountOnInvokePermissions } from './compliance';
import { emailSetting, publicAddressOptions, smsSetting, staffSignInOptions } from './context-options';
import { chinaAddressNotice } from './partitions';
import { PaidanStack } from './stack';
import { retentionDaysOf } from '#shared/domain/retention';
import type { Topology } from './topology-checks';

export interface BuildAppOptions {
  /** App context, e.g. `{ 'aws:cdk:bundling-stacks': [] }` in tests to skip esbuild. */
  readonly context?: Record<string, unknown>;
  readonly topology?: Topology;
  /** Run cdk-nag's AwsSolutions checks and Control Tower's proactive controls (cfn-guard) at synth. @default true */
  readonly nag?: boolean;
}

/**
 * The CDK app: one `PaidanStack` (named `Paidan` unless context `stackName` says otherwise)
 * under cdk-nag and AWS Control Tower's proactive controls (`compliance.ts`), whose unacknowledged
 * findings fail synthesis. The region is context `region` or the CLI's (`CDK_DEFAULT_REGION`); a
 * China region (`cn-north-1`, `cn-northwest-1`) synthesizes for the `aws-cn` partition
 * (docs/deploy-china.md). Other context keys: `stackName`, `alarmEmail`, `logLevel` (a Powertools
 * level, any case), `tracing` (true or false), `emailFrom` (the SES-verified sender of email
 * notices; checked to be an email address), `signInDomainPrefix` (the Cognito domain prefix of
 * the console's sign-in; checked against Cognito's rules), how notices leave:
 * `smsProvider` (sns, aliyun, tencent) with `smsTemplates` and `smsSecretArn`, `emailTransport`
 * (ses, smtp, off) with `smtpHost`, `smtpPort`, `smtpTls`, `smtpUser`, `smtpSecretArn`
 * (`infra/context-options.ts`; docs/china-notifications.md), and the staff sign-in's
 * OpenID Connect issuer instead of the stack's Cognito user pool: `oidcIssuer`, `oidcClientId`,
 * `oidcRoleClaim`, `oidcAreaClaim`, `oidcCenterRole`, `oidcStationRole` (docs/staff-sign-in.md), and
 * the published address: `publicUrl`, `domainName` and `certificateArn` (docs/deploy.md), and
 * `retentionDays`, how long residents' personal data is kept after a request ends (30 to 3650, default
 * 180; docs/operations.md).
 */
export function buildApp(options: BuildAppOptions = {}): { app: App; stack: PaidanStack } {
  // cdk.json's feature flags (partition literals, target partitions…) also when built outside the CLI, as in tests.
  const app = new App({ context: { ...projectContext(), ...options.context } });
  const context = (key: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    return value === undefined || value === null || value === '' ? undefined : String(value);
  };

  const region = context('region') ?? process.env.CDK_DEFAULT_REGION;
  const account = context('account') ?? process.env.CDK_DEFAULT_ACCOUNT;
  if (account !== undefined && !/^\d{12}$/.test(account)) {
    throw new Error(`Context option account must be a 12-digit AWS account id, got ${JSON.stringify(account)}.`);
  }
  const publicAddress = publicAddressOptions(context);
  const stack = new PaidanStack(app, context('stackName') ?? 'Paidan', {
    ...(region || account ? { env: { ...(region ? { region } : {}), ...(account ? { account } : {}) } } : {}),
    topology: options.topology,
    alarmEmail: context('alarmEmail'),
    logLevel: logLevelOption(context('logLevel')),
    tracing: tracingOption(context('tracing')),
    emailFrom: context('emailFrom'),
    sms: smsSetting(context),
    email: emailSetting(context),
    signInDomainPrefix: context('signInDomainPrefix'),
    staffSignIn: staffSignInOptions(context),
    publicAddress,
    retentionDays: retentionDaysOf(context('retentionDays')),
  });
  const addressNotice = Token.isUnresolved(stack.region) ? undefined : chinaAddressNotice(stack.region, publicAddress);
  if (addressNotice) Annotations.of(stack).addWarningV2('paidan:china-no-domain', addressNotice);

  Aspects.of(app).add(new SourceAccountOnInvokePermissions());
  if (options.nag ?? true) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), controlTowerChecks());
  }
  return { app, stack };
}

/**
 * `-c logLevel` in any case, upper-cased as Powertools reads LOG_LEVEL; anything else refused,
 * since Powertools would take it silently as INFO.
 */
function logLevelOption(given: string | undefined): string | undefined {
  const level = given?.toUpperCase();
  if (level !== undefined && !Object.hasOwn(LogLevelThreshold, level)) {
    throw new Error(
      `Context option logLevel must be one of ${Object.keys(LogLevelThreshold).join(', ')} (any case), got ${JSON.stringify(given)}.`,
    );
  }
  return level;
}

/** `-c tracing`: true or false, nothing else (a `yes` would otherwise silently mean off). */
function tracingOption(given: string | undefined): boolean {
  if (given === undefined || given === 'false') return false;
  if (given === 'true') return true;
  throw new Error(`Context option tracing must be true or false, got ${JSON.stringify(given)}.`);
}

/** The `context` of cdk.json, which the CLI passes to the app and `buildApp` reads itself. */
function projectContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(fileURLToPath(new URL('../cdk.json', import.meta.url)), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

// Synthesize only when run as the entry (`cdk.json` runs `tsx infra/app.ts`), not when imported.
const entry = process.argv[1];
if (entry && realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url))) {
  buildApp().app.synth();
}
