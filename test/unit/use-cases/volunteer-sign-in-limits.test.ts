/**
 * Review 38: one address kept a volunteer from ever signing in (asking for their phone at each
 * quarter hour), a phone could be sent 288 codes a day, a few addresses spent the deployment's day
 * of registration codes while the page said "sent", and phones were kept under a plain hash.
 * Review 60: two addresses spent a phone's day of codes, locking the owner out until midnight.
 * Review 61: strangers locked each code the owner's known browser asked for; a key rotation dropped marks.
 */
import { describe, expect, it } from 'vitest';
import { memoryDeps } from '#shared/adapters/memory/deps';
import { CodeStillLiveError, RateLimitedError, RegistrationCodesSpentError, type ValidationError } from '#shared/domain/errors';
import { parseNotifyMessage } from '#shared/domain/notices';
import {
  CODE_SPACING_SECONDS,
  beijingDay,
  CODES_PER_PHONE_FROM_NEW_DEVICES,
  CODES_PER_PHONE_PER_DAY,
  codeHash,
  legacySignInPhoneKey,
  REGISTRATION_CODES_PER_DAY,
  REGISTRATION_CODES_PER_NETWORK,
  SIGN_IN_CODE_SECONDS,
  signInPhoneKey,
} from '#shared/domain/sign-in';
import { signKnownDevice } from '#shared/domain/known-device';
import { sealedSignInCode, type SignInCodeMessage } from '#shared/domain/sign-in-code-message';
import { sendSignInCode } from '#shared/use-cases/send-sign-in-code';
import { requestRegistrationCode, requestSignInCode, signInWithCode } from '#shared/use-cases/volunteer-sign-in';
import { KEDA } from '../../support/fixtures';

const PHONE = '+8613700005555';
/** 00:00 in Beijing. */
const START = Date.parse('2026-12-06T16:00:00.000Z');

async function world() {
  const mem = memoryDeps();
  await mem.volunteers.register({
    id: 'p1',
    name: '吴志愿',
    phone: PHONE,
    homeAreaId: KEDA,
    registeredAt: new Date(START).toISOString(),
    registeredBy: { kind: 'self' },
  });
  let now = new Date(START);
  mem.clock.now = () => now;
  const at = (seconds: number) => {
    now = new Date(START + seconds * 1000);
  };
  /** Sends what was queued (the notify queue's consumer); the codes the phone got, newest last. */
  const smsCodes = async () => {
    for (const m of mem.publisher.sent.splice(0))
      await sendSignInCode(mem, parseNotifyMessage(JSON.stringify(m.body)) as SignInCodeMessage);
    return mem.sender.sent
      .filter((s) => s.target.kind === 'sms' && s.target.phone === PHONE)
      .map((s) => /(\d{6})/.exec(s.notice.text)![1]!);
  };
  /** What asking for a code from `ip` (with the browser's known-device mark, if any) came to: sent, the live code's step, or refused; its SMS sent at once. */
  const ask = async (ip: string, mark?: string) => {
    const answer = await requestSignInCode(mem, { phone: PHONE }, ip, mark).then(
      () => 'sent',
      (e: unknown) => {
        if (e instanceof CodeStillLiveError) return 'live';
        if (e instanceof RateLimitedError) return 'refused';
        throw e;
      },
    );
    await smsCodes();
    return answer;
  };
  /** The mark a browser gets by signing in with `phone` now (or `days` from now). */
  const markFor = async (phone: string, days = 0) =>
    signKnownDevice(
      await mem.signingKeys.current(),
      signInPhoneKey(await mem.signingKeys.identityKey(), phone),
      new Date(now.getTime() + days * 24 * 3600 * 1000),
    );
  return { mem, at, smsCodes, ask, markFor };
}

