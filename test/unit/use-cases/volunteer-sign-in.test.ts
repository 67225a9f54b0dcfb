import { describe, expect, it } from 'vitest';
import { memoryDeps } from '#shared/adapters/memory/deps';
import { RateLimitedError, SmsUnavailableError, ValidationError } from '#shared/domain/errors';
import { statusOf } from '#shared/http/error-response';
import {
  CODE_SPACING_SECONDS,
  CODES_PER_ADDRESS,
  CODES_PER_PHONE_FROM_ADDRESS,
  CODES_PER_PHONE_FROM_NEW_DEVICES,
  codeHash,
  signInPhoneKey,
  SIGN_IN_CODE_SECONDS,
  SIGN_IN_MAX_TRIES,
  WRONG_CODES_PER_PHONE_FROM_ADDRESS,
  WRONG_CODES_PER_PHONE_PER_DAY,
} from '#shared/domain/sign-in';
import {
  MisconfiguredDeliveryError,
  NoTemplateDeliveryError,
  PermanentDeliveryError,
  RecipientRefusedDeliveryError,
  ThrottledDeliveryError,
} from '#shared/ports/notification-sender';
import { requestRegistrationCode, requestSignInCode, signInWithCode } from '#shared/use-cases/volunteer-sign-in';
import { sendSignInCode } from '#shared/use-cases/send-sign-in-code';
import { parseNotifyMessage } from '#shared/domain/notices';
import type { SignInCodeMessage } from '#shared/domain/sign-in-code-message';
import { AliyunSmsSender } from '#shared/adapters/notify/aliyun-sms-sender';
import { TencentSmsSender } from '#shared/adapters/notify/tencent-sms-sender';
import { parseSmsTemplateConfig, type AliyunSmsConfig, type TencentSmsConfig } from '#shared/domain/sms-templates';
import { fixedSecret } from '../../support/fixed-secret';
import { KEDA } from '../../support/fixtures';
import { startAliyunSmsStub, startTencentSmsStub } from '../../support/sms-provider-stubs';
import { aliyunTemplates, tencentTemplates } from '../../support/sms-template-configs';

const HONG_KONG = '+85291234567';
const IP = '1.2.3.4';

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
  let now = new Date('2026-12-06T01:00:00.000Z');
  mem.clock.now = () => now;
  const later = (seconds: number) => {
    now = new Date(now.getTime() + seconds * 1000);
  };
  return { mem, later };
}

type Mem = Awaited<ReturnType<typeof withPerson>>['mem'];

/** The notify queue's consumer on every sign-in code queued since the last call: each one's outcome, or what it threw. */
async function delivered(mem: Mem): Promise<unknown[]> {
  const queued = mem.publisher.sent.splice(0).map((m) => parseNotifyMessage(JSON.stringify(m.body)) as SignInCodeMessage);
  const outcomes = [];
  for (const message of queued)
    outcomes.push(
      await sendSignInCode(mem, message).then(
        (o) => o.kind,
        (e: unknown) => e,
      ),
    );
  return outcomes;
}

/** The last code sent by SMS to the phone, once the queued codes are delivered. */
const sentCode = async (mem: Mem, phone: string) => {
  await delivered(mem);
  return /(\d{6})/.exec(mem.sender.sent.filter((s) => s.target.kind === 'sms' && s.target.phone === phone).at(-1)!.notice.text)![1]!;
};

/** What the caller sees of a sign-in: the session's person, or the error's class, status message and field messages. */
async function answer(attempt: Promise<{ volunteerId: string }>): Promise<string> {
  try {
    return `signed in ${(await attempt).volunteerId}`;
  } catch (error) {
    if (error instanceof ValidationError) return `400 ${error.issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`;
    if (error instanceof RateLimitedError) return `429 ${error.retryAfterSeconds}`;
    throw error;
  }
}

