/**
 * Signing in to the volunteer's own page (我的志愿服务, `my-volunteer-page.ts`) with the registered
 * phone and an SMS code, and registering oneself. Asking for a code does the same work and
 * answers the same whether the phone is registered or not (a code stored, a sealed message queued
 * for the SMS, which the consumer sends only to a registered phone: `send-sign-in-code.ts`), so
 * neither the answer nor its timing tells, and codes lock, expire and count against the limits
 * alike; codes are limited per phone, per phone and address, and per address, spaced per phone,
 * expire, are good once and lock after a few wrong tries.
 */
import { anyRetired, lineage } from '#shared/domain/area';
import { randomUUID } from 'node:crypto';
import * as z from '#shared/domain/zod';
import {
  CodeStillLiveError,
  DomainError,
  RateLimitedError,
  RegistrationCodesSpentError,
  SmsUnavailableError,
  ValidationError,
} from '#shared/domain/errors';
import { networkOf } from '#shared/domain/client-network';
import { renderSignInCode } from '#shared/domain/notice-text';
import { sealedSignInCode } from '#shared/domain/sign-in-code-message';
import {
  beijingDay,
  CODE_SPACING_SECONDS,
  CODES_PER_ADDRESS,
  CODES_PER_PHONE_FROM_ADDRESS,
  CODES_PER_PHONE_FROM_NEW_DEVICES,
  CODES_PER_PHONE_PER_DAY,
  WRONG_CODES_PER_PHONE_FROM_ADDRESS,
  WRONG_CODES_PER_PHONE_PER_DAY,
  REGISTRATION_CODES_PER_DAY,
  REGISTRATION_CODES_PER_NETWORK,
  codeHash,
  newSignInCode,
  signInPhoneKeys,
  SIGN_IN_CODE_SECONDS,
  SIGN_IN_MAX_TRIES,
  parseSession,
  signSession,
  verifySession,
} from '#shared/domain/sign-in';
import { isKnownDevice, knownDeviceKeyId, renewedKnownDevice, signKnownDevice } from '#shared/domain/known-device';
import { parseOrThrow } from '#shared/domain/validation';
import { parsePhone, registrationSchema, sessionVersionOf, type Volunteer } from '#shared/domain/volunteer';
import { newRequestId, sha256 } from '#shared/domain/identifiers';
import type { AreaRepository } from '#shared/ports/area-repository';
import type { Clock } from '#shared/ports/clock';
import {
  NumberDailyLimitDeliveryError,
  PermanentDeliveryError,
  refusalCause,
  refusalKind,
  ThrottledDeliveryError,
  type NotificationSender,
} from '#shared/ports/notification-sender';
import type { QueuePublisher } from '#shared/ports/queue-publisher';
import type { RateLimiter } from '#shared/ports/rate-limiter';
import type { SignInCodes } from '#shared/ports/sign-in-codes';
import type { SigningKeys } from '#shared/ports/signing-keys';
import type { VolunteerRegistry } from '#shared/ports/volunteer-registry';

export interface SignInDeps {
  readonly volunteers: Pick<VolunteerRegistry, 'findByPhone' | 'get' | 'teamsOf'>;
  readonly signInCodes: SignInCodes;
  readonly limiter: RateLimiter;
  /** Registration codes, sent while the caller waits. */
  readonly sender: NotificationSender;
  /** Sign-in codes, queued for `send-notifications` (the notify queue). */
  readonly publisher: QueuePublisher;
  readonly signingKeys: Pick<SigningKeys, 'current' | 'find' | 'identityKey'>;
  readonly clock: Clock;
}

/**
 * What a code is for besides signing in: `phone-change:<volunteerId>` for a change of phone
 * (`volunteer-phone-change.ts`). Such a code is kept in a slot of its own (the phone's sign-in
 * codes stay as they are) and stored under a hash bound to its purpose, so it signs nobody in and
 * no sign-in code, nor one for another purpose or phone, confirms it. Undefined: signing in.
 */
