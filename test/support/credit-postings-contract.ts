/**
 * What every CreditLedger's `postAll` does (a request's postings, one per volunteer, at once):
 * each answers as `post` would, whatever was posted, merged or voided before. Checked on DynamoDB
 * Local (integration, where the postings share transactions) and in memory (unit).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CreditEntry } from '#shared/domain/credit';
import type { CreditLedger } from '#shared/ports/credit-ledger';

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** One request's postings for `count` volunteers of their own, 2 hours and 0.5 points each. */
function postings(count: number): CreditEntry[] {
  const requestId = unique('r');
  return Array.from({ length: count }, (_, i) => ({
    volunteerKey: unique(`postings-team:v${i}`),
    requestId,
    teamId: 'postings-team',
    minutes: 120,
    hours: 2,
    points: 0.5,
    at: '2026-12-07T01:00:00.000Z',
  }));
}

export function creditPostingsContract(
  name: string,
  subjects: () => { readonly credits: CreditLedger; readonly markVoided: (requestId: string) => Promise<void> },
): void {
  describe(name, () => {
    it("posts each volunteer's credit once, however often the request's postings are sent", async () => {
      const { credits } = subjects();
      const entries = postings(3);
      expect(await credits.postAll(entries)).toEqual(['posted', 'posted', 'posted']);
      expect(await credits.postAll(entries)).toEqual(['already-posted', 'already-posted', 'already-posted']);
      for (const entry of entries) {
        expect(await credits.balance(entry.volunteerKey)).toMatchObject({ hours: 2, pointsEarned: 0.5, balance: 0.5 });
        expect(await credits.earnedFor(entry.volunteerKey, entry.requestId)).toEqual(entry);
      }
    });

    it('answers each posting as post would when some were posted before: the others are posted, none twice', async () => {
      const { credits } = subjects();
      const entries = postings(3);
      expect(await credits.post(entries[1]!)).toBe('posted');
      expect(await credits.postAll(entries)).toEqual(['posted', 'already-posted', 'posted']);
      for (const entry of entries) expect(await credits.balance(entry.volunteerKey)).toMatchObject({ hours: 2, balance: 0.5 });
    });

    it("posts nothing for a request marked voided, and posts the others when one volunteer's merged-in credit was voided there", async () => {
      const { credits, markVoided } = subjects();
      const voided = postings(2);
      await markVoided(voided[0]!.requestId);
      expect(await credits.postAll(voided)).toEqual(['voided', 'voided']);
      for (const entry of voided) expect(await credits.balance(entry.volunteerKey)).toMatchObject({ hours: 0, balance: 0 });

      // A guest's credit of the request merged into the first volunteer and voided there: the request stands voided whole for them.
      const entries = postings(2);
      const guest = { ...entries[0]!, volunteerKey: unique('postings-team:g'), minutes: 60, hours: 1, points: 0.25 };
      expect(await credits.post(guest)).toBe('posted');
      await credits.merge(guest.volunteerKey, entries[0]!.volunteerKey, '2026-12-07T02:00:00.000Z');
      const merged = (await credits.earnedFor(entries[0]!.volunteerKey, guest.requestId))!;
      expect(await credits.void(merged, 'upheld', '2026-12-07T03:00:00.000Z')).toBe('voided');
      expect(await credits.postAll(entries)).toEqual(['voided', 'posted']);
      expect(await credits.balance(entries[0]!.volunteerKey)).toMatchObject({ hours: 0, balance: 0 });
      expect(await credits.balance(entries[1]!.volunteerKey)).toMatchObject({ hours: 2, balance: 0.5 });
    });

    it('posts a visit of more volunteers than one write may hold, each once, also while the same postings run at once', async () => {
      const { credits } = subjects();
      const entries = postings(60);
      const runs = await Promise.all([credits.postAll(entries), credits.postAll(entries), credits.postAll(entries)]);
      // Each volunteer's credit is posted by exactly one of the runs.
      for (let i = 0; i < entries.length; i++) expect(runs.map((r) => r[i]).filter((o) => o === 'posted')).toHaveLength(1);
      const balances = await Promise.all(entries.map((e) => credits.balance(e.volunteerKey)));
      expect(balances.map((b) => b.hours)).toEqual(entries.map(() => 2));
    });
  });
}
