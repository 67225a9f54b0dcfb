/** SecretJson through the SDK against the local stack's Secrets Manager, on a clock the test moves. */
import { afterEach, describe, expect, it } from 'vitest';
import { SECRET_MAX_AGE_MS, SECRET_REREAD_MS } from '#shared/adapters/secrets/secret-json';
import * as z from '#shared/domain/zod';
import { localSecret, type LocalSecret } from '../../support/local-secret';
import { rejection } from '../../support/rejection';

const keys = z.object({ id: z.string().check(z.minLength(1)), key: z.string().check(z.minLength(1)) });
type Keys = z.infer<typeof keys>;
const placeholder: Keys = { id: 'PLACEHOLDER', key: 'generated-0123456789' };
const real: Keys = { id: 'LTAI-real', key: 'real-secret-0123456789' };

let secret: LocalSecret<Keys> | undefined;
afterEach(async () => {
  await secret?.close();
  secret = undefined;
});

describe('SecretJson', () => {
  it('reads the secret once, on first use, and hands over the same value until it is ten minutes old', async () => {
    secret = await localSecret(keys, placeholder);
    expect(secret.reads).toBe(0);
    const first = await secret.source.get();
    expect(first).toEqual(placeholder);
    secret.put(real);
    secret.advance(SECRET_MAX_AGE_MS - 1);
    expect(await secret.source.get()).toBe(first);
    expect(secret.reads).toBe(1);
    secret.advance(1);
    expect(await secret.source.get()).toEqual(real);
    expect(secret.reads).toBe(2);
  });

  it('reads again at the next use after a refusal, but not sooner than a minute after its last read', async () => {
    secret = await localSecret(keys, placeholder);
    await secret.source.get();
    secret.put(real);
    secret.advance(1000);
    // A run of refusals within the minute: still the old value, no read.
    for (let i = 0; i < 5; i++) {
      secret.source.refused();
      expect(await secret.source.get()).toEqual(placeholder);
    }
    expect(secret.reads).toBe(1);
    secret.advance(SECRET_REREAD_MS - 1000);
    expect(await secret.source.get()).toEqual(real);
    expect(secret.reads).toBe(2);
    // The new value is kept as any other: the next read is ten minutes on.
    secret.advance(SECRET_REREAD_MS);
    await secret.source.get();
    expect(secret.reads).toBe(2);
  });

  it('keeps the value it holds when a later read fails, and tries again a minute later', async () => {
    secret = await localSecret(keys, real);
    await secret.source.get();
    secret.put({ id: '', key: '' } as Keys);
    secret.advance(SECRET_MAX_AGE_MS);
    expect(await secret.source.get()).toEqual(real);
    expect(secret.reads).toBe(2);
    secret.advance(SECRET_REREAD_MS - 1);
    expect(await secret.source.get()).toEqual(real);
    expect(secret.reads).toBe(2);
    secret.put({ id: 'LTAI-next', key: 'next-secret-0123456789' });
    secret.advance(1);
    expect(await secret.source.get()).toEqual({ id: 'LTAI-next', key: 'next-secret-0123456789' });
    expect(secret.reads).toBe(3);
  });

  it('does not remember a failed first read, and names the fields, never the value', async () => {
    secret = await localSecret(keys, { id: 'LTAI-visible', key: '' } as Keys);
    const e = await rejection(secret.source.get(), ['LTAI-visible']);
    expect(e.message).toBe('the test secret in Secrets Manager lack or mistype key');
    secret.put(real);
    expect(await secret.source.get()).toEqual(real);
    expect(secret.reads).toBe(2);
  });
});