export type CodePurpose = string | undefined;
const slotOf = (phoneKey: string, purpose: CodePurpose) => (purpose ? sha256(`${purpose}|${phoneKey}`) : phoneKey);
const hashOf = (phone: string, code: string, purpose: CodePurpose) =>
  purpose ? sha256(`${purpose}|${codeHash(phone, code)}`) : codeHash(phone, code);

/** Refused (429) for the rest of `rule`'s window that holds `now`. */
const limited = (rule: { windowSeconds: number }, now: Date) => RateLimitedError.untilWindowEnds(rule.windowSeconds, now);

/**
 * A new code stored for the phone (replacing its slot's last one), whatever the code is for and whether
 * anyone registered the phone: so a number nobody registered locks, expires and runs into the
 * limits on wrong codes exactly as a registered one does. Limited per address, per phone from
 * this address and per phone (a day of each, `beijingDay`), and spaced per phone (refusals cost
 * none of the phone's codes). Refused for the phone's spacing or limits while a code sent to the
 * phone is still live: `CodeStillLiveError`, so the asker is shown the code step, and the codes
 * others asked for the owner's phone still sign the owner in. `send` sends or queues it; should
 * that fail unexpectedly, the code is released before the error goes on: the phone may ask again
 * at once, yet the code still signs in, and it counts toward the phone's codes, since a failure
 * after the SMS or the queue took it (a reply lost) cannot be told from one before. A code a
 * browser with the phone's mark asks for is kept in its own slot for such browsers, spaced only
 * from their codes: a stranger asking for the phone neither replaces nor spaces it out
 * (`SignInCodes`). A mark signed with an older key of the ring comes back renewed (`renewedMark`),
 * for the browser to keep. A code for a `purpose` is limited as the phone's others, in its own slot.
 */
async function issueCode(
  deps: SignInDeps,
  phone: string,
  client: Client,
  now: Date,
  send: (code: string, expires: Date) => Promise<void>,
  purpose?: CodePurpose,
): Promise<{ renewedMark: string | undefined }> {
  const { sourceIp } = client;
  if (!(await deps.limiter.take(`signin-ip:${sourceIp}`, CODES_PER_ADDRESS.limit, CODES_PER_ADDRESS.windowSeconds, now)))
    throw limited(CODES_PER_ADDRESS, now);
  const [key, legacyKey] = signInPhoneKeys(await deps.signingKeys.identityKey(), phone);
  const slot = slotOf(key, purpose);
  const day = beijingDay(now);
  const mark = await knownDevice(deps, key, client.knownDevice, now);
  const counters = [
    { key: `signin-phone-from:${sha256(`${key}|${sourceIp}`)}`, rule: CODES_PER_PHONE_FROM_ADDRESS },
    { key: `signin-phone:${key}`, rule: CODES_PER_PHONE_PER_DAY },
    // A browser that signed in with the phone before is not counted here, so it keeps the rest.
    ...(mark ? [] : [{ key: `signin-phone-new:${key}`, rule: CODES_PER_PHONE_FROM_NEW_DEVICES }]),
  ];
  const refusedForPhone = async (error: RateLimitedError) => {
    const live =
      (await deps.signInCodes.hasLive(slot, now, SIGN_IN_MAX_TRIES)) ||
      (!purpose && (await deps.signInCodes.hasLive(legacyKey, now, SIGN_IN_MAX_TRIES)));
    return live ? new CodeStillLiveError(error.retryAfterSeconds) : error;
  };
  const counts = await Promise.all(counters.map((c) => deps.limiter.counted(c.key, c.rule.windowSeconds, day)));
  const over = counters.find((c, i) => (counts[i] ?? 0) >= c.rule.limit);
  if (over) throw await refusedForPhone(limited(over.rule, day));
  const code = newSignInCode();
  const expires = new Date(now.getTime() + SIGN_IN_CODE_SECONDS * 1000);
  const hash = hashOf(phone, code, purpose);
  if (!(await deps.signInCodes.issue(slot, hash, now, expires, CODE_SPACING_SECONDS, mark ? 'known' : 'any')))
    throw await refusedForPhone(new RateLimitedError(CODE_SPACING_SECONDS));
  const count = () => Promise.all(counters.map((c) => deps.limiter.take(c.key, c.rule.limit, c.rule.windowSeconds, day)));
  try {
    await send(code, expires);
  } catch (error) {
    // Our own refusals (a 429, a number the provider refuses for good, a provider refusing our
    // template) sent nothing and count nothing. Only a 429 keeps the code's place, spacing the
    // next ask; after any other, a new ask must not be told a code was sent.
    if (!(error instanceof DomainError)) {
      await deps.signInCodes.release(slot, hash).catch(() => undefined);
      await count().catch(() => undefined);
    } else if (!(error instanceof RateLimitedError)) await deps.signInCodes.release(slot, hash).catch(() => undefined);
    throw error;
  }
  // Counted once sent; two at once may both pass the counts above, but only one the spacing.
  await count();
  return { renewedMark: mark?.renewed };
}

