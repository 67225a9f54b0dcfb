/**
 * A function's environment, from its topology entry: exactly the variables the entry grants
 * (the CDK construct and the local stack set the same names from the same `environmentNames`),
 * each read through zod once, at cold start. A missing or malformed one stops the cold start
 * with its name; a variable the entry does not grant is not in the result, nor in its type.
 */
import * as z from '#shared/domain/zod';
import {
  DEV_OUTBOX_ENV,
  EMAIL_FROM_ENV,
  EMAIL_TRANSPORT_ENV,
  SMS_ENDPOINT_ENV,
  SMS_PROVIDER_ENV,
  SMS_SECRET_ENV,
  SMS_TEMPLATES_ENV,
  SMTP_SECRET_ENV,
  SMTP_SETTINGS_ENV,
  LOCAL_WEBHOOKS_ENV,
  QUIET_HOURS_ENV,
  type EnvironmentName,
  environmentNames,
  type FunctionName,
  type FunctionSpec,
  type MessagingFunction,
  PUBLIC_URL_ENV,
  RETENTION_DAYS_ENV,
  SIGN_IN_CLIENT_ENV,
  SIGN_IN_DOMAIN_ENV,
  STAFF_SIGN_IN_ENV,
  TABLE_NAME_ENV,
  topology,
} from '#shared/topology/topology';
import { staffSignInOf } from '#shared/http/staff-sign-in';
import { MAX_RETENTION_DAYS, MIN_RETENTION_DAYS, retentionDaysOf } from '#shared/domain/retention';
import { envVars, readEnv } from './env';

const safely = (read: () => unknown) => {
  try {
    read();
    return true;
  } catch {
    return false;
  }
};

export type FunctionEnv<N extends FunctionName> = { readonly [K in EnvironmentName<N>]: string } & (N extends MessagingFunction
  ? { readonly [DEV_OUTBOX_ENV]?: 'on' }
  : unknown) & { readonly [LOCAL_WEBHOOKS_ENV]?: 'on'; readonly [QUIET_HOURS_ENV]?: 'off' };

/** How each variable is read; the staff sign-in pair is checked further by the console. */
function schemaOf(name: string): z.ZodMiniType<string> {
  if (name === TABLE_NAME_ENV) return envVars.tableName;
  if (name === PUBLIC_URL_ENV) return envVars.publicUrl;
  if (name.endsWith('_QUEUE_URL') || name.endsWith('_DLQ_URL')) return envVars.queueUrl;
  // Empty: the deployment sends no email, or (locally) staff sign in with a pasted token.
  if (name === EMAIL_FROM_ENV) return z.union([z.literal(''), z.email()]);
  if (name === SIGN_IN_DOMAIN_ENV || name === SIGN_IN_CLIENT_ENV) return z.string();
  // How notices leave; the template config and SMTP settings are checked further by their reader.
  if (name === SMS_PROVIDER_ENV) return z.enum(['sns', 'aliyun', 'tencent']);
  if (name === EMAIL_TRANSPORT_ENV) return z.enum(['ses', 'smtp', 'off']);
  if (name === SMS_ENDPOINT_ENV) return z.union([z.literal(''), z.url()]);
  if ([SMS_TEMPLATES_ENV, SMS_SECRET_ENV, SMTP_SETTINGS_ENV, SMTP_SECRET_ENV].includes(name)) return z.string();
  if (name === RETENTION_DAYS_ENV) {
    return z
      .string()
      .check(z.refine((v) => safely(() => retentionDaysOf(v)), `whole days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}`));
  }
  if (name === STAFF_SIGN_IN_ENV) {
    return z.string().check(z.refine((v) => staffSignInOf(v) !== undefined, 'the staff sign-in as JSON: issuer, clientId and claim names'));
  }
  throw new Error(`No schema for the environment variable ${name}`);
}

export function functionEnv<N extends FunctionName>(name: N, source: NodeJS.ProcessEnv = process.env): FunctionEnv<N> {
  const spec: FunctionSpec = topology.functions[name];
  const shape: Record<string, z.ZodMiniType> = Object.fromEntries(environmentNames(spec).map((variable) => [variable, schemaOf(variable)]));
  if (spec.messaging) shape[DEV_OUTBOX_ENV] = z.optional(z.literal('on'));
  shape[LOCAL_WEBHOOKS_ENV] = z.optional(z.literal('on'));
  shape[QUIET_HOURS_ENV] = z.optional(z.literal('off'));
  return readEnv(shape, source) as FunctionEnv<N>;
}