describe('codes for one phone', () => {
  it('lets no one address keep the owner from signing in: asked for at each quarter hour’s start and a minute and two later, all day', async () => {
    const { mem, at, smsCodes, ask } = await world();
    const owner: string[] = [];
    let mark: string | undefined;
    for (let window = 0; window < 96; window++) {
      for (const d of [0, 60, 120]) {
        at(window * 900 + d);
        await ask('6.6.6.6');
      }
      // Now and then the owner, from their own address and browser, asks at once after the attacker and signs in with the newest code the phone got.
      if (window % 20 === 10) {
        at(window * 900 + 125);
        const answer = await ask('10.0.0.1', mark);
        const code = (await smsCodes()).at(-1)!;
        const signedIn = await signInWithCode(mem, { phone: PHONE, code }, '10.0.0.1', mark).catch(() => undefined);
        mark = signedIn?.knownDevice ?? mark;
        owner.push(`${answer} ${signedIn ? 'session' : 'refused'}`);
      }
    }
    expect(owner).toEqual(['sent session', 'sent session', 'sent session', 'sent session', 'sent session']);
    expect((await smsCodes()).length).toBeLessThanOrEqual(CODES_PER_PHONE_PER_DAY.limit);
  });

  it('answers a code asked for within the spacing with the live code’s step: the newest code the phone got signs in', async () => {
    const { mem, at, smsCodes, ask } = await world();
    expect(await ask('6.6.6.6')).toBe('sent');
    at(CODE_SPACING_SECONDS - 1);
    expect(await ask('10.0.0.1')).toBe('live');
    expect(await signInWithCode(mem, { phone: PHONE, code: (await smsCodes()).at(-1)! }, '10.0.0.1')).toMatchObject({ volunteerId: 'p1' });
    // Used: no live code any more, so a refusal for spacing is only that.
    expect(await ask('10.0.0.2')).toBe('refused');
  });

  it('keeps the owner’s browser codes when two addresses ask for the phone all night: strangers get 6 of the day’s 10', async () => {
    const { mem, at, smsCodes, ask, markFor } = await world();
    const mark = await markFor(PHONE);
    const night = [];
    for (let i = 0; i < 10; i++) {
      at(3 * 3600 + i * (CODE_SPACING_SECONDS + 1));
      night.push(await ask(i % 2 === 0 ? '6.6.6.6' : '7.7.7.7'));
    }
    expect(night.filter((a) => a === 'sent')).toHaveLength(CODES_PER_PHONE_FROM_NEW_DEVICES.limit);
    at(8 * 3600);
    // A browser that never signed in with the phone, another phone's mark, one forged, one expired: the strangers' share is spent.
    expect(await ask('10.0.0.1')).toBe('refused');
    expect(await ask('10.0.0.1', await markFor('+8613700006666'))).toBe('refused');
    expect(await ask('10.0.0.1', `${mark.slice(0, -2)}AA`)).toBe('refused');
    expect(await ask('10.0.0.1', await markFor(PHONE, -181))).toBe('refused');
    // The owner's browser, from a third address, still gets a code, and signs in with it.
    expect(await ask('10.0.0.1', mark)).toBe('sent');
    const code = (await smsCodes()).at(-1)!;
    expect(await signInWithCode(mem, { phone: PHONE, code }, '10.0.0.1', mark)).toMatchObject({ volunteerId: 'p1' });
  });

  it('sends a phone at most the providers’ 10 codes a day of Beijing time from every address together, the last one’s step while it lives, then a 429 until midnight there', async () => {
    const { mem, at, smsCodes, ask, markFor } = await world();
    // A browser that signed in with the phone before, asking from ever new addresses.
    const mark = await markFor(PHONE);
    const answers = [];
    for (let i = 0; i < 30; i++) {
      at(i * CODE_SPACING_SECONDS);
      answers.push(await ask(`10.0.${i}.1`, mark));
    }
    expect(answers.filter((a) => a === 'sent')).toHaveLength(CODES_PER_PHONE_PER_DAY.limit);
    expect(await smsCodes()).toHaveLength(CODES_PER_PHONE_PER_DAY.limit);
    // The last code lives 5 minutes: asked for a minute apart, the 4 after it are its step, then a refusal.
    const living = SIGN_IN_CODE_SECONDS / CODE_SPACING_SECONDS - 1;
    expect(answers.slice(CODES_PER_PHONE_PER_DAY.limit, CODES_PER_PHONE_PER_DAY.limit + living + 1)).toEqual([
      ...Array(living).fill('live'),
      'refused',
    ]);
    expect(answers.at(-1)).toBe('refused');
    const refused = await requestSignInCode(mem, { phone: PHONE }, '10.9.9.9', mark).catch((e: unknown) => e);
    expect((refused as RateLimitedError).retryAfterSeconds).toBe(24 * 3600 - 29 * CODE_SPACING_SECONDS);
    at(24 * 3600 - 1);
    expect(await ask('10.9.9.9', mark)).toBe('refused');
    at(24 * 3600);
    expect(await ask('10.9.9.9', mark)).toBe('sent');
  });
});