/** Who asks: the client's address, and the known-device mark its browser sent, if any (`isKnownDevice`). */
export interface Client {
  readonly sourceIp: string;
  readonly knownDevice: string | undefined;
}

/**
 * The browser's mark if it is this phone's, under a key of the ring; `renewed` under the current
 * key, its expiry kept, when an older key signed it.
 */
async function knownDevice(
  deps: Pick<SignInDeps, 'signingKeys'>,
  phoneKey: string,
  mark: string | undefined,
  now: Date,
): Promise<{ renewed: string | undefined } | undefined> {
  const keyId = knownDeviceKeyId(mark);
  const key = keyId ? await deps.signingKeys.find(keyId) : undefined;
  if (!key || !mark || !isKnownDevice(key, phoneKey, mark, now)) return undefined;
  const current = await deps.signingKeys.current();
  return { renewed: current.id === key.id ? undefined : renewedKnownDevice(current, phoneKey, mark) };
}

/** The longest a sign-in code's queueing may take, retries included: within the function's 10 s, with room to take the code back. */
const QUEUE_WITHIN_MS = 4000;

/**
 * A code for signing in, for any phone: stored (its hash), and queued sealed for the SMS, which
 * `send-notifications` sends only if the phone is registered. The same calls, and so the same
 * time, and the same answer whether anyone registered the phone or not; nothing here looks it
 * up. A queue that cannot be reached fails the request (a 5xx), again for any phone alike.
 * `renewedMark`: the browser's mark signed again under the current key, to set (`issueCode`).
 */
export async function requestSignInCode(
  deps: SignInDeps,
  body: unknown,
  sourceIp: string,
  knownDevice?: string,
): Promise<{ phone: string; renewedMark: string | undefined }> {
  const phone = parsePhone(body);
  const now = deps.clock.now();
  const { renewedMark } = await issueCode(deps, phone, { sourceIp, knownDevice }, now, async (code, expires) => {
    const message = sealedSignInCode(await deps.signingKeys.current(), phone, code, expires);
    await deps.publisher.publish({ id: message.id, queue: 'notify', body: message }, { signal: AbortSignal.timeout(QUEUE_WITHIN_MS) });
  });
  return { phone, renewedMark };
}

