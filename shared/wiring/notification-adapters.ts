/**
 * What the notify consumer (`send-notifications`) sends with. Only its bundle imports this; the
 * email transports, the mainland SMS senders (`sms-senders.ts`) and the Secrets Manager client
 * load on first use (dynamic imports, files of their own in the bundle), so a cold start reads
 * none of them and a deployment only the provider it chose.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from '#shared/domain/zod';
import type { SQSRecord } from 'aws-lambda';
import { remainingRetrySeconds } from '#shared/adapters/sqs/redelivery-backoff';
import type { SqsHandlerOptions } from '#shared/lambda/sqs-handler';
import { topology } from '#shared/topology/topology';
import type { NotificationSender } from '#shared/ports/notification-sender';
import { createDocumentClient, dynamoClient } from '#shared/adapters/dynamo/client';
import { DynamoDeliveryLog } from '#shared/adapters/dynamo/delivery-log';
import { DynamoNoticeDeliveries } from '#shared/adapters/dynamo/notice-deliveries';
import { ChannelRouter } from '#shared/adapters/notify/channel-router';
import { DevOutboxSender } from '#shared/adapters/notify/dev-outbox';
import { LazySender } from '#shared/adapters/notify/lazy-sender';
import { RefusingSender } from '#shared/adapters/notify/refusing-sender';
import type { SmtpSettings } from '#shared/adapters/notify/smtp-email-sender';
import { WebhookSender } from '#shared/adapters/notify/webhook-sender';
import { SecretJson } from '#shared/adapters/secrets/secret-json';
import { mainlandSmsSender, secretsClientOnFirstUse, type SmsChoice } from './sms-senders';

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
 * bundle at synth (esbuild `define`, see `PaidanFunction`): the conditions here and in
 * `sms-senders.ts` read them directly so esbuild folds them and drops every other provider's SDK
 * (the sizes: docs/ARCHITECTURE.md, "Bundles and cold starts"). Unset where the TypeScript runs
 * as is (tests, the local stack): every sender is there.
 */
const BUNDLED_EMAIL = process.env.PAIDAN_BUNDLED_EMAIL;

const smtpPassword = z.object({ password: z.string().check(z.minLength(1)) });

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
 * The longest one notice may take, for the consumer's `recordBudgetMs`: its targets are sent at
 * once, the slowest in 10 s (Alibaba Cloud SMS's connect and read timeouts, the SMTP cap, SNS and
 * SES with the SDK's retries: `SEND_BOUNDS`; a webhook 5 s, Tencent Cloud 5 s), after at most 3 s
 * reading a provider's keys or the SMTP password (`SECRET_READ_BOUNDS`), plus the table's reads
 * and writes around them.
 */
export const NOTICE_BUDGET_MS = 15_000;

/**
 * How the notify consumer handles a batch: its notices at once (they wait on providers and
 * webhooks, not on each other), so a batch of any size takes one notice's budget of the
 * function's 30 s and none is left untried and released, which would count as a receive.
 */
export const NOTIFY_RECORDS = { recordBudgetMs: NOTICE_BUDGET_MS, concurrent: true } as const satisfies SqsHandlerOptions;

/**
 * When the notify queue's copy of a record failing now will have had its last try: its remaining
 * receives' backoff at the longest, and one notice's time for that last try.
 */
export function notifyCopyRetriedUntil(record: SQSRecord, now: Date): Date {
  const { visibilityTimeoutSeconds, maxReceiveCount } = topology.queues.notify;
  const receives = Number(record.attributes.ApproximateReceiveCount) || 1;
  const seconds = remainingRetrySeconds(receives, visibilityTimeoutSeconds, maxReceiveCount);
  return new Date(now.getTime() + seconds * 1000 + NOTICE_BUDGET_MS);
}

/** What the notify consumer sends with, and the logs that make each delivery happen once (notices' on their outbox items). */
export function notificationAdapters(tableName: string, options: NotificationOptions, client: DynamoDBClient = dynamoClient()) {
  const secrets = secretsClientOnFirstUse();
  const webhook = new WebhookSender({ allowLocal: options.localWebhooks ?? false });
  const mainlandSms = mainlandSmsSender(options.sms, secrets);
  const db = createDocumentClient(client);
  const sender = options.devOutbox
    ? new DevOutboxSender(db, tableName, webhook, mainlandSms)
    : new ChannelRouter({
        webhook,
        // SNS (its query protocol and XML parser) loads with the first SMS: a cold start for a team's webhook never reads it.
        sms: mainlandSms ?? new LazySender(async () => (await import('#shared/adapters/notify/sns-sms-sender')).snsSmsSender()),
        email: emailSender(options.email, secrets),
      });
  const deliveries = new DynamoDeliveryLog(db, tableName);
  return { sender, deliveries, noticeDeliveries: new DynamoNoticeDeliveries(db, tableName, deliveries) };
}