describe('registration codes', () => {
  const register = (mem: Awaited<ReturnType<typeof world>>['mem'], phone: string, ip: string) =>
    requestRegistrationCode(mem, { phone }, ip).then(
      () => 'sent',
      (e: unknown) => (e as Error).constructor.name,
    );
  const phoneNo = (i: number) => `+86139${String(10_000_000 + i)}`;

  it('sends a network (an IPv4 /24, an IPv6 /64) 50 a day, the refusals counting nothing toward the deployment’s day', async () => {
    const { mem, at } = await world();
    const answers: string[] = [];
    for (let i = 0; i <= REGISTRATION_CODES_PER_NETWORK.limit; i++) answers.push(await register(mem, phoneNo(i), `6.6.6.${i % 6}`));
    expect(answers.filter((a) => a === 'sent')).toHaveLength(REGISTRATION_CODES_PER_NETWORK.limit);
    expect(answers.at(-1)).toBe('RateLimitedError');
    for (let i = 0; i <= REGISTRATION_CODES_PER_NETWORK.limit; i++)
      answers.push(await register(mem, phoneNo(100 + i), `2408:8207:1:2::${(i % 9) + 1}`));
    expect(answers.at(-1)).toBe('RateLimitedError');
    expect(await register(mem, phoneNo(200), '6.6.7.1')).toBe('sent');
    expect(await register(mem, phoneNo(201), '2408:8207:1:3::1')).toBe('sent');
    expect(mem.sender.sent).toHaveLength(2 * REGISTRATION_CODES_PER_NETWORK.limit + 2);
    expect(
      await mem.limiter.counted('register-codes:deployment', REGISTRATION_CODES_PER_DAY.windowSeconds, beijingDay(mem.clock.now())),
    ).toBe(2 * REGISTRATION_CODES_PER_NETWORK.limit + 2);
    at(24 * 3600);
    expect(await register(mem, phoneNo(300), '6.6.6.1')).toBe('sent');
  });

  it('past the deployment’s day, refuses every phone alike until the day’s end, sending nothing, while signing in still works', async () => {
    const { mem, at, smsCodes } = await world();
    at(3600);
    const { limit, windowSeconds } = REGISTRATION_CODES_PER_DAY;
    for (let i = 0; i < limit; i++) await mem.limiter.take('register-codes:deployment', limit, windowSeconds, beijingDay(mem.clock.now()));
    const refusals = [];
    for (const phone of [phoneNo(1), PHONE])
      refusals.push(await requestRegistrationCode(mem, { phone }, '10.1.1.1').catch((e: unknown) => e));
    for (const refused of refusals) expect(refused).toBeInstanceOf(RegistrationCodesSpentError);
    // The deployment's day ends at midnight in Beijing: 23 hours after 01:00.
    expect(refusals.map((r) => (r as RateLimitedError).retryAfterSeconds)).toEqual([23 * 3600, 23 * 3600]);
    expect(mem.sender.sent).toEqual([]);
    await requestSignInCode(mem, { phone: PHONE }, '10.1.1.1');
    expect(await smsCodes()).toHaveLength(1);
  });
});

