/**
 * Sign-in codes leave through the notify queue: asking for one does the same work for every
 * phone, and the consumer sends the SMS to a registered phone only, once per code.
 */
import { describe, expect, it } from 'vitest';
import { memoryDeps } from '#shared/adapters/memory/deps';
import { parseNotifyMessage } from '#shared/domain/notices';
import { SIGN_IN_SMS_LEAST_SECONDS_LEFT, type SignInCodeMessage } from '#shared/domain/sign-in-code-message';
import { beijingDay, CODES_PER_PHONE_PER_DAY, SIGN_IN_CODE_SECONDS, signInPhoneKey } from '#shared/domain/sign-in';
import { sendSignInCode, UnreadableSignInCodeError } from '#shared/use-cases/send-sign-in-code';
import { requestSignInCode, signInWithCode } from '#shared/use-cases/volunteer-sign-in';
import { memoryWithVolunteer } from '../../support/memory-volunteer';
import { recorded } from '../../support/recorded-ports';

const REGISTERED = '+8613700001234';
const STRANGER = '+8613700004321';
const IP = '1.2.3.4';

const deps = () => memoryWithVolunteer(REGISTERED);

/** The message the request queued, as the consumer reads it off the queue. */
const queued = (mem: Awaited<ReturnType<typeof deps>>['mem']) =>
  mem.publisher.sent.map((m) => parseNotifyMessage(JSON.stringify(m.body)) as SignInCodeMessage);

const smsTo = (mem: Awaited<ReturnType<typeof deps>>['mem'], phone: string) =>
  mem.sender.sent.filter((s) => s.target.kind === 'sms' && s.target.phone === phone);

describe('asking for a sign-in code', () => {
  it('makes the same calls to the same ports for a registered phone as for one nobody registered, and looks up neither', async () => {
    const runs = [];
    for (const phone of [REGISTERED, STRANGER]) {
      const { mem } = await deps();
      const { deps: watched, calls } = recorded(mem);
      expect(await requestSignInCode(watched, { phone }, IP)).toEqual({ phone });
      runs.push({ calls, queued: queued(mem).map((m) => ({ ...m, id: '…', sealed: m.sealed.length })) });
      expect(mem.sender.sent).toEqual([]);
    }
    expect(runs[0]?.calls).toEqual([
      'clock.now',
      'limiter.take',
      'signingKeys.identityKey',
      'limiter.counted',
      'limiter.counted',
      'limiter.counted',
      'signInCodes.issue',
      'signingKeys.current',
      'publisher.publish',
      'limiter.take',
      'limiter.take',
      'limiter.take',
    ]);
    expect(runs[1]).toEqual(runs[0]);
  });

  it('queues the phone and the code sealed: neither is in the message in plain text', async () => {
    const { mem } = await deps();
    await requestSignInCode(mem, { phone: REGISTERED }, IP);
    const [message] = queued(mem);
    expect(await sendSignInCode(mem, message!)).toEqual({ kind: 'sent' });
    const code = /(\d{6})/.exec(smsTo(mem, REGISTERED)[0]!.notice.text)![1]!;
    const text = JSON.stringify(mem.publisher.sent);
    expect(Object.keys(message!).sort()).toEqual(['giveUpAt', 'id', 'kind', 'sealed']);
    for (const secret of [code, REGISTERED, REGISTERED.slice(3), REGISTERED.slice(-4)]) expect(text).not.toContain(secret);
  });
});

