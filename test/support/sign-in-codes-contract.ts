/** What every SignInCodes does: on DynamoDB Local (integration) and in memory (unit). */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { codeHash, legacySignInPhoneKey as phoneKey } from '#shared/domain/sign-in';
import type { SignInCodes } from '#shared/ports/sign-in-codes';

const T0 = new Date('2026-12-05T08:00:00.000Z');
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const newPhone = () => `+86139${randomUUID().replace(/\D/g, '').padEnd(8, '0').slice(0, 8)}`;

export function signInCodesContract(name: string, subjects: () => { readonly signInCodes: SignInCodes }): void {
  describe(name, () => {
    it('accepts the right code once, and refuses it afterwards', async () => {
      const { signInCodes } = subjects();
      const phone = newPhone();
      await signInCodes.issue(phoneKey(phone), codeHash(phone, '123456'), T0, later(300));
      expect(await signInCodes.check(phoneKey(phone), codeHash(phone, '123456'), later(10), 5)).toBe('ok');
      expect(await signInCodes.check(phoneKey(phone), codeHash(phone, '123456'), later(11), 5)).toBe('none');
    });

    it('refuses an expired code, another phone’s code and a phone that never had one', async () => {
      const { signInCodes } = subjects();
      const [phone, other] = [newPhone(), newPhone()];
      await signInCodes.issue(phoneKey(phone), codeHash(phone, '111111'), T0, later(300));
      await signInCodes.issue(phoneKey(other), codeHash(other, '222222'), T0, later(300));
      // The other phone's code, typed for this phone, is a wrong try.
      expect(await signInCodes.check(phoneKey(phone), codeHash(phone, '222222'), later(1), 5)).toBe('wrong');
      expect(await signInCodes.check(phoneKey(phone), codeHash(phone, '111111'), later(300), 5)).toBe('expired');
      expect(await signInCodes.check(phoneKey(newPhone()), codeHash(phone, '111111'), later(1), 5)).toBe('none');
      expect(await signInCodes.check(phoneKey(other), codeHash(other, '222222'), later(299), 5)).toBe('ok');
    });

    it('locks after the last wrong try, even for the right code, until a new code is issued', async () => {
      const { signInCodes } = subjects();
      const phone = newPhone();
      await signInCodes.issue(phoneKey(phone), codeHash(phone, '654321'), T0, later(300));
      for (let i = 1; i <= 4; i++)
        expect(await signInCodes.check(phoneKey(phone), codeHash(phone, `00000${i}`), later(i), 5)).toBe('wrong');
      expect(await signInCodes.check(phoneKey(phone), codeHash(phone, '000005'), later(5), 5)).toBe('locked');
      expect(await signInCodes.check(phoneKey(phone), codeHash(phone, '654321'), later(6), 5)).toBe('locked');
      await signInCodes.issue(phoneKey(phone), codeHash(phone, '777777'), later(7), later(600));
      expect(await signInCodes.check(phoneKey(phone), codeHash(phone, '777777'), later(7), 5)).toBe('ok');
    });

    it('answers a code a known browser asked for as wrong to any other browser, spending none of its tries', async () => {
      const { signInCodes } = subjects();
      const phone = newPhone();
      await signInCodes.issue(phoneKey(phone), codeHash(phone, '246810'), T0, later(300), 60, 'known');
      // Strangers cannot lock it, nor use it, however many try.
      for (let i = 1; i <= 8; i++)
        expect(await signInCodes.check(phoneKey(phone), codeHash(phone, `00000${i}`), later(i), 5)).toBe('wrong');
      expect(await signInCodes.check(phoneKey(phone), codeHash(phone, '246810'), later(9), 5, 'any')).toBe('wrong');
      // The known browser has all its tries: four wrong, then the code.
      for (let i = 1; i <= 4; i++)
        expect(await signInCodes.check(phoneKey(phone), codeHash(phone, `10000${i}`), later(10 + i), 5, 'known')).toBe('wrong');
      expect(await signInCodes.check(phoneKey(phone), codeHash(phone, '246810'), later(15), 5, 'known')).toBe('ok');
      // A code any browser asked for is tried by all alike.
      await signInCodes.issue(phoneKey(phone), codeHash(phone, '135791'), later(100), later(400), 60);
      expect(await signInCodes.check(phoneKey(phone), codeHash(phone, '135791'), later(101), 5, 'any')).toBe('ok');
    });

    it('keeps a known browser’s live code from any other browser’s asking: neither replaced nor spaced out, however they come', async () => {
      const { signInCodes } = subjects();
      const phone = newPhone();
      const issue = (code: string, at: number, by: 'known' | 'any') =>
        signInCodes.issue(phoneKey(phone), codeHash(phone, code), later(at), later(at + 300), 60, by);
      expect(await issue('100001', 0, 'known')).toBe(true);
      // A stranger within the spacing is refused, as ever; a minute on, their code goes in its own slot.
      expect(await issue('200001', 59, 'any')).toBe(false);
      expect(await issue('200002', 60, 'any')).toBe(true);
      // The owner's browser, asking again at once, is spaced only from its own codes.
      expect(await issue('100002', 61, 'known')).toBe(true);
      expect(await issue('100003', 62, 'known')).toBe(false);
      expect(await signInCodes.isLive(phoneKey(phone), codeHash(phone, '100001'), later(62))).toBe(false);
      expect(await signInCodes.isLive(phoneKey(phone), codeHash(phone, '200002'), later(62))).toBe(true);
      // Either code the phone got signs in from the marked browser; a stranger only with its own.
      expect(await signInCodes.check(phoneKey(phone), codeHash(phone, '100002'), later(63), 5, 'any')).toBe('wrong');
      expect(await signInCodes.check(phoneKey(phone), codeHash(phone, '100002'), later(63), 5, 'known')).toBe('ok');
      expect(await signInCodes.check(phoneKey(phone), codeHash(phone, '200002'), later(64), 5, 'known')).toBe('ok');
      expect(await signInCodes.check(phoneKey(phone), codeHash(phone, '200002'), later(65), 5, 'any')).toBe('none');
    });

    it('keeps the known browser’s code when a stranger asks at the same moment, on many phones at once', async () => {
      const { signInCodes } = subjects();
      const phones = Array.from({ length: 12 }, newPhone);
      const raced = await Promise.all(
        phones.map(async (phone) => {
          const [owner, stranger] = await Promise.all([
            signInCodes.issue(phoneKey(phone), codeHash(phone, '111111'), T0, later(300), 60, 'known'),
            signInCodes.issue(phoneKey(phone), codeHash(phone, '222222'), T0, later(300), 60, 'any'),
          ]);
          const signedIn = await signInCodes.check(phoneKey(phone), codeHash(phone, '111111'), later(1), 5, 'known');
          return `${owner} ${signedIn} ${stranger ? 'stranger too' : 'stranger refused'}`;
        }),
      );
      // The stranger is refused when the owner's came first, and goes in its own slot when it came first.
      for (const r of raced) expect(r).toMatch(/^true ok stranger (too|refused)$/);
    });

    it('issues a new code only once the spacing has passed since the last one, however many arrive at once', async () => {
      const { signInCodes } = subjects();
      const phone = newPhone();
      expect(await signInCodes.issue(phoneKey(phone), codeHash(phone, '100001'), T0, later(300), 60)).toBe(true);
      // Too soon: refused, and the earlier code stays good.
      expect(await signInCodes.issue(phoneKey(phone), codeHash(phone, '100002'), later(59), later(359), 60)).toBe(false);
      expect(await signInCodes.check(phoneKey(phone), codeHash(phone, '100001'), later(59), 5)).toBe('ok');
      const tries = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          signInCodes.issue(phoneKey(phone), codeHash(phone, String(200000 + i)), later(60), later(360), 60),
        ),
      );
      expect(tries.filter(Boolean)).toHaveLength(1);
      const issued = String(200000 + tries.indexOf(true));
      expect(await signInCodes.check(phoneKey(phone), codeHash(phone, issued), later(61), 5)).toBe('ok');
      // Without a spacing, a code replaces the last one at once.
      expect(await signInCodes.issue(phoneKey(phone), codeHash(phone, '300003'), later(62), later(362))).toBe(true);
    });

    it('compares at most the allowed number of tries however many arrive at once', async () => {
      const { signInCodes } = subjects();
      const phone = newPhone();
      await signInCodes.issue(phoneKey(phone), codeHash(phone, '999999'), T0, later(300));
      const guesses = Array.from({ length: 30 }, (_, i) => String(100000 + i));
      const outcomes = await Promise.all(guesses.map((g) => signInCodes.check(phoneKey(phone), codeHash(phone, g), later(1), 5)));
      expect(outcomes.filter((o) => o === 'wrong' || o === 'locked').length).toBeGreaterThanOrEqual(5);
      // Five were compared (four 'wrong', the fifth 'locked'); every other try was refused unseen.
      expect(outcomes.filter((o) => o === 'wrong')).toHaveLength(4);
      expect(await signInCodes.check(phoneKey(phone), codeHash(phone, '999999'), later(2), 5)).toBe('locked');
    });

    it('tells the live code from one replaced, used or expired', async () => {
      const { signInCodes } = subjects();
      const phone = newPhone();
      const live = (code: string, at: Date) => signInCodes.isLive(phoneKey(phone), codeHash(phone, code), at);
      expect(await live('123123', T0)).toBe(false);
      await signInCodes.issue(phoneKey(phone), codeHash(phone, '123123'), T0, later(300));
      expect([await live('123123', later(1)), await live('321321', later(1)), await live('123123', later(300))]).toEqual([
        true,
        false,
        false,
      ]);
      await signInCodes.issue(phoneKey(phone), codeHash(phone, '456456'), later(2), later(302));
      expect([await live('123123', later(3)), await live('456456', later(3))]).toEqual([false, true]);
      expect(await signInCodes.check(phoneKey(phone), codeHash(phone, '456456'), later(4), 5)).toBe('ok');
      expect(await live('456456', later(5))).toBe(false);
    });

    it('tells whether the phone has any code still to be used: not used, expired or locked', async () => {
      const { signInCodes } = subjects();
      const phone = newPhone();
      const hasLive = (at: Date) => signInCodes.hasLive(phoneKey(phone), at, 2);
      expect(await hasLive(T0)).toBe(false);
      await signInCodes.issue(phoneKey(phone), codeHash(phone, '121212'), T0, later(300));
      expect([await hasLive(later(1)), await hasLive(later(300))]).toEqual([true, false]);
      expect(await signInCodes.check(phoneKey(phone), codeHash(phone, '000000'), later(2), 2)).toBe('wrong');
      expect(await hasLive(later(2))).toBe(true);
      expect(await signInCodes.check(phoneKey(phone), codeHash(phone, '000001'), later(3), 2)).toBe('locked');
      expect(await hasLive(later(3))).toBe(false);
      await signInCodes.issue(phoneKey(phone), codeHash(phone, '343434'), later(4), later(304));
      expect(await signInCodes.check(phoneKey(phone), codeHash(phone, '343434'), later(5), 2)).toBe('ok');
      expect(await hasLive(later(6))).toBe(false);
    });

    it('releases the code it was asked to from spacing, still signing in; never a newer one or a used one', async () => {
      const { signInCodes } = subjects();
      const phone = newPhone();
      await signInCodes.issue(phoneKey(phone), codeHash(phone, '111000'), T0, later(300), 60);
      await signInCodes.release(phoneKey(phone), codeHash(phone, '111000'));
      // Released: still the phone's code (its SMS may arrive yet), and a new code may come at once, spacing or not.
      expect(await signInCodes.isLive(phoneKey(phone), codeHash(phone, '111000'), later(1))).toBe(true);
      expect(await signInCodes.issue(phoneKey(phone), codeHash(phone, '222000'), later(1), later(301), 60)).toBe(true);
      await signInCodes.release(phoneKey(phone), codeHash(phone, '111000'));
      expect(await signInCodes.isLive(phoneKey(phone), codeHash(phone, '222000'), later(2))).toBe(true);
      expect(await signInCodes.issue(phoneKey(phone), codeHash(phone, '333000'), later(2), later(302), 60)).toBe(false);
      expect(await signInCodes.check(phoneKey(phone), codeHash(phone, '222000'), later(3), 5)).toBe('ok');
      await signInCodes.release(phoneKey(phone), codeHash(phone, '222000'));
      expect(await signInCodes.check(phoneKey(phone), codeHash(phone, '222000'), later(4), 5)).toBe('none');
      expect(await signInCodes.issue(phoneKey(phone), codeHash(phone, '333000'), later(5), later(305), 60)).toBe(false);
    });
  });
}