/**
 * Self-registration (自主注册), first step: a code to the phone, registered or not (a registered
 * one is signed in by the next step, so the answer tells nothing). The same limits as signing in,
 * a limit per network (`networkOf`) and a day's budget of registration codes for the whole
 * deployment, each counted before the code is issued and given back when nothing was sent. Past
 * the budget, a 429 until the day's end for any phone alike (`RegistrationCodesSpentError`: the
 * caller logs it, so operators see the budget run out; registered people still sign in with
 * `requestSignInCode`, not counted). A provider that refuses for now (too many to this number) is
 * a 429 like our own limits; a number it refuses for good, a 400 (the caller's own number: that
 * tells nothing of anyone); any other refusal for good (a template or signature revoked),
 * `SmsUnavailableError` (503: the caller logs it for the refusals alarm). `renewedMark` as for signing in.
 */
export async function requestRegistrationCode(
  deps: SignInDeps,
  body: unknown,
  sourceIp: string,
  knownDevice?: string,
): Promise<{ phone: string; renewedMark: string | undefined }> {
  const phone = parsePhone({ phone: (body as Record<string, unknown> | undefined)?.phone });
  return { phone, ...(await codeBySmsNow(deps, phone, { sourceIp, knownDevice })) };
}

/**
 * A code sent by SMS while the caller waits, to a number perhaps nobody registered: limited and
 * answered as a registration code (`requestRegistrationCode`), whatever its `purpose`; counted in
 * the same per-network limit and the deployment's day of such codes.
 */
export async function codeBySmsNow(
  deps: SignInDeps,
  phone: string,
  client: Client,
  purpose?: CodePurpose,
): Promise<{ renewedMark: string | undefined }> {
  const { sourceIp } = client;
  const now = deps.clock.now();
  const day = beijingDay(now);
  const network = { key: `register-net:${networkOf(sourceIp)}`, rule: REGISTRATION_CODES_PER_NETWORK, at: day };
  const budget = { key: 'register-codes:deployment', rule: REGISTRATION_CODES_PER_DAY, at: day };
  const taken: { key: string; rule: { limit: number; windowSeconds: number }; at: Date }[] = [];
  const giveBack = () => Promise.all(taken.map((t) => deps.limiter.giveBack(t.key, t.rule.windowSeconds, t.at))).catch(() => undefined);
  for (const counter of [network, budget] as const) {
    if (!(await deps.limiter.take(counter.key, counter.rule.limit, counter.rule.windowSeconds, counter.at))) {
      await giveBack();
      const { retryAfterSeconds } = limited(counter.rule, counter.at);
      throw counter === budget ? new RegistrationCodesSpentError(retryAfterSeconds) : new RateLimitedError(retryAfterSeconds);
    }
    taken.push(counter);
  }
  try {
    return await issueCode(
      deps,
      phone,
      client,
      now,
      async (code) => {
        try {
          await deps.sender.send({ kind: 'sms', phone }, renderSignInCode(randomUUID(), code));
        } catch (error) {
          // The provider's daily limit of the number: no code before midnight (Beijing days, as ours count).
          if (error instanceof NumberDailyLimitDeliveryError) throw limited(CODES_PER_PHONE_PER_DAY, day);
          if (error instanceof ThrottledDeliveryError) throw new RateLimitedError(CODE_SPACING_SECONDS);
          if (!(error instanceof PermanentDeliveryError)) throw error;
          // Only the number's own refusal is the caller's to fix; any other stops every registration (503, logged).
          const refusal = refusalKind(error);
          if (refusal !== 'recipient') throw new SmsUnavailableError(refusal === 'other' ? 'other' : 'configuration', refusalCause(error));
          const message = 'This number cannot receive our text messages; use a mainland China mobile number';
          throw new ValidationError([{ field: 'phone', message }]);
        }
      },
      purpose,
    );
  } catch (error) {
    // Refused before anything was sent (our limits, the provider's refusals): it cost no SMS.
    if (error instanceof DomainError) await giveBack();
    throw error;
  }
}

/** The phone and the code from its SMS, as the code steps post them. */
export const signInInput = z.strictObject({
  phone: z.string('The mobile phone number'),
  code: z.pipe(
    z.pipe(
      z.string('The code from the SMS'),
      z.transform((c: string) => c.replace(/\s/g, '')),
    ),
    z.string().check(z.regex(/^\d{6}$/, 'The 6 digits from the SMS')),
  ),
});