describe('codes the SMS provider does not send', () => {
  it('answers a sign-in for a registered number exactly as for an unregistered one, whatever the provider says, the consumer noting it for the log', async () => {
    const { mem, later } = await withPerson('+8613700005555');
    const registered = { phone: '+8613700005555' };
    const refusals = [
      new ThrottledDeliveryError('SMS not sent by Alibaba Cloud for now (isv.BUSINESS_LIMIT_CONTROL)'),
      new Error('SMS sending through Tencent Cloud failed (no answer)'),
      new PermanentDeliveryError('SMS refused by Alibaba Cloud (isv.MOBILE_NUMBER_ILLEGAL)'),
    ];
    const notes = [];
    const outcomes = [];
    for (const refusal of refusals) {
      mem.sender.fail = () => refusal;
      notes.push(await requestSignInCode(mem, registered, IP));
      outcomes.push(...(await delivered(mem)));
      later(CODE_SPACING_SECONDS);
    }
    expect(notes).toEqual([registered, registered, registered]);
    // Failed for now: thrown, so the message comes back; refused for good: noted, not tried again.
    expect(outcomes).toEqual([refusals[0], refusals[1], 'refused']);
    expect(await requestSignInCode(mem, { phone: '+8613700006666' }, IP)).toEqual({ phone: '+8613700006666' });
    expect(await delivered(mem)).toEqual(['not-registered']);
    expect(mem.sender.sent).toEqual([]);
  });

  it('refuses a registration code 429 when the provider throttles, 400 naming the phone when it refuses for good, and throws what may pass', async () => {
    const { mem, later } = await withPerson('+8613700001111');
    mem.sender.fail = () =>
      new ThrottledDeliveryError('SMS not sent by Tencent Cloud for now (LimitExceeded.PhoneNumberThirtySecondLimit)');
    expect(await requestRegistrationCode(mem, { phone: '+8613700001111' }, IP).catch((e: unknown) => e)).toBeInstanceOf(RateLimitedError);
    expect(await requestRegistrationCode(mem, { phone: '+8613700002222' }, IP).catch((e: unknown) => e)).toBeInstanceOf(RateLimitedError);
    // What the mainland senders throw for a number they do not reach.
    mem.sender.fail = (target) =>
      target.kind === 'sms' && !target.phone.startsWith('+86')
        ? new RecipientRefusedDeliveryError('SMS refused: Alibaba Cloud mainland templates reach mainland numbers only')
        : undefined;
    const refused = await requestRegistrationCode(mem, { phone: HONG_KONG }, IP).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).issues.map((i) => i.field)).toEqual(['phone']);
    later(CODE_SPACING_SECONDS);
    mem.sender.fail = () => new Error('provider timed out');
    await expect(requestRegistrationCode(mem, { phone: '+8613700002222' }, IP)).rejects.toThrow('provider timed out');
    // The code is released, so asking again at once is no refusal for spacing.
    mem.sender.fail = () => undefined;
    expect(await requestRegistrationCode(mem, { phone: '+8613700002222' }, IP)).toEqual({ phone: '+8613700002222' });
  });

  it('refuses a registration code 503, not blaming the number, when the provider refuses for a cause not the number’s', async () => {
    const { mem, later } = await withPerson('+8613700001111');
    const refusals = [
      [new MisconfiguredDeliveryError('SMS refused by Alibaba Cloud (isv.SMS_TEMPLATE_ILLEGAL)'), 'configuration'],
      [new NoTemplateDeliveryError('SMS not sent: no SMS template for the "sign-in-code" notice'), 'configuration'],
      [new PermanentDeliveryError('SMS refused by Alibaba Cloud (isv.SOMETHING_NEW)'), 'other'],
    ] as const;
    for (const [refusal, kind] of refusals) {
      mem.sender.fail = () => refusal;
      const error = await requestRegistrationCode(mem, { phone: '+8613700002222' }, IP).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SmsUnavailableError);
      expect(error).toMatchObject({ refusal: kind, refusalCause: refusal.message });
      expect(statusOf(error)).toBe(503);
      later(CODE_SPACING_SECONDS);
    }
    // Nothing was sent, so no limit holds the phone back once the provider sends again.
    mem.sender.fail = () => undefined;
    expect(await requestRegistrationCode(mem, { phone: '+8613700002222' }, IP)).toEqual({ phone: '+8613700002222' });
  });

  it('after a 503 for a revoked template, asks again at once and gets a code: the refused one holds no place', async () => {
    const { mem } = await withPerson('+8613700001111');
    mem.sender.fail = () => new MisconfiguredDeliveryError('SMS refused by Alibaba Cloud (isv.SMS_TEMPLATE_ILLEGAL)');
    await expect(requestRegistrationCode(mem, { phone: '+8613700002222' }, IP)).rejects.toBeInstanceOf(SmsUnavailableError);
    mem.sender.fail = () => undefined;
    expect(await requestRegistrationCode(mem, { phone: '+8613700002222' }, IP)).toEqual({ phone: '+8613700002222' });
    expect(mem.sender.sent).toHaveLength(1);
  });

  it('keeps a code whose SMS the provider took although its answer was lost: the SMS that arrives signs in', async () => {
    const phone = '+8613700001111';
    const { mem } = await withPerson(phone);
    const send = mem.sender.send.bind(mem.sender);
    mem.sender.send = async (target, notice) => {
      await send(target, notice);
      throw new Error('provider timed out');
    };
    await expect(requestRegistrationCode(mem, { phone }, IP)).rejects.toThrow('provider timed out');
    const code = /(\d{6})/.exec(mem.sender.sent.at(-1)!.notice.text)![1]!;
    expect(await signInWithCode(mem, { phone, code }, IP)).toMatchObject({ volunteerId: 'p1' });
  });
});

