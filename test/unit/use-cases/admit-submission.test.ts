import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { RateLimitedError } from '#shared/domain/errors';
import { signInPhoneKey } from '#shared/domain/sign-in';
import { admitSubmission, defaultIntakeLimits, intakePhoneKey } from '#shared/use-cases/admit-submission';

const PHONE = '+8613912345678';
const { limit, windowSeconds } = defaultIntakeLimits.perPhone;

let mem: MemoryDeps;
const now = new Date('2026-11-29T02:00:00.000Z');
const deps = () => ({
  clock: mem.clock,
  signingKeys: mem.signingKeys,
  limiter: Object.assign(mem.limiter, { intakeLimits: async () => defaultIntakeLimits, setIntakeLimits: async () => {} }),
});

beforeEach(() => {
  mem = memoryDeps({ clock: { now: () => now } });
});

describe("the intake's limit per phone (review 47)", () => {
  it('counts under the keyed hash of the phone, for this purpose alone, never a plain hash that gives the number back', async () => {
    const identityKey = await mem.signingKeys.identityKey();
    for (let i = 0; i < limit; i++) await admitSubmission(deps(), `198.51.100.${i}`, PHONE);
    const key = intakePhoneKey(identityKey, PHONE);
    expect(await mem.limiter.counted(key, windowSeconds, now)).toBe(limit);
    // The key of the version before: a SHA-256 prefix, reversed for a mainland number in seconds.
    const plain = `phone:${createHash('sha256').update(PHONE).digest('base64url').slice(0, 22)}`;
    expect(await mem.limiter.counted(plain, windowSeconds, now)).toBe(0);
    expect(key).not.toContain('13912345678');
    expect(key).not.toContain(signInPhoneKey(identityKey, PHONE));
    expect(intakePhoneKey(Buffer.alloc(32, 9), PHONE)).not.toBe(key);
    // Still one limit for the phone, whatever the address.
    await expect(admitSubmission(deps(), '203.0.113.1', PHONE)).rejects.toBeInstanceOf(RateLimitedError);
    await expect(admitSubmission(deps(), '203.0.113.1', '+8613912345679')).resolves.toBeDefined();
  });

  it('gives the count back under the same key', async () => {
    const admission = await admitSubmission(deps(), '198.51.100.1', PHONE);
    const key = intakePhoneKey(await mem.signingKeys.identityKey(), PHONE);
    expect(await mem.limiter.counted(key, windowSeconds, now)).toBe(1);
    await admission.giveBack();
    expect(await mem.limiter.counted(key, windowSeconds, now)).toBe(0);
  });
});
