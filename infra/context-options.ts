/**
 * Checks on CDK context options (`-c key=value`), so a bad value fails synth with a sentence
 * naming the option instead of failing the deployment, or worse, a function at its cold start.
 */
import { readFileSync } from 'node:fs';
import { partitionOf } from './partitions';
import * as z from 'zod';
import type { SmtpTls } from '#shared/adapters/notify/smtp-email-sender';
import {
  type MainlandSmsProvider,
  parseSmsTemplateJson,
  SMS_PROVIDERS,
  type SmsTemplateConfig,
  SmsTemplateConfigError,
} from '#shared/domain/sms-templates';
import { cognitoClaims, isIssuerUrl, oidcClaimDefaults, type StaffSignInConfig, staffSignInConfig } from '#shared/http/staff-sign-in';

/**
 * A plain address (`notices@example.org`), by the same rule `send-notifications` applies to its
 * EMAIL_FROM (zod's `z.email()`), so what synth accepts the function accepts too. No display
 * name: SES's `ses:FromAddress` condition compares the bare address.
 */
const emailAddress = z.email().max(254);

export function isEmailAddress(value: string): boolean {
  return emailAddress.safeParse(value).success;
}

/** Throws when `value` of context option `key` is not a plain email address. */
export function assertEmailAddress(key: string, value: string): void {
  if (!isEmailAddress(value)) {
    throw new Error(
      `Context option ${key} must be a plain email address such as notices@example.org ` +
        `(an identity verified in SES, no display name), got ${JSON.stringify(value)}.`,
    );
  }
}

/** Cognito's rule for a prefix domain: lower-case letters, digits and inner hyphens, at most 63. */
const domainPrefix = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Words Cognito refuses in a domain prefix. */
export const RESERVED_DOMAIN_WORDS: readonly string[] = ['aws', 'amazon', 'cognito'];

/**
 * Throws when `value` of context option `key` cannot be a Cognito prefix domain
 * (`https://<value>.auth.<region>.amazoncognito.com`). Whether someone else holds it already
 * only the deployment can tell.
 */
export function assertDomainPrefix(key: string, value: string): void {
  const reserved = RESERVED_DOMAIN_WORDS.find((word) => value.includes(word));
  if (!domainPrefix.test(value) || reserved) {
    throw new Error(
      `Context option ${key} must be a Cognito domain prefix such as paidan-3709: 1 to 63 lower-case ` +
        `letters, digits and hyphens, not starting or ending with a hyphen, without the words ${RESERVED_DOMAIN_WORDS.join(', ')}; ` +
        `got ${JSON.stringify(value)}.`,
    );
  }
}

// ---- Notifications: how SMS and email leave (docs/china-notifications.md) ----

/** How the app reads a context option: undefined when absent or empty. */
export type ContextReader = (key: string) => string | undefined;

/** SMS through SNS (global partition), or a mainland provider with its checked templates and keys' secret. */
export type SmsSetting =
  | { readonly provider: 'sns' }
  | {
      readonly provider: MainlandSmsProvider;
      readonly templates: SmsTemplateConfig;
      /** An existing secret (complete ARN) with the provider's keys; the stack creates one when absent. */
      readonly secretArn?: string;
    };

export type EmailSetting =
  | { readonly transport: 'ses'; readonly from?: string }
  | {
      readonly transport: 'smtp';
      readonly from: string;
      readonly smtp: { readonly host: string; readonly port: number; readonly tls: SmtpTls; readonly user?: string };
      /** An existing secret (complete ARN) with the SMTP password; created when a user is set and none is given. */
      readonly secretArn?: string;
    }
  | { readonly transport: 'off' };

const SMTP_TLS: readonly SmtpTls[] = ['starttls', 'tls', 'none'];
const EMAIL_TRANSPORTS = ['ses', 'smtp', 'off'] as const;
/** A Secrets Manager secret's complete ARN (with the random suffix), in any partition (`assertArnInRegion` checks where). */
const secretArn = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+-[A-Za-z0-9]{6}$/;

function oneOf<T extends string>(key: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new Error(`Context option ${key} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}.`);
  }
  return value as T;
}