describe('registration codes the mainland providers refuse (their stubs, the real senders)', () => {
  it('answers 429 until Beijing midnight for the number’s daily limit, and 503 for an international template, not blaming the number', async () => {
    const { mem } = await withPerson('+8613700001111');
    const tencentKeys = { secretId: 'AKID-test-id', secretKey: 'tencent-secret-0123456789' };
    const aliyunKeys = { accessKeyId: 'LTAI-test-key', accessKeySecret: 'aliyun-secret-0123456789' };
    const [tencent, aliyun] = await Promise.all([startTencentSmsStub(tencentKeys), startAliyunSmsStub(aliyunKeys)]);
    try {
      const tencentSender = new TencentSmsSender(
        parseSmsTemplateConfig('tencent', tencentTemplates) as TencentSmsConfig,
        fixedSecret(tencentKeys),
        { endpoint: tencent.url },
      );
      const aliyunSender = new AliyunSmsSender(
        parseSmsTemplateConfig('aliyun', aliyunTemplates) as AliyunSmsConfig,
        fixedSecret(aliyunKeys),
        {
          endpoint: aliyun.url,
        },
      );
      tencent.answer = () => ({ kind: 'code', code: 'LimitExceeded.PhoneNumberDailyLimit' });
      aliyun.answer = () => ({ kind: 'code', code: 'isv.BUSINESS_LIMIT_CONTROL', message: '触发天级流控Permits:10' });
      // 09:00 in Beijing: 15 hours to its midnight.
      const refusals = [];
      for (const [sender, phone] of [
        [tencentSender, '+8613700002222'],
        [aliyunSender, '+8613700003333'],
      ] as const) {
        const refused = await requestRegistrationCode({ ...mem, sender }, { phone }, IP).catch((e: unknown) => e);
        refusals.push(refused instanceof RateLimitedError ? `${statusOf(refused)} ${refused.retryAfterSeconds}` : refused);
      }
      expect(refusals).toEqual([`429 ${15 * 3600}`, `429 ${15 * 3600}`]);
      aliyun.answer = () => ({ kind: 'code', code: 'isv.DOMESTIC_NUMBER_NOT_SUPPORTED' });
      const error = await requestRegistrationCode({ ...mem, sender: aliyunSender }, { phone: '+8613700004444' }, IP).catch(
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ refusal: 'configuration' });
      expect(statusOf(error)).toBe(503);
    } finally {
      await Promise.all([tencent.close(), aliyun.close()]);
    }
  });
});

