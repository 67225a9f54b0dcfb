/**
 * What the notify consumer (`send-notifications`) sends with. Only its bundle imports this, and
 * the mainland SMS senders and SMTP load on first use (dynamic imports), so a deployment
 * evaluates the one provider it chose and no other function carries their SDKs.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import * as z from '#shared/domain/zod';
import type { MainlandSmsProvider, SmsTemplateConfig } from '#shared/domain/sms-templates';
import type { NotificationSender } from '#shared/ports/notification-sender';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { PowertoolsDeliveryLog } from '#shared/adapters/dynamo/delivery-log';
import { ChannelRouter } from '#shared/adapters/notify/channel-router';
import { DevOutboxSender } from '#shared/adapters/notify/dev-outbox';
import { LazySender } from '#shared/adapters/notify/lazy-sender';
import { RefusingSender } from '#shared/adapters/notify/refusing-sender';
import type { SmtpSettings } from '#shared/adapters/notify/smtp-email-sender';
import { SnsSmsSender } from '#shared/adapters/notify/sns-sms-sender';
import { WebhookSender } from '#shared/adapters/notify/webhook-sender';
import { SecretJson } from '#shared/adapters/secrets/secret-json';

/** How SMS leaves: SNS (the global partition), or a mainland provider with its templates and keys' secret. */
export type SmsChoice =
  | { readonly provider: 'sns' }
  | {
      readonly provider: MainlandSmsProvider;
      /** Its `provider` is the one chosen (`parseSmsTemplateConfig` checks). */
      readonly templates: SmsTemplateConfig;
      readonly secretId: string;
      readonly endpoint?: string;
    };

/** How email leaves: SES from a verified sender, SMTP to the center's mail service, or not at all. */
export type EmailChoice =
  | { readonly transport: 'ses'; readonly from?: string }
  | { readonly transport: 'smtp'; readonly smtp: SmtpSettings; readonly secretId?: string }
  | { readonly transport: 'off' };

export interface NotificationOptions {
  readonly sms: SmsChoice;
  readonly email: EmailChoice;
  /** Local stack: keep every notice in the dev outbox; SMS through SNS and email go nowhere else. */
  readonly devOutbox?: boolean;
  /** Local stack: webhooks may use plain http and loopback targets. */
  readonly localWebhooks?: boolean;
}

/**
 * `process.env.PAIDAN_BUNDLED_SMS` and `…_EMAIL` are the deployment's choices, written into the
 * bundle at synth (esbuild `define`, see `PaidanFunction`): the conditions below read them
 * directly so esbuild folds them and drops every other provider's SDK (send-notifications:
 * 692 KB with SNS and SES, 2,049 KB with Alibaba Cloud and SMTP, 1,222 KB with Tencent Cloud and
 * email off; 2,565 KB with everything). Unset where the TypeScript runs as is (tests, the local
 * stack): every sender is there.
 */
const BUNDLED_SMS = process.env.PAIDAN_BUNDLED_SMS;
const BUNDLED_EMAIL = process.env.PAIDAN_BUNDLED_EMAIL;

const aliyunKeys = z.object({ accessKeyId: z.string().check(z.minLength(1)), accessKeySecret: z.string().check(z.minLength(1)) });
const tencentKeys = z.object({ secretId: z.string().check(z.minLength(1)), secretKey: z.string().check(z.minLength(1)) });
const smtpPassword = z.object({ password: z.string().check(z.minLength(1)) });

/** The container's Secrets Manager client, its SDK loaded when a secret is first read (never, with SNS and SES). */
function secretsClientOnFirstUse(): () => Promise<SecretsManagerClient> {
  let client: Promise<SecretsManagerClient> | undefined;
  return () => (client ??= import('#shared/adapters/secrets/secrets-client').then(({ secretsManagerClient }) => secretsManagerClient()));
}

