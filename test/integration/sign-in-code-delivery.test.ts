/**
 * Sign-in codes on the local stack: asking for one makes the same DynamoDB and SQS calls for a
 * registered phone as for one nobody registered (so its timing tells nothing), the code travels
 * sealed on the notify queue, and `send-notifications` sends it by SMS to the registered phone
 * only, once however often the message arrives.
 */
import { describe, expect, it } from 'vitest';
import type { PublishedMessage } from '#shared/adapters/memory/queue-publisher';
import { systemClock } from '#shared/ports/clock';
import type { QueuePublisher } from '#shared/ports/queue-publisher';
import { requestSignInCode } from '#shared/use-cases/volunteer-sign-in';
import { queuePublisher } from '#shared/wiring/composition';
import { postForm } from '../support/http';
import { drained, useLocalStack } from '../support/local-stack';
import { uniquePhone } from '../support/served-order';
import { codesSentTo, registeredPhone, smsOfKindTo } from '../support/volunteer-session';
import { watchedClients } from '../support/watched-clients';

const local = useLocalStack();
const registered = (name: string) => registeredPhone(local().adapters.volunteers, name);
/** Every sign-in code SMS in the dev outbox to the national `phone`. */
const smsTo = (phone: string) => smsOfKindTo(local().url, phone, 'sign-in-code');

/** The sign-in use case on clients that record every call and every queued body; the SMS sender only records. */
function watchedSignIn() {
  const { tables, publisher, calls, bodies } = watchedClients(local().stack);
  const deps = { ...tables, publisher, sender: { send: async () => void calls.push('sms sent') }, clock: systemClock };
  return { deps, calls, bodies };
}

describe('asking for a sign-in code on the local stack', () => {
  it('makes the same table and queue calls for a registered phone as for one nobody registered; only the registered one gets the SMS', async () => {
    const { deps, calls, bodies } = watchedSignIn();
    const phone = await registered('许志愿');
    const stranger = uniquePhone();
    // The ring is read once and cached a few seconds by every container, whoever asks; the identity key (the phone's keyed hash) once for good.
    await deps.signingKeys.current();
    await deps.signingKeys.identityKey();
    const callsFor = async (national: string) => {
      calls.length = 0;
      expect(await requestSignInCode(deps, { phone: `+86${national}` }, '10.9.8.7')).toEqual({ phone: `+86${national}` });
      return [...calls];
    };
    const forRegistered = await callsFor(phone);
    const forStranger = await callsFor(stranger);
    // Counted per address, the phone's counts (from this address, from all, from new devices) read, the code stored in its slot, queued, counted: nothing looks the phone up, nothing is sent.
    expect(forRegistered).toEqual([
      'dynamodb UpdateItemCommand RATE',
      'dynamodb GetItemCommand RATE',
      'dynamodb GetItemCommand RATE',
      'dynamodb GetItemCommand RATE',
      'dynamodb UpdateItemCommand SIGNIN',
      'sqs SendMessageCommand',
      'dynamodb UpdateItemCommand RATE',
      'dynamodb UpdateItemCommand RATE',
      'dynamodb UpdateItemCommand RATE',
    ]);
    expect(forStranger).toEqual(forRegistered);

    // send-notifications, on the stack, sends the registered phone its code, and it signs in.
    expect(await drained(local().stack, 'notify')).toBe(0);
    expect(await smsTo(stranger)).toEqual([]);
    const [code] = await codesSentTo(local().url, phone);
    expect(code).toMatch(/^\d{6}$/);
    for (const body of bodies) for (const secret of [code!, phone, stranger]) expect(body).not.toContain(secret);
    const signedIn = await postForm(`${local().url}/me/sign-in`, { phone, code: code! });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('set-cookie')).toMatch(/^paidan_me=/);
  });

  it('sends one SMS per code when its message arrives twice', async () => {
    const phone = await registered('施志愿');
    const kept: PublishedMessage[] = [];
    const keeping: QueuePublisher = { publish: async (message) => void kept.push(message) };
    const { adapters, stack } = local();
    const noSms = { send: async () => Promise.reject(new Error('no SMS while asking')) };
    await requestSignInCode({ ...adapters, publisher: keeping, sender: noSms, clock: systemClock }, { phone: `+86${phone}` }, '10.9.8.6');
    // The same message twice, the copy after the first was handled (SQS delivers at least once).
    const publisher = queuePublisher({ notify: stack.queues.notify.url }, stack.sqs);
    for (let copy = 0; copy < 2; copy++) {
      await publisher.publish(kept[0]!);
      expect(await drained(stack, 'notify')).toBe(0);
      expect(await smsTo(phone)).toHaveLength(1);
    }
    const [code] = await codesSentTo(local().url, phone);
    expect((await postForm(`${local().url}/me/sign-in`, { phone, code: code! })).status).toBe(303);
  });
});
