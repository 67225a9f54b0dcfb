/**
 * A `SecretJson` reading a secret from the local stack's Secrets Manager (`GetSecretValue` on
 * loopback) through the SDK, on a clock the test moves: the operator's `put-secret-value` is
 * `put`, and `reads` counts what reached Secrets Manager.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { expect } from 'vitest';
import { SECRET_REREAD_MS, SecretJson } from '#shared/adapters/secrets/secret-json';
import type * as z from '#shared/domain/zod';
import { startLocalSecrets } from '#infra/local/local-secrets';
import { rejection } from './rejection';

export interface LocalSecret<T> {
  readonly source: SecretJson<T>;
  /** Requests that reached Secrets Manager. */
  readonly reads: number;
  /** Puts a new value, as `aws secretsmanager put-secret-value` does. */
  put(value: T): void;
  /** Moves the source's clock on. */
  advance(ms: number): void;
  close(): Promise<void>;
}

const ID = 'arn:aws:secretsmanager:cn-north-1:123456789012:secret:paidan-test-AbCdEf';

export async function localSecret<T>(shape: z.ZodMiniType<T>, value: T): Promise<LocalSecret<T>> {
  const values: Record<string, string> = { [ID]: JSON.stringify(value) };
  let reads = 0;
  let now = Date.parse('2025-03-01T08:00:00Z');
  const counted = new Proxy(values, {
    get: (target, key) => {
      if (key === ID) reads++;
      return target[key as string];
    },
  });
  const server = await startLocalSecrets(counted);
  const client = new SecretsManagerClient({
    endpoint: server.endpoint,
    region: 'cn-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    source: new SecretJson(client, ID, shape, 'the test secret', () => now),
    get reads() {
      return reads;
    },
    put: (next) => {
      values[ID] = JSON.stringify(next);
    },
    advance: (ms) => {
      now += ms;
    },
    close: async () => {
      client.destroy();
      await server.stop();
    },
  };
}

/**
 * The operator puts the real value after `send` was refused with what the secret held (the
 * stack's placeholder): a second later `send` is still refused, the secret not read again
 * (no read per refusal); then the clock moves a minute on, when the next send reads it.
 */
export async function putAfterRefusal<T>(secret: LocalSecret<T>, value: T, send: () => Promise<void>): Promise<void> {
  await rejection(send());
  secret.put(value);
  secret.advance(1000);
  await rejection(send());
  expect(secret.reads).toBe(1);
  secret.advance(SECRET_REREAD_MS);
}
