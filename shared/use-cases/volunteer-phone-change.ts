/**
 * A signed-in volunteer changes their own phone (更换手机号 on /me): a code by SMS to the new
 * number, then the code, then the change, made by the same `changePhone` write staff use
 * (`changeVolunteerPhone`). The code is bound to this person and this number
 * (`phone-change:<volunteerId>`, `CodePurpose`): it confirms no other number, signs nobody in, and
 * no sign-in code confirms it. Asking for it is limited and answered as a registration code
 * (`codeBySmsNow`: the same limits, the deployment's day of such codes, the same refusals), and the
 * same whether or not the number is someone's; only once the code proved the person holds the
 * number is another volunteer's number refused (`PhoneTakenError`: the station merges the two).
 */
import { ConflictError, NotFoundError } from '#shared/domain/errors';
import { parseOrThrow } from '#shared/domain/validation';
import { parsePhone } from '#shared/domain/volunteer';
import { PhoneTakenError } from '#shared/domain/errors';
import type { VolunteerRegistry } from '#shared/ports/volunteer-registry';
import {
  type Client,
  codeBySmsNow,
  codeChecks,
  type SignedIn,
  type SignInDeps,
  sessionFor,
  signInInput,
  wrongCode,
} from './volunteer-sign-in';

export interface PhoneChangeDeps extends SignInDeps {
  readonly volunteers: SignInDeps['volunteers'] & Pick<VolunteerRegistry, 'changePhone'>;
}

/** The purpose a change-of-phone code is bound to: this person (the number is bound by its hash). */
const purposeOf = (volunteerId: string) => `phone-change:${volunteerId}`;

async function personOf(deps: Pick<PhoneChangeDeps, 'volunteers'>, volunteerId: string) {
  const person = await deps.volunteers.get(volunteerId);
  if (!person) throw new NotFoundError('Volunteer');
  return person;
}

/**
 * `POST /me/phone/code`: a code by SMS to the new number (the form's `phone`; other fields, such
 * as a code typed before asking again, are ignored). The number they have already sends nothing
 * (`unchanged`). `renewedMark` as for signing in (`issueCode`).
 */
export async function requestPhoneChangeCode(
  deps: PhoneChangeDeps,
  volunteerId: string,
  body: unknown,
  client: Client,
): Promise<{ phone: string; unchanged: boolean; renewedMark?: string | undefined }> {
  const phone = parsePhone({ phone: (body as Record<string, unknown> | undefined)?.phone });
  const person = await personOf(deps, volunteerId);
  if (person.phone === phone) return { phone, unchanged: true };
  return { phone, unchanged: false, ...(await codeBySmsNow(deps, phone, client, purposeOf(volunteerId))) };
}

/**
 * `POST /me/phone`: the new number and its code. A wrong code (or one for another number, or a
 * sign-in code) is refused on `code` as at sign-in, and counts toward the same limits; then
 * another volunteer's number is a `PhoneTakenError`, and a change made meanwhile (by staff) a
 * 409. Changed, their sessions end (`changePhone`): `signedIn` is a new one, with the new
 * number's known-device mark. The number they have already changes nothing.
 */
export async function changeOwnPhone(
  deps: PhoneChangeDeps,
  volunteerId: string,
  body: unknown,
  client: Client,
): Promise<{ changed: false } | { changed: true; signedIn: SignedIn }> {
  const input = parseOrThrow(signInInput, body ?? {});
  const phone = parsePhone({ phone: input.phone });
  const person = await personOf(deps, volunteerId);
  if (person.phone === phone) return { changed: false };
  const now = deps.clock.now();
  // A second tap of 确认更换 racing the first finds its code used: the number is already theirs.
  if (!(await codeChecks(deps, phone, input.code, client, now, purposeOf(volunteerId))))
    return (await changedTo(deps, volunteerId, phone, now)) ?? Promise.reject(wrongCode('wrong'));
  const outcome = await deps.volunteers.changePhone(person.id, person.phone, phone);
  if (outcome === 'phone-taken') throw new PhoneTakenError();
  if (outcome === 'stale')
    return (
      (await changedTo(deps, volunteerId, phone, now)) ??
      Promise.reject(new ConflictError('The phone was changed meanwhile; sign in again and check it (field phone)'))
    );
  return (await changedTo(deps, volunteerId, phone, now))!;
}

/** Changed: when the person's number is now `phone` (this change, or one racing it to the same number), a new session. */
async function changedTo(deps: PhoneChangeDeps, volunteerId: string, phone: string, now: Date) {
  const person = await personOf(deps, volunteerId);
  return person.phone === phone ? { changed: true as const, signedIn: await sessionFor(deps, person, phone, now) } : undefined;
}