/** The SMS sender of a mainland provider; undefined for SNS. */
function mainlandSmsSender(choice: SmsChoice, secrets: () => Promise<SecretsManagerClient>): NotificationSender | undefined {
  if (choice.provider === 'sns') return undefined;
  const endpoint = choice.endpoint ? { endpoint: choice.endpoint } : {};
  const templates = choice.templates;
  switch (templates.provider) {
    case 'aliyun':
      if (process.env.PAIDAN_BUNDLED_SMS === undefined || process.env.PAIDAN_BUNDLED_SMS === 'aliyun') {
        return new LazySender(async () => {
          const { AliyunSmsSender } = await import('#shared/adapters/notify/aliyun-sms-sender');
          return new AliyunSmsSender(
            templates,
            new SecretJson(await secrets(), choice.secretId, aliyunKeys, 'the Alibaba Cloud SMS keys'),
            endpoint,
          );
        });
      }
      break;
    case 'tencent':
      if (process.env.PAIDAN_BUNDLED_SMS === undefined || process.env.PAIDAN_BUNDLED_SMS === 'tencent') {
        return new LazySender(async () => {
          const { TencentSmsSender } = await import('#shared/adapters/notify/tencent-sms-sender');
          return new TencentSmsSender(
            templates,
            new SecretJson(await secrets(), choice.secretId, tencentKeys, 'the Tencent Cloud SMS keys'),
            endpoint,
          );
        });
      }
      break;
  }
  throw new Error(`SMS_PROVIDER is ${templates.provider}, but this bundle was built for ${BUNDLED_SMS}`);
}

function emailSender(choice: EmailChoice, secrets: () => Promise<SecretsManagerClient>): NotificationSender {
  switch (choice.transport) {
    case 'ses':
      return new LazySender(async () => {
        const { sesEmailSender } = await import('#shared/adapters/notify/ses-email-sender');
        return sesEmailSender(choice.from || undefined);
      });
    case 'smtp':
      if (process.env.PAIDAN_BUNDLED_EMAIL === undefined || process.env.PAIDAN_BUNDLED_EMAIL === 'smtp') {
        return new LazySender(async () => {
          const { SmtpEmailSender } = await import('#shared/adapters/notify/smtp-email-sender');
          const password = choice.secretId
            ? new SecretJson(await secrets(), choice.secretId, smtpPassword, 'the SMTP password')
            : undefined;
          return new SmtpEmailSender(choice.smtp, password);
        });
      }
      throw new Error(`EMAIL_TRANSPORT is smtp, but this bundle was built for ${BUNDLED_EMAIL}`);
    case 'off':
      return new RefusingSender('email is off in this deployment');
  }
}

/**
 * An SMS-only sender, for a function whose topology grants `sms` alone (volunteer-self's sign-in
 * codes): SNS or the mainland provider, or the dev outbox on the local stack.
 */
export function smsSender(tableName: string, options: Pick<NotificationOptions, 'sms' | 'devOutbox'>, client = new DynamoDBClient({})) {
  const secrets = secretsClientOnFirstUse();
  const mainlandSms = mainlandSmsSender(options.sms, secrets);
  if (options.devOutbox)
    return new DevOutboxSender(createDocumentClient(client), tableName, new RefusingSender('no webhooks here'), mainlandSms);
  return mainlandSms ?? new SnsSmsSender(new SNSClient({}));
}

/** What the notify consumer sends with, and the log that makes each delivery happen once. */
export function notificationAdapters(tableName: string, options: NotificationOptions, client = new DynamoDBClient({})) {
  const secrets = secretsClientOnFirstUse();
  const webhook = new WebhookSender({ allowLocal: options.localWebhooks ?? false });
  const mainlandSms = mainlandSmsSender(options.sms, secrets);
  const sender = options.devOutbox
    ? new DevOutboxSender(createDocumentClient(client), tableName, webhook, mainlandSms)
    : new ChannelRouter({
        webhook,
        sms: mainlandSms ?? new SnsSmsSender(new SNSClient({})),
        email: emailSender(options.email, secrets),
      });
  return { sender, deliveries: new PowertoolsDeliveryLog(client, tableName) };
}