describe('limits on asking for codes', () => {
  it('spaces codes to one phone a minute apart and gives one address five a day, the refused ones costing none and answered with the live code', async () => {
    const phone = '+8613700007777';
    const { mem, later } = await withPerson(phone);
    const asked: string[] = [];
    const ask = async () => {
      asked.push(
        (await requestSignInCode(mem, { phone }, IP).then(
          () => 'sent',
          (e) => e.constructor.name,
        )) as string,
      );
      // Sent as each is asked for (a later code would stop an earlier one still queued).
      await delivered(mem);
    };
    await ask();
    later(CODE_SPACING_SECONDS - 1);
    await ask();
    for (let i = 0; i < CODES_PER_PHONE_FROM_ADDRESS.limit; i++) {
      later(CODE_SPACING_SECONDS);
      await ask();
    }
    // Past the address's codes for the phone: refused, yet its last code is live, so it is the step to take.
    later(SIGN_IN_CODE_SECONDS);
    await ask();
    expect(asked).toEqual(['sent', 'CodeStillLiveError', 'sent', 'sent', 'sent', 'sent', 'CodeStillLiveError', 'RateLimitedError']);
    expect(mem.sender.sent).toHaveLength(CODES_PER_PHONE_FROM_ADDRESS.limit);
  });

  it('lets a station’s shared address ask for codes for a whole sign-up day of people', async () => {
    const { mem } = await withPerson('+8613700008888');
    const phones = Array.from({ length: CODES_PER_ADDRESS.limit + 1 }, (_, i) => `+86137100${String(i).padStart(5, '0')}`);
    const asked = [];
    for (const phone of phones)
      asked.push(
        await requestSignInCode(mem, { phone }, IP).then(
          () => 'sent',
          (e) => e.constructor.name,
        ),
      );
    expect(asked.filter((a) => a === 'sent')).toHaveLength(200);
    expect(asked.at(-1)).toBe('RateLimitedError');
  });
});

