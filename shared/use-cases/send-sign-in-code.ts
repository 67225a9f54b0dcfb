/**
 * The notify queue's consumer for sign-in codes (`send-notifications`): opens the sealed message,
 * and sends the code by SMS if, and only if, the phone is registered and the code is still its
 * live one (its slot's, `SignInCodes`). Asking for a code put one such message on the queue for every phone alike, so this is
 * where registration is told apart, out of the asker's sight. One SMS per issued code at most,
 * however often the message arrives (the delivery log, on the message's id); a code near its
 * expiry (`SIGN_IN_SMS_LEAST_SECONDS_LEFT`), or replaced by a newer one in its slot, is not sent.
 */
import { renderSignInCode } from '#shared/domain/notice-text';
import { codeHash, signInPhoneKeys } from '#shared/domain/sign-in';
import {
  openedSignInCode,
  SIGN_IN_SMS_LEAST_SECONDS_LEFT,
  type SignInCodeMessage,
  signInCodeKeyId,
} from '#shared/domain/sign-in-code-message';
import type { Clock } from '#shared/ports/clock';
import type { DeliveryLog } from '#shared/ports/delivery-log';
import type { NotificationSender } from '#shared/ports/notification-sender';
import type { SignInCodes } from '#shared/ports/sign-in-codes';
import type { SigningKeys } from '#shared/ports/signing-keys';
import type { VolunteerRegistry } from '#shared/ports/volunteer-registry';
import { type SmsOnceOutcome, smsOnce } from './sms-once';

export interface SendSignInCodeDeps {
  readonly volunteers: Pick<VolunteerRegistry, 'findByPhone'>;
  readonly signInCodes: Pick<SignInCodes, 'isLive'>;
  readonly signingKeys: Pick<SigningKeys, 'find' | 'identityKey'>;
  readonly sender: NotificationSender;
  readonly deliveries: DeliveryLog;
  readonly clock: Clock;
}

/**
 * What `smsOnce` did, or `not-registered` (nothing sent: nobody's phone), `too-late` (the code
 * expires too soon), `superseded` (a newer code was issued in its slot, or this one used: it no longer signs
 * in).
 */
export type SignInCodeOutcome = SmsOnceOutcome | { readonly kind: 'not-registered' | 'too-late' | 'superseded' };

/** The message does not open with any key of the ring (sealed with a key revoked since, or altered): it fails, and reaches the DLQ. */
export class UnreadableSignInCodeError extends Error {
  override readonly name = 'UnreadableSignInCodeError';
  constructor() {
    super('a sign-in code message that no key of the ring opens');
  }
}

export async function sendSignInCode(deps: SendSignInCodeDeps, message: SignInCodeMessage): Promise<SignInCodeOutcome> {
  if (Date.parse(message.giveUpAt) - deps.clock.now().getTime() < SIGN_IN_SMS_LEAST_SECONDS_LEFT * 1000) return { kind: 'too-late' };
  const key = await deps.signingKeys.find(signInCodeKeyId(message));
  const opened = key && openedSignInCode(key, message);
  if (!opened) throw new UnreadableSignInCodeError();
  if (!(await deps.volunteers.findByPhone(opened.phone))) return { kind: 'not-registered' };
  // A message that comes back late (a send failed for now) may meet a newer code: this one no longer signs in.
  const now = deps.clock.now();
  const hash = codeHash(opened.phone, opened.code);
  const [phoneKey, legacyKey] = signInPhoneKeys(await deps.signingKeys.identityKey(), opened.phone);
  // Upgrade shim, with `legacySignInPhoneKey`: a message queued before the keyed hash names a code kept under the plain one.
  const live = (await deps.signInCodes.isLive(phoneKey, hash, now)) || (await deps.signInCodes.isLive(legacyKey, hash, now));
  if (!live) return { kind: 'superseded' };
  return smsOnce(deps, deliveryKeyOf(message), opened.phone, renderSignInCode(message.id, opened.code));
}

/** One key per issued code: the message's id (random), nothing of the phone. */
export const deliveryKeyOf = (message: Pick<SignInCodeMessage, 'id'>) => `sign-in-code#${message.id}`;