describe('the notify queue’s consumer of sign-in codes', () => {
  it('sends the code to a registered phone, which signs in with it, and nothing to a phone nobody registered', async () => {
    const { mem } = await deps();
    await requestSignInCode(mem, { phone: REGISTERED }, IP);
    await requestSignInCode(mem, { phone: STRANGER }, IP);
    const outcomes = [];
    for (const message of queued(mem)) outcomes.push(await sendSignInCode(mem, message));
    expect(outcomes).toEqual([{ kind: 'sent' }, { kind: 'not-registered' }]);
    expect(smsTo(mem, STRANGER)).toEqual([]);
    const [sms] = smsTo(mem, REGISTERED);
    expect(sms?.notice.kind).toBe('sign-in-code');
    const code = /(\d{6})/.exec(sms!.notice.text)![1]!;
    expect(await signInWithCode(mem, { phone: REGISTERED, code }, IP)).toMatchObject({ volunteerId: 'p1' });
  });

  it('sends one SMS per code however often the message arrives', async () => {
    const { mem } = await deps();
    await requestSignInCode(mem, { phone: REGISTERED }, IP);
    const [message] = queued(mem);
    const copies = await Promise.all([sendSignInCode(mem, message!), sendSignInCode(mem, message!).catch((e: Error) => e.name)]);
    copies.push(await sendSignInCode(mem, message!));
    // Two at once: one sends, the other finds it in flight and fails (the queue brings it back), then finds it sent.
    expect(copies).toEqual([{ kind: 'sent' }, 'DeliveryInFlightError', { kind: 'already-sent' }]);
    expect(smsTo(mem, REGISTERED)).toHaveLength(1);
  });

  it('sends nothing once the code has expired, and refuses a message no key of the ring opens', async () => {
    const { mem, later } = await deps();
    await requestSignInCode(mem, { phone: REGISTERED }, IP);
    const [message] = queued(mem);
    const altered = { ...message!, giveUpAt: new Date(Date.parse(message!.giveUpAt) + 3_600_000).toISOString() };
    await expect(sendSignInCode(mem, altered)).rejects.toBeInstanceOf(UnreadableSignInCodeError);
    const otherRing = memoryDeps({ signingKey: { id: 'k0', secret: Buffer.alloc(32, 8) } });
    await expect(sendSignInCode({ ...mem, signingKeys: otherRing.signingKeys }, message!)).rejects.toBeInstanceOf(
      UnreadableSignInCodeError,
    );
    later(SIGN_IN_CODE_SECONDS);
    expect(await sendSignInCode(mem, message!)).toEqual({ kind: 'too-late' });
    expect(mem.sender.sent).toEqual([]);
  });

  it('sends no code with less than two minutes left, since its SMS says 5 minutes', async () => {
    const { mem, later } = await deps();
    await requestSignInCode(mem, { phone: REGISTERED }, IP);
    const [message] = queued(mem);
    mem.sender.fail = () => new Error('throttled for now');
    await expect(sendSignInCode(mem, message!)).rejects.toThrow('throttled for now');
    mem.sender.fail = () => undefined;
    // It comes back at 4 min 50 s: ten seconds left, too few to type it in.
    later(SIGN_IN_CODE_SECONDS - 10);
    expect(await sendSignInCode(mem, message!)).toEqual({ kind: 'too-late' });
    expect(mem.sender.sent).toEqual([]);
  });

  it('sends a code that came back with two minutes left, which then signs in', async () => {
    const { mem, later } = await deps();
    await requestSignInCode(mem, { phone: REGISTERED }, IP);
    const [message] = queued(mem);
    later(SIGN_IN_CODE_SECONDS - SIGN_IN_SMS_LEAST_SECONDS_LEFT);
    expect(await sendSignInCode(mem, message!)).toEqual({ kind: 'sent' });
    const code = /(\d{6})/.exec(smsTo(mem, REGISTERED)[0]!.notice.text)![1]!;
    later(SIGN_IN_SMS_LEAST_SECONDS_LEFT - 1);
    expect(await signInWithCode(mem, { phone: REGISTERED, code }, IP)).toMatchObject({ volunteerId: 'p1' });
  });

  it('sends no code that a newer one replaced while it waited (a send that failed for now comes back minutes later)', async () => {
    const { mem, later } = await deps();
    await requestSignInCode(mem, { phone: REGISTERED }, IP);
    mem.sender.fail = () => new Error('throttled for now');
    const [first] = queued(mem).splice(0);
    await expect(sendSignInCode(mem, first!)).rejects.toThrow('throttled for now');
    mem.sender.fail = () => undefined;
    mem.publisher.sent.splice(0);
    later(60);
    await requestSignInCode(mem, { phone: REGISTERED }, IP);
    const [second] = queued(mem);
    expect(await sendSignInCode(mem, second!)).toEqual({ kind: 'sent' });
    // The first message comes back: its code no longer signs in, so it is not sent.
    expect(await sendSignInCode(mem, first!)).toEqual({ kind: 'superseded' });
    const texts = smsTo(mem, REGISTERED).map((s) => /(\d{6})/.exec(s.notice.text)![1]!);
    expect(texts).toHaveLength(1);
    expect(await signInWithCode(mem, { phone: REGISTERED, code: texts[0]! }, IP)).toMatchObject({ volunteerId: 'p1' });
  });

  it('keeps a code the queue took although its answer was lost: its SMS is sent and signs in', async () => {
    const { mem } = await deps();
    const publish = mem.publisher.publish.bind(mem.publisher);
    mem.publisher.publish = async (message, options) => {
      await publish(message, options);
      throw new Error('the reply was lost');
    };
    await expect(requestSignInCode(mem, { phone: REGISTERED }, IP)).rejects.toThrow('the reply was lost');
    expect(await sendSignInCode(mem, queued(mem)[0]!)).toEqual({ kind: 'sent' });
    const code = /(\d{6})/.exec(smsTo(mem, REGISTERED)[0]!.notice.text)![1]!;
    expect(await signInWithCode(mem, { phone: REGISTERED, code }, IP)).toMatchObject({ volunteerId: 'p1' });
  });

  it('releases a code it could not queue: the phone may ask again at once, and both count toward its codes (the first may have gone)', async () => {
    const { mem } = await deps();
    mem.publisher.failing = true;
    await expect(requestSignInCode(mem, { phone: REGISTERED }, IP)).rejects.toThrow('queue unavailable');
    mem.publisher.failing = false;
    await requestSignInCode(mem, { phone: REGISTERED }, IP);
    expect(await sendSignInCode(mem, queued(mem)[0]!)).toEqual({ kind: 'sent' });
    // A failure after the queue took it cannot be told from one before: so asking and failing buys no more codes.
    const key = `signin-phone:${signInPhoneKey(await mem.signingKeys.identityKey(), REGISTERED)}`;
    expect(await mem.limiter.counted(key, CODES_PER_PHONE_PER_DAY.windowSeconds, beijingDay(mem.clock.now()))).toBe(2);
  });

  it('opens a code sealed just before a rotation of the signing keys', async () => {
    const { mem } = await deps();
    await requestSignInCode(mem, { phone: REGISTERED }, IP);
    await mem.signingKeys.rotate('rotate');
    expect(await sendSignInCode(mem, queued(mem)[0]!)).toEqual({ kind: 'sent' });
  });
});
