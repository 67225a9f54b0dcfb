/**
 * What every CreditLedger does with a request whose credits a complaint withheld while they were
 * pending (`creditsWithheld` on the request): nothing of it is ever credited, and a merge moves it
 * voided. And what a void or a redemption (a retried one too) finds once a guest's ledger was
 * merged into a person's. Checked on DynamoDB Local (integration) and in memory (unit, through `memoryDeps`).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CreditEntry } from '#shared/domain/credit';
import type { CreditLedger, PickupCodes } from '#shared/ports/credit-ledger';
import { voidStanding } from '#shared/use-cases/volunteer-credits';

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const at = '2026-12-07T01:00:00.000Z';

const earning = (volunteerKey: string, requestId: string): CreditEntry => ({
  volunteerKey,
  requestId,
  teamId: 'withheld-team',
  minutes: 120,
  hours: 2,
  points: 0.5,
  at,
});

export function creditWithheldContract(
  name: string,
  subjects: () => {
    readonly credits: CreditLedger & PickupCodes;
    /** Marks a request's credits withheld (`creditsWithheld` on the request), as void-credits does while they are pending. */
    readonly markWithheld: (requestId: string) => Promise<void>;
  },
): void {
  describe(name, () => {
    it('posts, and adjusts, nothing of a request whose credits were withheld, one posting or many', async () => {
      const { credits, markWithheld } = subjects();
      const requestId = unique('r');
      const [one, two] = [earning(unique('withheld-team:a'), requestId), earning(unique('withheld-team:b'), requestId)];
      await markWithheld(requestId);
      expect(await credits.post(one)).toBe('voided');
      expect(await credits.postAll([one, two])).toEqual(['voided', 'voided']);
      const change = { volunteerKey: one.volunteerKey, requestId, seq: 1, minutes: 60, hours: 1, points: 0.25 };
      expect(await credits.adjust({ ...change, at, reason: 'corrected', by: 'staff-1' })).toBe('nothing-earned');
      for (const entry of [one, two]) {
        expect(await credits.creditFor(entry.volunteerKey, requestId)).toBeUndefined();
        expect(await credits.balance(entry.volunteerKey)).toMatchObject({ hours: 0, pointsEarned: 0, balance: 0 });
      }
    });

    it('adjusts nothing of a credit posted before its request was withheld (void-credits voids it)', async () => {
      const { credits, markWithheld } = subjects();
      const entry = earning(unique('withheld-team:v'), unique('r'));
      expect(await credits.post(entry)).toBe('posted');
      await markWithheld(entry.requestId);
      const change = { volunteerKey: entry.volunteerKey, requestId: entry.requestId, seq: 1, minutes: 60, hours: 1, points: 0.25 };
      expect(await credits.adjust({ ...change, at, reason: 'corrected', by: 'staff-1' })).toBe('voided');
      expect(await credits.balance(entry.volunteerKey)).toMatchObject({ hours: 2, balance: 0.5 });
    });

    it("moves a guest's credit of a withheld request into a person voided whole, the person's own too", async () => {
      const { credits, markWithheld } = subjects();
      const guest = unique('withheld-team:g');
      const person = unique('person#p');
      const requestId = unique('r');
      // Posted before the complaint withheld the rest; the void that follows has not reached them yet.
      for (const key of [guest, person]) expect(await credits.post(earning(key, requestId))).toBe('posted');
      await markWithheld(requestId);
      expect((await credits.merge(guest, person, at)).moved).toBe(1);
      expect(await credits.creditFor(person, requestId)).toMatchObject({ entry: { hours: 4, points: 1 }, voided: true });
      for (const key of [guest, person]) expect(await credits.balance(key)).toMatchObject({ hours: 0, pointsEarned: 0, balance: 0 });
      for (const key of [guest, person]) expect(await voidStanding(credits, key, requestId, 'upheld', at)).toBe('already-voided');
    });

    it("answers changed to a void that read a guest's line merged into a person since: read again, it voids it there", async () => {
      const { credits } = subjects();
      const guest = unique('withheld-team:g');
      const person = unique('person#p');
      const entry = earning(guest, unique('r'));
      expect(await credits.post(entry)).toBe('posted');
      const read = (await credits.earnedFor(guest, entry.requestId))!;
      expect((await credits.merge(guest, person, at)).moved).toBe(1);
      expect(await credits.void(read, 'upheld', at)).toBe('changed');
      expect(await voidStanding(credits, guest, entry.requestId, 'upheld', at)).toBe('voided');
      expect(await credits.creditFor(person, entry.requestId)).toMatchObject({ entry: { hours: 2 }, voided: true });
      for (const key of [guest, person]) expect(await credits.balance(key)).toMatchObject({ hours: 0, pointsEarned: 0, balance: 0 });
      // A line never posted is still nothing earned.
      expect(await credits.void(earning(guest, unique('r')), 'upheld', at)).toBe('nothing-earned');
    });

    it('finds a redemption by its idempotency key as it was made, after a merge gave its code to a person', async () => {
      const { credits } = subjects();
      const guest = unique('withheld-team:g');
      const person = unique('person#p');
      expect(await credits.post({ ...earning(guest, unique('r')), hours: 8, points: 2 })).toBe('posted');
      const idempotencyKey = unique('key');
      const redemption = {
        volunteerKey: guest,
        points: 1,
        item: 'soap',
        pickupCode: unique('CODE'),
        at,
        by: { id: 'staff-1', name: 'station@paidan.local' },
        stationAreaId: '370902003009',
      };
      expect(await credits.redeem({ ...redemption, idempotencyKey })).toBe('redeemed');
      await credits.merge(guest, person, at);
      expect(await credits.findRedemption(redemption.pickupCode)).toMatchObject({ volunteerKey: person });
      expect(await credits.findRedemptionByKey(idempotencyKey)).toMatchObject(redemption);
      expect(await credits.redeem({ ...redemption, pickupCode: unique('CODE'), idempotencyKey })).toBe('key-used');
    });

    it("redeems nothing more from a guest's ledger once a merge moved it: its points are the person's, spent there", async () => {
      const { credits } = subjects();
      const guest = unique('withheld-team:g');
      const person = unique('person#p');
      expect(await credits.post({ ...earning(guest, unique('r')), hours: 8, points: 2 })).toBe('posted');
      const redemption = (volunteerKey: string, idempotencyKey?: string) => ({
        volunteerKey,
        points: 1,
        item: 'soap',
        pickupCode: unique('CODE'),
        at,
        by: { id: 'staff-1', name: 'station@paidan.local' },
        stationAreaId: '370902003009',
        ...(idempotencyKey ? { idempotencyKey } : {}),
      });
      const idempotencyKey = unique('key');
      expect(await credits.redeem(redemption(guest, idempotencyKey))).toBe('redeemed');
      expect((await credits.merge(guest, person, at)).moved).toBe(2);
      // The retry of the redemption made before still answers its key; any other is refused, nothing spent.
      expect(await credits.redeem(redemption(guest, idempotencyKey))).toBe('key-used');
      expect(await credits.redeem(redemption(guest))).toBe('merged');
      expect(await credits.redeem(redemption(guest, unique('key')))).toBe('merged');
      // Credit posted to the name since stays frozen there until merged again.
      expect(await credits.post(earning(guest, unique('r')))).toBe('posted');
      expect(await credits.redeem(redemption(guest))).toBe('merged');
      expect((await credits.merge(guest, person, at)).moved).toBe(1);
      expect(await credits.balance(guest)).toMatchObject({ hours: 0, pointsEarned: 0, pointsSpent: 0, balance: 0 });
      expect(await credits.balance(person)).toMatchObject({ hours: 10, pointsEarned: 2.5, pointsSpent: 1, balance: 1.5 });
      expect(await credits.redeem(redemption(person))).toBe('redeemed');
    });
  });
}
