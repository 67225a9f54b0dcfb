/**
 * How SMS leaves a function: SNS, or the deployment's mainland provider, whose SDK and keys load
 * on the first SMS (dynamic imports, files of their own in the bundle). A module apart from the
 * notify consumer's senders, so a function that sends only SMS (volunteer-self's sign-in codes)
 * imports nothing of email, webhooks or the delivery log.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from '#shared/domain/zod';
import type { MainlandSmsProvider, SmsTemplateConfig } from '#shared/domain/sms-templates';
import type { NotificationSender } from '#shared/ports/notification-sender';
import { createDocumentClient, dynamoClient } from '#shared/adapters/dynamo/client';
import { DevOutboxSender } from '#shared/adapters/notify/dev-outbox';
import { LazySender } from '#shared/adapters/notify/lazy-sender';
import { RefusingSender } from '#shared/adapters/notify/refusing-sender';
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

/** The deployment's SMS provider, written into the bundle (see `notification-adapters.ts`). */
const BUNDLED_SMS = process.env.PAIDAN_BUNDLED_SMS;

const aliyunKeys = z.object({ accessKeyId: z.string().check(z.minLength(1)), accessKeySecret: z.string().check(z.minLength(1)) });
const tencentKeys = z.object({ secretId: z.string().check(z.minLength(1)), secretKey: z.string().check(z.minLength(1)) });

/** The container's Secrets Manager client, its SDK loaded when a secret is first read (never, with SNS and SES). */
export function secretsClientOnFirstUse(): () => Promise<SecretsManagerClient> {
  let client: Promise<SecretsManagerClient> | undefined;
  return () => (client ??= import('#shared/adapters/secrets/secrets-client').then(({ secretsManagerClient }) => secretsManagerClient()));
}

/** The SMS sender of a mainland provider; undefined for SNS. */
export function mainlandSmsSender(choice: SmsChoice, secrets: () => Promise<SecretsManagerClient>): NotificationSender | undefined {
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

/**
 * An SMS-only sender, for a function whose topology grants `sms` alone (volunteer-self's sign-in
 * codes): SNS or the mainland provider, or the dev outbox on the local stack.
 */
export function smsSender(
  tableName: string,
  options: { readonly sms: SmsChoice; readonly devOutbox?: boolean },
  client: DynamoDBClient = dynamoClient(),
) {
  const secrets = secretsClientOnFirstUse();
  const mainlandSms = mainlandSmsSender(options.sms, secrets);
  if (options.devOutbox)
    return new DevOutboxSender(createDocumentClient(client), tableName, new RefusingSender('no webhooks here'), mainlandSms);
  // Sign-in codes are a small part of what such a function does: SNS's client loads with the first.
  return mainlandSms ?? new LazySender(async () => (await import('#shared/adapters/notify/sns-sms-sender')).snsSmsSender());
}
