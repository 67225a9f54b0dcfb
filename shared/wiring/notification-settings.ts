/**
 * The notify consumer's sending choices from its environment (read by `functionEnv`, which
 * checks each variable's form): how SMS leaves (SNS, or a mainland provider with its template
 * config, its keys' secret and endpoint) and how email leaves (SES, SMTP or not at all). A
 * template config that fails the check synth ran stops the cold start with its sentence.
 */
import * as z from '#shared/domain/zod';
import { parseSmsTemplateJson } from '#shared/domain/sms-templates';
import type { EmailChoice } from './notification-adapters';
import type { SmsChoice } from './sms-senders';

export interface NotificationEnv {
  readonly SMS_PROVIDER: string;
  readonly SMS_TEMPLATES: string;
  readonly SMS_SECRET_ARN: string;
  readonly SMS_ENDPOINT: string;
  readonly EMAIL_TRANSPORT: string;
  readonly EMAIL_FROM: string;
  readonly SMTP_SETTINGS: string;
  readonly SMTP_SECRET_ARN: string;
}

const smtpSettings = z.strictObject({
  host: z.string().check(z.minLength(1)),
  port: z.int().check(z.gte(1), z.lte(65535)),
  tls: z.enum(['starttls', 'tls', 'none']),
  user: z.optional(z.string().check(z.minLength(1))),
});

/** How SMS leaves, for a function that sends SMS only (messaging `sms`). */
export function smsSettings(env: Pick<NotificationEnv, 'SMS_PROVIDER' | 'SMS_TEMPLATES' | 'SMS_SECRET_ARN' | 'SMS_ENDPOINT'>): SmsChoice {
  const provider = env.SMS_PROVIDER;
  return provider === 'aliyun' || provider === 'tencent'
    ? {
        provider,
        templates: parseSmsTemplateJson(provider, env.SMS_TEMPLATES),
        secretId: nonEmpty('SMS_SECRET_ARN', env.SMS_SECRET_ARN),
        ...(env.SMS_ENDPOINT ? { endpoint: env.SMS_ENDPOINT } : {}),
      }
    : { provider: 'sns' };
}

export function notificationSettings(env: NotificationEnv): { sms: SmsChoice; email: EmailChoice } {
  const sms = smsSettings(env);
  let email: EmailChoice;
  if (env.EMAIL_TRANSPORT === 'smtp') {
    const parsed = smtpSettings.safeParse(safeJson(env.SMTP_SETTINGS));
    if (!parsed.success) throw new Error('Environment is missing or invalid: SMTP_SETTINGS');
    email = {
      transport: 'smtp',
      smtp: { ...parsed.data, from: nonEmpty('EMAIL_FROM', env.EMAIL_FROM) },
      ...(parsed.data.user ? { secretId: nonEmpty('SMTP_SECRET_ARN', env.SMTP_SECRET_ARN) } : {}),
    };
  } else email = env.EMAIL_TRANSPORT === 'off' ? { transport: 'off' } : { transport: 'ses', from: env.EMAIL_FROM };
  return { sms, email };
}

function nonEmpty(name: string, value: string): string {
  if (!value) throw new Error(`Environment is missing or invalid: ${name}`);
  return value;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