function assertSecretArn(key: string, value: string): void {
  if (!secretArn.test(value)) {
    throw new Error(
      `Context option ${key} must be the complete ARN of a Secrets Manager secret (arn:…:secretsmanager:<region>:<account>:secret:<name>-<6 characters>), got ${JSON.stringify(value)}.`,
    );
  }
}

/**
 * `-c smsProvider=sns|aliyun|tencent` (default sns) and, for a mainland provider, `-c smsTemplates=`
 * a JSON file (or the JSON itself) checked as `parseSmsTemplateConfig` checks it, and optionally
 * `-c smsSecretArn=` an existing secret with the provider's keys.
 */
export function smsSetting(context: ContextReader, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): SmsSetting {
  const provider = oneOf('smsProvider', context('smsProvider') ?? 'sns', SMS_PROVIDERS);
  if (provider === 'sns') {
    for (const key of ['smsTemplates', 'smsSecretArn']) {
      if (context(key) !== undefined) throw new Error(`Context option ${key} applies only with -c smsProvider=aliyun or tencent.`);
    }
    return { provider };
  }
  const source = context('smsTemplates');
  if (source === undefined) {
    throw new Error(
      `Context option smsTemplates must name the SMS template config (a JSON file, see docs/china-notifications.md) when smsProvider is ${provider}.`,
    );
  }
  let text: string;
  try {
    text = source.trimStart().startsWith('{') ? source : readFile(source);
  } catch {
    throw new Error(`Context option smsTemplates names ${JSON.stringify(source)}, which cannot be read.`);
  }
  let templates: SmsTemplateConfig;
  try {
    templates = parseSmsTemplateJson(provider, text);
  } catch (error) {
    if (error instanceof SmsTemplateConfigError) throw new Error(`Context option smsTemplates: ${error.message}`);
    throw error;
  }
  const arn = context('smsSecretArn');
  if (arn !== undefined) assertSecretArn('smsSecretArn', arn);
  return { provider, templates, ...(arn ? { secretArn: arn } : {}) };
}

/**
 * `-c emailTransport=ses|smtp|off` (default ses). SES takes `emailFrom` as before; SMTP needs
 * `smtpHost` and `emailFrom`, takes `smtpPort` (587), `smtpTls` (starttls), `smtpUser` and
 * `smtpSecretArn`; off sends no email.
 */
export function emailSetting(context: ContextReader): EmailSetting {
  const transport = oneOf('emailTransport', context('emailTransport') ?? 'ses', EMAIL_TRANSPORTS);
  const from = context('emailFrom');
  if (from !== undefined) assertEmailAddress('emailFrom', from);
  const smtpKeys = ['smtpHost', 'smtpPort', 'smtpTls', 'smtpUser', 'smtpSecretArn'];
  if (transport !== 'smtp') {
    const stray = smtpKeys.find((key) => context(key) !== undefined);
    if (stray) throw new Error(`Context option ${stray} applies only with -c emailTransport=smtp.`);
  }
  if (transport === 'off') {
    if (from !== undefined) throw new Error('Context option emailFrom applies only when email is sent (emailTransport ses or smtp).');
    return { transport };
  }
  if (transport === 'ses') return { transport, ...(from ? { from } : {}) };
  const host = context('smtpHost');
  if (!host)
    throw new Error("Context option smtpHost must name the center's mail server (e.g. smtp.example.gov.cn) when emailTransport is smtp.");
  if (!/^[A-Za-z0-9.-]{1,253}$/.test(host))
    throw new Error(`Context option smtpHost must be a host name or address, got ${JSON.stringify(host)}.`);
  if (!from) throw new Error('Context option emailFrom must be the sender address of email notices when emailTransport is smtp.');
  const portText = context('smtpPort') ?? '587';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`Context option smtpPort must be a port number (587 for STARTTLS, 465 for TLS), got ${JSON.stringify(portText)}.`);
  }
  const tls = oneOf('smtpTls', context('smtpTls') ?? 'starttls', SMTP_TLS);
  const user = context('smtpUser');
  if (user && tls === 'none') {
    throw new Error('Context option smtpTls=none would send the SMTP password in the clear; use starttls or tls when smtpUser is set.');
  }
  const arn = context('smtpSecretArn');
  if (arn !== undefined) {
    if (!user) throw new Error('Context option smtpSecretArn needs -c smtpUser (the password is for signing in as that user).');
    assertSecretArn('smtpSecretArn', arn);
  }
  return { transport, from, smtp: { host, port, tls, ...(user ? { user } : {}) }, ...(arn ? { secretArn: arn } : {}) };
}

