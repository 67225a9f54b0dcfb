/**
 * A sign-in code on its way to the phone. `POST /me/code` puts one on the notify queue for every
 * phone it issues a code to, registered or not, so asking takes the same work either way (no
 * timing tells who is registered); the consumer (`send-notifications`) sends the SMS only to a
 * registered phone. The phone and the code travel sealed (`sealed-box.ts`: AES-256-GCM under a
 * key derived from the current signing key), bound to the message's id and give-up time, so the
 * queue, its DLQ and any reader of them learn neither.
 */
import { randomUUID } from 'node:crypto';
import * as z from '#shared/domain/zod';
import { open, type SealingKey, seal, sealedKeyId } from './sealed-box';

const PURPOSE = 'sign-in code messages v1';

export const signInCodeMessage = z.strictObject({
  kind: z.literal('sign-in-code'),
  /** Unique per issued code: the consumer's business key (one SMS per code at most). */
  id: z.uuid(),
  /** `<keyId>.<base64url>`: the phone and the code, sealed. */
  sealed: z.string().check(z.minLength(3), z.maxLength(512)),
  /** The code's expiry: the SMS is not sent past it, nor with less than `SIGN_IN_SMS_LEAST_SECONDS_LEFT` to go. */
  giveUpAt: z.iso.datetime(),
});

/**
 * The least time a code must have left for its SMS to go. The SMS says the code is good for 5
 * minutes (a template's fixed text: no variable for the time left), so one that comes back late (a
 * send throttled for now) is not sent with less than two minutes to type it in; the page asks to
 * ask again when no code arrived within the 5 minutes.
 */
export const SIGN_IN_SMS_LEAST_SECONDS_LEFT = 120;
export type SignInCodeMessage = z.infer<typeof signInCodeMessage>;

const aadOf = (message: Pick<SignInCodeMessage, 'id' | 'giveUpAt'>) => `sign-in-code|${message.id}|${message.giveUpAt}`;

/** The message carrying `code` to `phone`, sealed with `key` (the ring's current key). */
export function sealedSignInCode(key: SealingKey, phone: string, code: string, giveUpAt: Date): SignInCodeMessage {
  const head = { kind: 'sign-in-code' as const, id: randomUUID(), giveUpAt: giveUpAt.toISOString() };
  return { ...head, sealed: seal(key, PURPOSE, JSON.stringify({ phone, code }), aadOf(head)) };
}

/** The id of the key the message was sealed with: look it up in the ring to open it. */
export const signInCodeKeyId = (message: SignInCodeMessage) => sealedKeyId(message.sealed);

/** The phone and the code, or undefined when `key` did not seal this very message (another key, another message, altered). */
export function openedSignInCode(key: SealingKey, message: SignInCodeMessage): { phone: string; code: string } | undefined {
  const text = open(key, PURPOSE, message.sealed, aadOf(message));
  if (text === undefined) return undefined;
  const { phone, code } = JSON.parse(text) as { phone: string; code: string };
  return { phone, code };
}