/**
 * Checks the code from the client at `sourceIp`, whose browser sent `knownDevice` (its mark, if
 * any); the session cookie's value for the person on success. Every refusal names `code`: a wrong
 * or used code, or one that can no longer be used (expired, locked); past the day's wrong codes, 429.
 */
export async function signInWithCode(deps: SignInDeps, body: unknown, sourceIp: string, knownDevice?: string): Promise<SignedIn> {
  const input = parseOrThrow(signInInput, body ?? {});
  const phone = parsePhone({ phone: input.phone });
  const now = deps.clock.now();
  const client = { sourceIp, knownDevice };
  const person = (await codeChecks(deps, phone, input.code, client, now)) ? await deps.volunteers.findByPhone(phone) : undefined;
  if (!person) throw wrongCode('wrong');
  return sessionFor(deps, person, phone, now);
}

/**
 * True when the code is the phone's and good; a refusal's reason otherwise names the `code` field.
 * Wrong codes are counted for the phone and for the phone from this address: an address past its
 * own count is refused for this phone, every address past the phone's but a browser with the
 * phone's mark (strangers could spend the phone's count). A code a marked browser asked for is
 * wrong from any browser without the mark, and spends none of the code's tries (`SignInCodes.check`).
 */
export async function codeChecks(
  deps: SignInDeps,
  phone: string,
  code: string,
  client: Client,
  now: Date,
  purpose?: CodePurpose,
): Promise<boolean> {
  const [key, legacyKey] = signInPhoneKeys(await deps.signingKeys.identityKey(), phone);
  const day = beijingDay(now);
  const from = (await knownDevice(deps, key, client.knownDevice, now)) ? 'known' : 'any';
  const phoneWide = { key: `signin-wrong:${key}`, rule: WRONG_CODES_PER_PHONE_PER_DAY };
  const fromAddress = { key: `signin-wrong-from:${sha256(`${key}|${client.sourceIp}`)}`, rule: WRONG_CODES_PER_PHONE_FROM_ADDRESS };
  const counters = [phoneWide, fromAddress];
  const checked = from === 'known' ? [fromAddress] : counters;
  const counts = await Promise.all(checked.map((c) => deps.limiter.counted(c.key, c.rule.windowSeconds, day)));
  const over = checked.find((c, i) => (counts[i] ?? 0) >= c.rule.limit);
  if (over) throw limited(over.rule, day);
  let outcome = await deps.signInCodes.check(slotOf(key, purpose), hashOf(phone, code, purpose), now, SIGN_IN_MAX_TRIES, from);
  // Upgrade shim, with `legacySignInPhoneKey`: a code issued before the keyed hash, while no newer one is.
  if (outcome === 'none' && !purpose)
    outcome = await deps.signInCodes.check(legacyKey, codeHash(phone, code), now, SIGN_IN_MAX_TRIES, from);
  if (outcome === 'wrong') await Promise.all(counters.map((c) => deps.limiter.take(c.key, c.rule.limit, c.rule.windowSeconds, day)));
  if (outcome === 'expired' || outcome === 'locked') throw wrongCode('gone');
  return outcome === 'ok';
}

export function wrongCode(kind: 'wrong' | 'gone'): ValidationError {
  return new ValidationError([
    {
      field: 'code',
      message: kind === 'gone' ? 'This code can no longer be used: ask for a new one' : 'The code is wrong or used already',
    },
  ]);
}

/** A sign-in's outcome: the session cookie's value, its person, and the browser's known-device mark for the phone. */
export interface SignedIn {
  readonly session: string;
  readonly volunteerId: string;
  readonly knownDevice: string;
}