/** The one sentence synth prints when the deployment sends no email. */
export const EMAIL_OFF_NOTICE =
  'Email is off (-c emailTransport=off): the team API refuses an email channel with 400 naming it, and email channels teams already have are recorded as refused.';

/**
 * In a region known at synth (the China regions have neither SNS SMS nor SES, per the AWS China
 * guide's "Amazon SNS" page and its list of services), refuses a channel the region cannot send.
 */
export function assertChannelsAvailable(region: string, sms: SmsSetting, email: EmailSetting): void {
  if (partitionOf(region) !== 'aws-cn') return;
  if (sms.provider === 'sns') {
    throw new Error(
      `SMS through Amazon SNS is not available in ${region}; set -c smsProvider=aliyun or tencent with -c smsTemplates=<file>.`,
    );
  }
  if (email.transport === 'ses') {
    throw new Error(`Amazon SES is not available in ${region}; set -c emailTransport=smtp (with -c smtpHost and -c emailFrom) or off.`);
  }
}

/**
 * Throws when the ARN given as context option `key` is of another partition or region than the
 * stack's (known at synth): a function reads its secret, and API Gateway its certificate, in the
 * stack's own region only.
 */
export function assertArnInRegion(key: string, arn: string, region: string): void {
  const [, partition, , arnRegion] = arn.split(':');
  const expected = partitionOf(region);
  if (partition !== expected || arnRegion !== region) {
    throw new Error(
      `Context option ${key} names ${JSON.stringify(arn)}, in ${partition}/${arnRegion}, but the stack deploys to ${region} ` +
        `(partition ${expected}): give the ARN of one in ${region}, where the stack's functions and API Gateway look for it.`,
    );
  }
}

// ---- The public address: PUBLIC_URL and the custom domain (docs/deploy.md, docs/deploy-china.md) ----

/**
 * A DNS host name: dot-separated labels of letters, digits and inner hyphens; the top label
 * alphabetic or an internationalised one in its ASCII form (.中国 is `xn--fiqs8s`, .政务 `xn--zfr164b`).
 */
const hostName = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
/** An ACM certificate's ARN, in any partition (`assertArnInRegion` checks where). */
const certificateArn = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;

export interface PublicAddress {
  /** The origin residents, teams and staff use (`PUBLIC_URL`, `https://host`, no trailing slash). @default the API's execute-api URL */
  readonly url?: string;
  /** The API Gateway custom domain serving it, with its ACM certificate in the stack's region. */
  readonly customDomain?: { readonly domainName: string; readonly certificateArn: string };
}

/**
 * `-c publicUrl=https://paidan.example.cn` (the address every link, redirect, cookie and the
 * console's sign-in follow) and `-c domainName=` with `-c certificateArn=` (an API Gateway custom
 * domain for it, whose host `publicUrl` defaults to). Empty when none is given: the execute-api URL.
 */