describe('guessing codes', () => {
  /** Asks for a code and guesses wrong until refused, a new code whenever one locks; the answers in order. */
  async function guessWrongAll(mem: Awaited<ReturnType<typeof withPerson>>['mem'], later: (s: number) => void, phone: string) {
    const answers: string[] = [];
    // Bounded, should the limit never come.
    for (let tries = 0; tries < 1000; tries++) {
      if (tries % SIGN_IN_MAX_TRIES === 0) {
        later(CODE_SPACING_SECONDS);
        // Past the phone's codes of the day: the guessing ends there.
        const refused = await answer(requestSignInCode(mem, { phone }, `10.0.0.${tries}`).then(() => ({ volunteerId: '' })));
        if (refused.startsWith('429')) {
          answers.push(refused);
          break;
        }
      }
      // A new address for each code: the limit per address never comes into it.
      const said = await answer(signInWithCode(mem, { phone, code: '999999' }, `10.0.0.${tries - (tries % SIGN_IN_MAX_TRIES)}`));
      answers.push(said);
      if (said.startsWith('429')) break;
    }
    return answers;
  }

  it('answers the same for a phone nobody registered: wrong, locked, expired and the day’s limit alike', async () => {
    const registered = '+8613700009999';
    const stranger = '+8613700009998';
    const runs = [];
    for (const phone of [registered, stranger]) {
      const { mem, later } = await withPerson(registered);
      mem.sender.fail = () => undefined;
      const run: string[] = [];
      // A code, five wrong guesses (the fifth locks it), the code itself: refused as locked.
      await requestSignInCode(mem, { phone }, IP);
      for (let i = 0; i < SIGN_IN_MAX_TRIES; i++) run.push(await answer(signInWithCode(mem, { phone, code: '999999' }, IP)));
      run.push(await answer(signInWithCode(mem, { phone, code: phone === registered ? await sentCode(mem, phone) : '999998' }, '5.6.7.8')));
      // A code left to expire.
      later(CODE_SPACING_SECONDS);
      await requestSignInCode(mem, { phone }, IP);
      later(SIGN_IN_CODE_SECONDS);
      run.push(await answer(signInWithCode(mem, { phone, code: '999999' }, IP)));
      // Guessing from many addresses until the phone's day is used up.
      run.push(...(await guessWrongAll(mem, later, phone)));
      runs.push(run);
    }
    expect(runs[0]).toContain('400 code: This code can no longer be used: ask for a new one');
    expect(runs[0]?.at(-1)).toMatch(/^429 /);
    expect(runs[1]).toEqual(runs[0]);
  });

  it('lets one address make a few wrong guesses at a phone, after which the owner elsewhere still signs in', async () => {
    const phone = '+8613700003333';
    const { mem, later } = await withPerson(phone);
    const attacker = '6.6.6.6';
    let wrong = 0;
    for (;;) {
      if (wrong % (SIGN_IN_MAX_TRIES - 1) === 0) {
        later(CODE_SPACING_SECONDS);
        await requestSignInCode(mem, { phone }, attacker);
      }
      const said = await answer(signInWithCode(mem, { phone, code: '999999' }, attacker));
      if (said.startsWith('429')) break;
      wrong++;
    }
    expect(wrong).toBe(WRONG_CODES_PER_PHONE_FROM_ADDRESS.limit);
    // The attacker's address is refused even the right code; the owner, elsewhere, signs in.
    later(CODE_SPACING_SECONDS);
    await requestSignInCode(mem, { phone }, '7.7.7.7');
    expect(await answer(signInWithCode(mem, { phone, code: await sentCode(mem, phone) }, attacker))).toMatch(/^429 /);
    expect(await answer(signInWithCode(mem, { phone, code: await sentCode(mem, phone) }, '7.7.7.7'))).toBe('signed in p1');
  });

  it('bounds a phone’s guesses from all addresses together in a day by its codes, so asking for new codes buys no more', async () => {
    const phone = '+8613700004444';
    const { mem, later } = await withPerson(phone);
    const answers = await guessWrongAll(mem, later, phone);
    // Each of the codes a browser that never signed in may have takes its tries (the last one locks it), then no more codes come.
    expect(answers.length - 1).toBe(CODES_PER_PHONE_FROM_NEW_DEVICES.limit * SIGN_IN_MAX_TRIES);
    expect(answers.at(-1)).toMatch(/^429 /);
    later(CODE_SPACING_SECONDS);
    await expect(requestSignInCode(mem, { phone }, '8.8.8.8')).rejects.toBeInstanceOf(RateLimitedError);
    // The next day (of Beijing time: it began at 09:00 there), a code again, and it signs in.
    later(WRONG_CODES_PER_PHONE_PER_DAY.windowSeconds);
    await requestSignInCode(mem, { phone }, '8.8.8.8');
    expect(await answer(signInWithCode(mem, { phone, code: await sentCode(mem, phone) }, '8.8.8.8'))).toBe('signed in p1');
  });

  it('counts no try without a live code, so nobody locks a phone out without codes being stored for it', async () => {
    const phone = '+8613700004445';
    const { mem } = await withPerson(phone);
    for (let i = 0; i < 3 * WRONG_CODES_PER_PHONE_PER_DAY.limit; i++)
      await expect(signInWithCode(mem, { phone, code: '000000' }, IP)).rejects.toBeInstanceOf(ValidationError);
    await mem.signInCodes.issue(
      signInPhoneKey(await mem.signingKeys.identityKey(), phone),
      codeHash(phone, '222222'),
      mem.clock.now(),
      new Date(mem.clock.now().getTime() + 600_000),
    );
    expect(await signInWithCode(mem, { phone, code: '222222' }, IP)).toMatchObject({ volunteerId: 'p1' });
  });
});