describe('the phone’s key', () => {
  it('keeps codes under the phone’s keyed hash, never the plain one', async () => {
    const { mem } = await world();
    await requestSignInCode(mem, { phone: PHONE }, '10.0.0.1');
    const identityKey = await mem.signingKeys.identityKey();
    expect(await mem.signInCodes.hasLive(signInPhoneKey(identityKey, PHONE), mem.clock.now(), 5)).toBe(true);
    expect(await mem.signInCodes.hasLive(legacySignInPhoneKey(PHONE), mem.clock.now(), 5)).toBe(false);
  });

  it('still signs in with, and still sends, a code issued under the plain hash before the upgrade', async () => {
    const { mem, smsCodes } = await world();
    const now = mem.clock.now();
    const expires = new Date(now.getTime() + SIGN_IN_CODE_SECONDS * 1000);
    // As the version before stored it and queued its message.
    await mem.signInCodes.issue(legacySignInPhoneKey(PHONE), codeHash(PHONE, '424242'), now, expires, CODE_SPACING_SECONDS);
    const message = sealedSignInCode(await mem.signingKeys.current(), PHONE, '424242', expires);
    await mem.publisher.publish({ id: message.id, queue: 'notify', body: message });
    expect(await smsCodes()).toEqual(['424242']);
    expect(await signInWithCode(mem, { phone: PHONE, code: '424242' }, '10.0.0.1')).toMatchObject({ volunteerId: 'p1' });
  });
});

