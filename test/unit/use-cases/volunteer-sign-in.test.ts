import { describe, expect, it } from 'vitest';
import { memoryDeps } from '#shared/adapters/memory/deps';
import { RateLimitedError, ValidationError } from '#shared/domain/errors';
import { WRONG_CODES_PER_PHONE_PER_DAY, codeHash, phoneKey, SIGN_IN_MAX_TRIES } from '#shared/domain/sign-in';
import { PermanentDeliveryError, ThrottledDeliveryError } from '#shared/ports/notification-sender';
import { requestRegistrationCode, requestSignInCode, signInWithCode } from '#shared/use-cases/volunteer-sign-in';
import { KEDA } from '../../support/fixtures';

const HONG_KONG = '+85291234567';

async function withPerson(phone: string) {
  const mem = memoryDeps();
  await mem.volunteers.register({
    id: 'p1',
    name: '吴志愿',
    phone,
    homeAreaId: KEDA,
    registeredAt: new Date().toISOString(),
    registeredBy: { kind: 'self' },
  });
  // Alibaba Cloud SMS, say: mainland numbers only.
  mem.sender.fail = (target) =>
    target.kind === 'sms' && !target.phone.startsWith('+86') ? new PermanentDeliveryError('not a mainland number') : undefined;
  return mem;
}

describe('codes the SMS provider does not send', () => {
  it('answers a sign-in for a registered number exactly as for an unregistered one, whatever the provider says, noting it for the log', async () => {
    const mem = await withPerson('+8613700005555');
    const registered = { phone: '+8613700005555' };
    const refusals = [
      new ThrottledDeliveryError('SMS not sent by Alibaba Cloud for now (isv.BUSINESS_LIMIT_CONTROL)'),
      new Error('SMS sending through Tencent Cloud failed (no answer)'),
      new PermanentDeliveryError('SMS refused by Alibaba Cloud (isv.MOBILE_NUMBER_ILLEGAL)'),
    ];
    const notes = [];
    for (const refusal of refusals) {
      mem.sender.fail = () => refusal;
      notes.push(await requestSignInCode(mem, registered, '1.2.3.4'));
    }
    expect(notes).toEqual([
      { phone: registered.phone, notSent: { why: 'throttled', error: refusals[0] } },
      { phone: registered.phone, notSent: { why: 'failed', error: refusals[1] } },
      { phone: registered.phone, notSent: { why: 'refused', error: refusals[2] } },
    ]);
    expect(await requestSignInCode(mem, { phone: '+8613700006666' }, '1.2.3.4')).toEqual({ phone: '+8613700006666' });
    expect(mem.sender.sent).toEqual([]);
  });

  it('refuses a registration code 429 when the provider throttles, 400 naming the phone when it refuses for good, and throws what may pass', async () => {
    const mem = await withPerson('+8613700001111');
    mem.sender.fail = () =>
      new ThrottledDeliveryError('SMS not sent by Tencent Cloud for now (LimitExceeded.PhoneNumberThirtySecondLimit)');
    expect(await requestRegistrationCode(mem, { phone: '+8613700001111' }, '1.2.3.4').catch((e: unknown) => e)).toBeInstanceOf(
      RateLimitedError,
    );
    expect(await requestRegistrationCode(mem, { phone: '+8613700002222' }, '1.2.3.4').catch((e: unknown) => e)).toBeInstanceOf(
      RateLimitedError,
    );
    mem.sender.fail = (target) =>
      target.kind === 'sms' && !target.phone.startsWith('+86') ? new PermanentDeliveryError('not a mainland number') : undefined;
    const refused = await requestRegistrationCode(mem, { phone: HONG_KONG }, '1.2.3.4').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).issues.map((i) => i.field)).toEqual(['phone']);
    mem.sender.fail = () => new Error('provider timed out');
    await expect(requestRegistrationCode(mem, { phone: '+8613700002222' }, '1.2.3.4')).rejects.toThrow('provider timed out');
  });
});

describe('guessing codes', () => {
  it('allows a phone 24 wrong guesses a day over all its codes, so asking for new codes buys no more guesses', async () => {
    const phone = '+8613700003333';
    const mem = await withPerson(phone);
    let now = new Date('2026-12-06T01:00:00.000Z');
    mem.clock.now = () => now;
    const fresh = (code: string) => mem.signInCodes.issue(phoneKey(phone), codeHash(phone, code), new Date(now.getTime() + 600_000));
    // A new code whenever the last one locks, wrong guesses until the day's are used up.
    let guesses = 0;
    for (;;) {
      if (guesses % SIGN_IN_MAX_TRIES === 0) await fresh('111111');
      const refused = await signInWithCode(mem, { phone, code: '999999' }).catch((e: unknown) => e);
      if (refused instanceof RateLimitedError) break;
      expect(refused).toBeInstanceOf(ValidationError);
      guesses++;
    }
    // Each code's last wrong try locks it uncounted: 20 counted are 24 guesses.
    expect(guesses).toBe(WRONG_CODES_PER_PHONE_PER_DAY.limit + WRONG_CODES_PER_PHONE_PER_DAY.limit / (SIGN_IN_MAX_TRIES - 1) - 1);
    await fresh('111111');
    await expect(signInWithCode(mem, { phone, code: '111111' })).rejects.toBeInstanceOf(RateLimitedError);
    now = new Date(now.getTime() + WRONG_CODES_PER_PHONE_PER_DAY.windowSeconds * 1000);
    await fresh('111111');
    expect(await signInWithCode(mem, { phone, code: '111111' })).toMatchObject({ volunteerId: 'p1' });
  });

  it('counts no try without a live code, so nobody locks a phone out without codes being sent to it', async () => {
    const phone = '+8613700004444';
    const mem = await withPerson(phone);
    for (let i = 0; i < 3 * WRONG_CODES_PER_PHONE_PER_DAY.limit; i++)
      await expect(signInWithCode(mem, { phone, code: '000000' })).rejects.toBeInstanceOf(ValidationError);
    await mem.signInCodes.issue(phoneKey(phone), codeHash(phone, '222222'), new Date(Date.now() + 600_000));
    expect(await signInWithCode(mem, { phone, code: '222222' })).toMatchObject({ volunteerId: 'p1' });
  });
});