export function publicAddressOptions(context: ContextReader): PublicAddress {
  const given = context('publicUrl');
  let url: string | undefined;
  if (given !== undefined) {
    // https://, the host, at most a trailing slash: no user, port, path, query or fragment.
    const host = /^https:\/\/([^/?#:@]+)\/?$/i.exec(given)?.[1]?.toLowerCase();
    if (host === undefined || !hostName.test(host)) {
      throw new Error(
        `Context option publicUrl must be https:// and a host name, nothing after it (no port, path, query or fragment), such as https://paidan.example.cn; got ${JSON.stringify(given)}.`,
      );
    }
    url = `https://${host}`;
  }
  const domainName = context('domainName')?.toLowerCase();
  const arn = context('certificateArn');
  if (domainName === undefined && arn === undefined) return url ? { url } : {};
  if (domainName === undefined || arn === undefined) {
    throw new Error(
      `Context option ${domainName === undefined ? 'domainName' : 'certificateArn'} is required with ${domainName === undefined ? 'certificateArn' : 'domainName'}: the custom domain and the ACM certificate that covers it go together.`,
    );
  }
  if (!hostName.test(domainName)) {
    throw new Error(
      `Context option domainName must be a host name such as paidan.example.cn, got ${JSON.stringify(context('domainName'))}.`,
    );
  }
  if (!certificateArn.test(arn)) {
    throw new Error(
      `Context option certificateArn must be an ACM certificate's ARN (arn:…:acm:<region>:<account>:certificate/<id>), got ${JSON.stringify(arn)}.`,
    );
  }
  if (url !== undefined && url !== `https://${domainName}`) {
    throw new Error(
      `Context option publicUrl (${url}) must be https://${domainName} when domainName is given: the custom domain is what serves it (or leave publicUrl out).`,
    );
  }
  return { url: `https://${domainName}`, customDomain: { domainName, certificateArn: arn } };
}

// ---- Staff sign-in: the OpenID Connect issuer (docs/staff-sign-in.md) ----

/** The context options naming the staff sign-in's issuer (all optional: without them, the stack's own Cognito user pool). */
export const OIDC_OPTIONS = {
  issuer: 'oidcIssuer',
  clientId: 'oidcClientId',
  roleClaim: 'oidcRoleClaim',
  areaClaim: 'oidcAreaClaim',
  centerRole: 'oidcCenterRole',
  stationRole: 'oidcStationRole',
} as const;

/**
 * The staff sign-in from context options: undefined for the stack's own Cognito user pool (no
 * option given), else the named issuer with its claim names (defaults: `oidcClaimDefaults`).
 * Throws one sentence naming the option when a value cannot work.
 */
export function staffSignInOptions(read: (key: string) => string | undefined): StaffSignInConfig | undefined {
  const given = Object.fromEntries(
    Object.entries(OIDC_OPTIONS).flatMap(([field, key]) => {
      const value = read(key);
      return value === undefined ? [] : [[field, value]];
    }),
  ) as Partial<Record<keyof typeof OIDC_OPTIONS, string>>;
  if (given.issuer === undefined) {
    const stray = Object.keys(given) as (keyof typeof OIDC_OPTIONS)[];
    if (stray.length === 0) return undefined;
    throw new Error(
      `Context option ${OIDC_OPTIONS[stray[0]!]} applies only with oidcIssuer; without it staff sign in with the stack's own Cognito user pool, ` +
        `whose tokens carry ${cognitoClaims.roleClaim} and ${cognitoClaims.areaClaim}.`,
    );
  }
  if (!isIssuerUrl(given.issuer)) {
    throw new Error(
      `Context option oidcIssuer must be the https URL of an OpenID Connect issuer, exactly as its tokens name it in iss ` +
        `(such as https://sso.example.cn/realms/paidan, no query or fragment), got ${JSON.stringify(given.issuer)}.`,
    );
  }
  if (given.clientId === undefined) {
    throw new Error(
      'Context option oidcClientId is required with oidcIssuer: the client id the staff console signs in with, which its tokens name as audience.',
    );
  }
  const config = { ...oidcClaimDefaults, ...given, issuer: given.issuer, clientId: given.clientId };
  const result = staffSignInConfig.safeParse(config);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = String(issue.path[0]) as keyof typeof OIDC_OPTIONS;
    if (field === 'stationRole' && config.centerRole === config.stationRole) {
      throw new Error(
        `Context options oidcCenterRole and oidcStationRole must name two different roles, both are ${JSON.stringify(config.centerRole)}.`,
      );
    }
    throw new Error(`Context option ${OIDC_OPTIONS[field]} must be ${issue.message}, got ${JSON.stringify(config[field])}.`);
  }
  return result.data;
}
