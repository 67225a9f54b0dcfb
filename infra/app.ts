import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { emailSetting, smsSetting, staffSignInOptions } from './context-options';
import { PaidanStack } from './stack';
import type { Topology } from './topology-checks';

export interface BuildAppOptions {
  /** App context, e.g. `{ 'aws:cdk:bundling-stacks': [] }` in tests to skip esbuild. */
  readonly context?: Record<string, unknown>;
  readonly topology?: Topology;
  /** Run cdk-nag's AwsSolutions checks at synth. @default true */
  readonly nag?: boolean;
}

/**
 * The CDK app: one `PaidanStack` (named `Paidan` unless context `stackName` says otherwise)
 * under cdk-nag, whose unacknowledged findings fail synthesis. Context keys: `stackName`,
 * `alarmEmail`, `logLevel`, `tracing` ('true' to enable), `emailFrom` (the SES-verified sender
 * of email notices; checked to be an email address), `signInDomainPrefix` (the Cognito domain
 * prefix of the console's sign-in; checked against Cognito's rules), how notices leave:
 * `smsProvider` (sns, aliyun, tencent) with `smsTemplates` and `smsSecretArn`, `emailTransport`
 * (ses, smtp, off) with `smtpHost`, `smtpPort`, `smtpTls`, `smtpUser`, `smtpSecretArn`
 * (`infra/context-options.ts`; docs/china-notifications.md), and the staff sign-in's
 * OpenID Connect issuer instead of the stack's Cognito user pool: `oidcIssuer`, `oidcClientId`,
 * `oidcRoleClaim`, `oidcAreaClaim`, `oidcCenterRole`, `oidcStationRole` (docs/staff-sign-in.md).
 */
export function buildApp(options: BuildAppOptions = {}): { app: App; stack: PaidanStack } {
  const app = new App({ context: options.context });
  const context = (key: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    return value === undefined || value === null || value === '' ? undefined : String(value);
  };

  const stack = new PaidanStack(app, context('stackName') ?? 'Paidan', {
    topology: options.topology,
    alarmEmail: context('alarmEmail'),
    logLevel: context('logLevel'),
    tracing: context('tracing') === 'true',
    emailFrom: context('emailFrom'),
    sms: smsSetting(context),
    email: emailSetting(context),
    signInDomainPrefix: context('signInDomainPrefix'),
    staffSignIn: staffSignInOptions(context),
  });

  if (options.nag ?? true) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  }
  return { app, stack };
}

// Synthesize only when run as the entry (`cdk.json` runs `tsx infra/app.ts`), not when imported.
const entry = process.argv[1];
if (entry && realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url))) {
  buildApp().app.synth();
}
