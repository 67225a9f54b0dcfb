/**
 * A guest's name ledger merges into one person only (review 53): once a merge into a person has
 * begun, a merge of the same name into another person is refused (409) and moves nothing, so no
 * line of the name is split between two persons and no point it spent is spent again. Checked on
 * the DynamoDB adapter on DynamoDB Local (integration) and on the in-memory one (unit).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MergedElsewhereError } from '#shared/domain/errors';
import type { CreditLedger } from '#shared/ports/credit-ledger';
import { rejection } from './rejection';

export function creditMergeOnePersonContract(name: string, subjects: () => { readonly credits: CreditLedger }): void {
  describe(name, () => {
    it('refuses to merge a name merged into one person into another, and credit posted to the name since moves to the first', async () => {
      const { credits } = subjects();
      const run = randomUUID().slice(0, 8);
      const guest = `one-person-team:小李${run}`;
      const [p1, p2] = [`person#${run}aaaaaaaaaaaa`, `person#${run}bbbbbbbbbbbb`];
      const at = '2026-11-29T01:00:00.000Z';
      const posting = { volunteerKey: guest, teamId: 'one-person-team', minutes: 1200, hours: 20, points: 5, at };
      expect(await credits.post({ ...posting, requestId: `r1-${run}` })).toBe('posted');
      const by = { id: 's', name: 's' };
      const spend = { volunteerKey: guest, points: 3, item: 'rice', pickupCode: `A${run}`.toUpperCase(), at, by, stationAreaId: 'x' };
      expect(await credits.redeem(spend)).toBe('redeemed');
      expect((await credits.merge(guest, p1, at)).moved).toBe(2);
      // Credit posted to the name after the merge (a sweep of a request it served before).
      expect(await credits.post({ ...posting, requestId: `r2-${run}`, minutes: 240, hours: 4, points: 1 })).toBe('posted');

      const refused = await rejection(credits.merge(guest, p2, at));
      expect(refused).toBeInstanceOf(MergedElsewhereError);
      expect(refused.message).toBe(
        `This name's hours went to another volunteer (${run}aaaaaaaaaaaa): a name's hours merge into one person only`,
      );
      expect(await credits.balance(p2)).toMatchObject({ hours: 0, pointsEarned: 0, pointsSpent: 0, balance: 0 });
      expect(await credits.history(p2)).toEqual([]);
      expect(await credits.balance(guest)).toMatchObject({ hours: 4, pointsEarned: 1, balance: 1 });

      // The name's new credit goes where the rest went.
      expect((await credits.merge(guest, p1, at)).moved).toBe(1);
      expect(await credits.balance(p1)).toMatchObject({ hours: 24, pointsEarned: 6, pointsSpent: 3, balance: 3 });
      expect(await credits.balance(guest)).toMatchObject({ hours: 0, pointsEarned: 0, pointsSpent: 0, balance: 0 });
    });
  });
}