describe('the codes a known browser asks for (review 61)', () => {
  /** A wrong guess at the phone's code from `ip`, without the phone's mark: what it was answered. */
  const guess = (mem: Awaited<ReturnType<typeof world>>['mem'], ip: string, code = '000000') =>
    signInWithCode(mem, { phone: PHONE, code }, ip).then(
      () => 'session',
      (e: unknown) => (e instanceof RateLimitedError ? 'refused' : ((e as ValidationError).issues[0]?.message ?? 'other')),
    );

  it('cannot be locked by strangers guessing from 4 addresses: the owner’s browser signs in with each', async () => {
    const { mem, at, smsCodes, ask, markFor } = await world();
    const mark = await markFor(PHONE);
    const strangers = ['6.6.6.6', '7.7.7.7', '8.8.8.8', '9.9.9.9'];
    let s = 0;
    const outcomes: string[] = [];
    for (let round = 0; round < CODES_PER_PHONE_PER_DAY.limit - CODES_PER_PHONE_FROM_NEW_DEVICES.limit; round++) {
      at(3600 + round * (CODE_SPACING_SECONDS + 1));
      const asked = await ask('10.0.0.1', mark);
      const code = (await smsCodes()).at(-1)!;
      for (let i = 0; i < 5; i++) expect(await guess(mem, strangers[s++ % strangers.length]!)).toBe('The code is wrong or used already');
      // Even the right code, seen over the owner's shoulder, is only a wrong one from another browser.
      expect(await guess(mem, '6.6.6.7', code)).toBe('The code is wrong or used already');
      const owner = await signInWithCode(mem, { phone: PHONE, code }, '10.0.0.1', mark).then(() => 'session', String);
      outcomes.push(`${asked} -> ${owner}`);
    }
    expect(outcomes).toEqual(Array(4).fill('sent -> session'));
  });

  it('counts strangers’ tries at it against the phone’s day of wrong codes, which refuses them but not the owner’s browser', async () => {
    const { mem, at, smsCodes, ask, markFor } = await world();
    const mark = await markFor(PHONE);
    at(3600);
    expect(await ask('10.0.0.1', mark)).toBe('sent');
    const code = (await smsCodes()).at(-1)!;
    const answers: string[] = [];
    for (let a = 0; a < 7; a++) for (let i = 0; i < 10; i++) answers.push(await guess(mem, `6.6.${a}.1`));
    expect(answers.filter((a) => a === 'The code is wrong or used already')).toHaveLength(60);
    expect(answers.slice(60)).toEqual(Array(10).fill('refused'));
    // A browser without the mark, even at the owner's address, is refused for the day.
    expect(await guess(mem, '10.0.0.1', code)).toBe('refused');
    expect(await signInWithCode(mem, { phone: PHONE, code }, '10.0.0.1', mark)).toMatchObject({ volunteerId: 'p1' });
  });

  it('is neither replaced nor spaced out by a stranger asking for the phone; the owner on a new device signs in as a stranger would', async () => {
    const { mem, at, smsCodes, ask, markFor } = await world();
    const mark = await markFor(PHONE);
    const owner = async (code: string, m: string | undefined = mark) =>
      signInWithCode(mem, { phone: PHONE, code }, '10.0.0.1', m).then(() => 'session', String);
    at(3600);
    expect(await ask('10.0.0.1', mark)).toBe('sent');
    const ownersCode = (await smsCodes()).at(-1)!;
    // A minute on, a stranger asks: sent as ever (it tells nothing), and the owner's code still signs in.
    at(3600 + CODE_SPACING_SECONDS);
    expect(await ask('6.6.6.6')).toBe('sent');
    expect(await owner(ownersCode)).toBe('session');
    // A stranger asks first: the owner's browser asking at once is sent its own code, and signs in with it.
    at(7200);
    expect(await ask('6.6.6.6')).toBe('sent');
    at(7201);
    expect(await ask('10.0.0.1', mark)).toBe('sent');
    expect(await owner((await smsCodes()).at(-1)!)).toBe('session');
    // The owner on a new phone (no mark) asks as strangers do, and signs in with that code.
    at(7201 + CODE_SPACING_SECONDS);
    expect(await ask('10.0.0.2')).toBe('sent');
    expect(await owner((await smsCodes()).at(-1)!, undefined)).toBe('session');
  });

  it('is signed in with by the owner’s browser after a key rotation, its mark renewed under the new key with the same expiry', async () => {
    const { mem, at, smsCodes, ask, markFor } = await world();
    const oldMark = await markFor(PHONE);
    await mem.signingKeys.rotate('rotate');
    at(3600);
    const { renewedMark } = await requestSignInCode(mem, { phone: PHONE }, '10.0.0.1', oldMark);
    expect(renewedMark?.split('.')[0]).toBe(oldMark.split('.')[0]);
    expect(renewedMark?.split('.')[1]).toBe((await mem.signingKeys.current()).id);
    // Under the current key, the renewed mark is renewed no further.
    at(3600 + CODE_SPACING_SECONDS);
    expect((await requestSignInCode(mem, { phone: PHONE }, '10.0.0.1', renewedMark)).renewedMark).toBeUndefined();
    // Weeks on, the retired key is gone: the old mark is a stranger's, the renewed one still the owner's.
    at(30 * 24 * 3600);
    await smsCodes();
    expect((await requestSignInCode(mem, { phone: PHONE }, '10.0.0.2', oldMark)).renewedMark).toBeUndefined();
    at(30 * 24 * 3600 + CODE_SPACING_SECONDS);
    expect(await ask('10.0.0.1', renewedMark)).toBe('sent');
    const code = (await smsCodes()).at(-1)!;
    for (let i = 0; i < 5; i++) await guess(mem, '6.6.6.6');
    expect(await signInWithCode(mem, { phone: PHONE, code }, '10.0.0.1', renewedMark)).toMatchObject({ volunteerId: 'p1' });
  });
});