/** The person's session, under their session version now (a later change of phone ends it), and the mark for the phone signed in with. */
export async function sessionFor(
  deps: Pick<SignInDeps, 'signingKeys'>,
  person: Pick<Volunteer, 'id' | 'sessionVersion'>,
  phone: string,
  now: Date,
): Promise<SignedIn> {
  const [key, phoneKey] = await Promise.all([deps.signingKeys.current(), deps.signingKeys.identityKey()]);
  return {
    session: signSession(key, person.id, now, sessionVersionOf(person)),
    volunteerId: person.id,
    knownDevice: signKnownDevice(key, signInPhoneKeys(phoneKey, phone)[0], now),
  };
}

const registerInput = z.extend(signInInput, {
  name: registrationSchema.shape.name,
  homeAreaId: registrationSchema.shape.homeAreaId,
  // Optional: the form sends it empty, an API client may leave it out (review 63).
  volunteerNumber: z.optional(
    z.pipe(
      z.pipe(
        z.string().check(z.trim()),
        z.transform((v: string) => v || undefined),
      ),
      registrationSchema.shape.volunteerNumber,
    ),
  ),
});

/**
 * Self-registration, second step: the code, the name, the home community and the national
 * volunteer number if any. Checked in full before the code is spent. A phone someone already
 * registered is that person's: the code signs them in and changes nothing.
 */
export async function registerWithCode(
  deps: SignInDeps & { readonly volunteers: Pick<VolunteerRegistry, 'register'>; readonly areas: Pick<AreaRepository, 'getMany'> },
  body: unknown,
  sourceIp: string,
  knownDevice?: string,
): Promise<SignedIn & { registered: boolean }> {
  const input = parseOrThrow(registerInput, body ?? {});
  const phone = parsePhone({ phone: input.phone });
  const areas = await deps.areas.getMany(lineage(input.homeAreaId));
  const area = areas[0];
  if (area?.level !== 'community' || anyRetired(areas))
    throw new ValidationError([{ field: 'homeAreaId', message: 'Not a community of this deployment' }]);
  const now = deps.clock.now();
  if (!(await codeChecks(deps, phone, input.code, { sourceIp, knownDevice }, now))) throw wrongCode('wrong');
  const existing = await deps.volunteers.findByPhone(phone);
  if (existing) return { ...(await sessionFor(deps, existing, phone, now)), registered: false };
  const volunteer: Volunteer = {
    id: newRequestId(),
    name: input.name,
    phone,
    ...(input.volunteerNumber ? { volunteerNumber: input.volunteerNumber } : {}),
    homeAreaId: area.id,
    registeredAt: now.toISOString(),
    registeredBy: { kind: 'self' },
  };
  const outcome = await deps.volunteers.register(volunteer);
  // Registered a moment ago by another tab or by staff: the phone is that person's.
  const person = outcome === 'registered' ? volunteer : await deps.volunteers.findByPhone(phone);
  if (!person) throw wrongCode('wrong');
  return { ...(await sessionFor(deps, person, phone, now)), registered: outcome === 'registered' };
}

/**
 * The volunteer a session cookie names, if valid: signed by a key of the ring, unexpired, and
 * signed in under the person's session version now (read consistently), so a change of phone
 * since ends it. Refused, it reads as signed out, as an expired one does.
 */
export async function sessionVolunteer(
  deps: Pick<SignInDeps, 'signingKeys' | 'clock'> & { readonly volunteers: Pick<VolunteerRegistry, 'get'> },
  cookie: string | undefined,
): Promise<string | undefined> {
  const parts = parseSession(cookie);
  if (!parts) return undefined;
  // Signed with a key no longer in the ring (retired, revoked): signed out, as after expiry.
  const key = await deps.signingKeys.find(parts.keyId);
  const session = key ? verifySession(key, cookie, deps.clock.now()) : undefined;
  if (!session) return undefined;
  const person = await deps.volunteers.get(session.volunteerId);
  return person && sessionVersionOf(person) === session.version ? person.id : undefined;
}
