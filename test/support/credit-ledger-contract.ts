/**
 * What every CreditLedger (with its rules item and pickup codes) does, checked on the DynamoDB
 * adapter on DynamoDB Local (integration) and on the in-memory one (unit). Each check credits
 * volunteers of its own; only the last touches the one rules item.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CreditEntry } from '#shared/domain/credit';
import type { CreditLedger, CreditRuleStore, PickupCodes, Redemption } from '#shared/ports/credit-ledger';
import { voidStanding } from '#shared/use-cases/volunteer-credits';

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

const earning = (volunteerKey: string, at: string, overrides: Partial<CreditEntry> = {}): CreditEntry => ({
  volunteerKey,
  requestId: unique('r'),
  teamId: 'contract-team',
  minutes: 120,
  hours: 2,
  points: 0.5,
  at,
  ...overrides,
});

export function creditLedgerContract(
  name: string,
  subjects: () => {
    readonly credits: CreditLedger & CreditRuleStore & PickupCodes;
    /** Marks a request voided (`creditsVoided` on the request's item), as void-credits does. */
    readonly markVoided: (requestId: string) => Promise<void>;
  },
  /** Cases of the merge property: many in memory, a few on DynamoDB Local (each case is dozens of transactions). */
  mergeRuns = 100,
): void {
  describe(name, () => {
    it('posts what a request earned a volunteer once, and voids it once', async () => {
      const { credits } = subjects();
      const volunteer = unique('contract-team:v');
      const first = earning(volunteer, '2026-11-29T01:00:00.000Z');
      const second = earning(volunteer, '2026-11-29T02:00:00.000Z', { hours: 1, points: 0.25 });
      expect(await credits.post(first)).toBe('posted');
      expect(await credits.post(first)).toBe('already-posted');
      expect(await credits.post(second)).toBe('posted');
      expect(await credits.balance(volunteer)).toEqual({
        volunteerKey: volunteer,
        hours: 3,
        pointsEarned: 0.75,
        pointsSpent: 0,
        balance: 0.75,
      });
      expect(await credits.earnedFor(volunteer, first.requestId)).toEqual(first);

      expect(await credits.void({ ...first, requestId: unique('r') }, 'never earned', '2026-11-29T03:00:00.000Z')).toBe('nothing-earned');
      expect(await credits.void(first, 'complaint upheld', '2026-11-29T03:00:00.000Z')).toBe('voided');
      expect(await credits.void(first, 'again', '2026-11-29T04:00:00.000Z')).toBe('already-voided');
      expect(await credits.balance(volunteer)).toMatchObject({ hours: 1, pointsEarned: 0.25, balance: 0.25 });
      expect(await credits.history(volunteer)).toEqual([
        { kind: 'earn', at: first.at, points: 0.5, hours: 2, requestId: first.requestId, teamId: 'contract-team' },
        { kind: 'earn', at: second.at, points: 0.25, hours: 1, requestId: second.requestId, teamId: 'contract-team' },
        {
          kind: 'void',
          at: '2026-11-29T03:00:00.000Z',
          points: 0.5,
          hours: 2,
          requestId: first.requestId,
          teamId: 'contract-team',
          reason: 'complaint upheld',
        },
      ]);
    });

    it('adjusts a posted credit by a line of its own, each seq once, never a voided one, and voids what stands', async () => {
      const { credits } = subjects();
      const volunteer = unique('contract-team:v');
      const posted = earning(volunteer, '2026-11-29T01:00:00.000Z');
      const adjustment = (seq: number, minutes: number, hours: number, points: number) => ({
        volunteerKey: volunteer,
        requestId: posted.requestId,
        teamId: 'contract-team',
        seq,
        minutes,
        hours,
        points,
        at: `2026-11-30T0${seq}:00:00.000Z`,
        reason: 'corrected',
        by: 'staff-1',
      });
      expect(await credits.adjust(adjustment(1, 120, 2, 0.5))).toBe('nothing-earned');
      expect(await credits.post(posted)).toBe('posted');
      expect(await credits.adjust(adjustment(1, 120, 2, 0.5))).toBe('adjusted');
      // A second writer from the same standing figures: refused, whatever it carries.
      expect(await credits.adjust(adjustment(1, -60, -1, -0.25))).toBe('changed');
      expect(await credits.adjust(adjustment(2, -60, -1, -0.25))).toBe('adjusted');
      const standing = { ...posted, minutes: 180, hours: 3, points: 0.75, adjustments: 2 };
      expect(await credits.creditFor(volunteer, posted.requestId)).toEqual({ entry: standing, voided: false });
      expect(await credits.earnedFor(volunteer, posted.requestId)).toEqual(standing);
      expect(await credits.balance(volunteer)).toMatchObject({ hours: 3, pointsEarned: 0.75, balance: 0.75 });
      expect((await credits.history(volunteer)).map(({ kind, hours, points }) => ({ kind, hours, points }))).toEqual([
        { kind: 'earn', hours: 2, points: 0.5 },
        { kind: 'adjust', hours: 2, points: 0.5 },
        { kind: 'adjust', hours: -1, points: -0.25 },
      ]);

      // A void from figures read before the last adjustment would leave part standing: read again.
      expect(
        await credits.void({ ...standing, minutes: 240, hours: 4, points: 1, adjustments: 1 }, 'upheld', '2026-12-01T01:00:00.000Z'),
      ).toBe('changed');
      expect(await credits.void(standing, 'upheld', '2026-12-01T01:00:00.000Z')).toBe('voided');
      expect(await credits.balance(volunteer)).toMatchObject({ hours: 0, pointsEarned: 0, balance: 0 });
      expect((await credits.creditFor(volunteer, posted.requestId))?.voided).toBe(true);
      expect(await credits.adjust(adjustment(3, 60, 1, 0.25))).toBe('voided');
      expect(await credits.balance(volunteer)).toMatchObject({ hours: 0, pointsEarned: 0, balance: 0 });
    });

    it("merges a guest's corrected credit into a person's corrected credit of the same request: the n-th corrections add up", async () => {
      const { credits } = subjects();
      const guest = unique('contract-team:g');
      const person = unique('person#p');
      const requestId = unique('r');
      const line = (volunteerKey: string, seq: number, minutes: number) => ({
        volunteerKey,
        requestId,
        teamId: 'contract-team',
        seq,
        minutes,
        hours: minutes / 60,
        points: minutes / 240,
        at: `2026-11-30T0${seq}:00:00.000Z`,
        reason: 'corrected',
        by: 'staff-1',
      });
      expect(await credits.post(earning(guest, '2026-11-29T01:00:00.000Z', { requestId }))).toBe('posted');
      expect(await credits.post(earning(person, '2026-11-29T01:00:00.000Z', { requestId }))).toBe('posted');
      expect(await credits.adjust(line(guest, 1, 60))).toBe('adjusted');
      expect(await credits.adjust(line(person, 1, 120))).toBe('adjusted');
      expect(await credits.adjust(line(person, 2, -60))).toBe('adjusted');

      expect((await credits.merge(guest, person, '2026-12-01T00:00:00.000Z')).moved).toBe(2);
      const standing = { minutes: 120 + 60 + 120 + 120 - 60, hours: 6, points: 1.5, adjustments: 2 };
      expect((await credits.creditFor(person, requestId))?.entry).toMatchObject({ volunteerKey: person, ...standing });
      expect((await credits.creditFor(guest, requestId))?.entry).toMatchObject({ volunteerKey: person, ...standing });
      expect(await credits.balance(person)).toMatchObject({ hours: 6, pointsEarned: 1.5, balance: 1.5 });
      expect(await credits.balance(guest)).toMatchObject({ hours: 0, pointsEarned: 0, balance: 0 });
      // The next correction is the third, once; the guest's ledger takes none.
      expect(await credits.adjust(line(person, 3, 30))).toBe('adjusted');
      expect(await credits.adjust(line(person, 3, 30))).toBe('changed');
      expect(await credits.adjust(line(guest, 2, 30))).toBe('nothing-earned');
      expect(await credits.void((await credits.earnedFor(person, requestId))!, 'upheld', '2026-12-02T00:00:00.000Z')).toBe('voided');
      expect(await credits.balance(person)).toMatchObject({ hours: 0, pointsEarned: 0, balance: 0 });
    });

    describe("a guest's credit merged into a person before the person's own posting of the same request", () => {
      // The sweep posts a reopened request's ledgers one by one: staff merge the guest's name between two postings.
      const mergedFirst = async (credits: CreditLedger) => {
        const guest = unique('contract-team:g');
        const person = unique('person#p');
        const requestId = unique('r');
        const guestEntry = earning(guest, '2026-11-29T01:00:00.000Z', { requestId, minutes: 60, hours: 1, points: 0.25 });
        expect(await credits.post(guestEntry)).toBe('posted');
        expect((await credits.merge(guest, person, '2026-12-01T00:00:00.000Z')).moved).toBe(1);
        return { guest, person, requestId, own: earning(person, '2026-11-29T02:00:00.000Z', { requestId }) };
      };

      it("posts the person's own credit into the line the merge wrote, once", async () => {
        const { credits } = subjects();
        const { guest, person, requestId, own } = await mergedFirst(credits);
        expect(await credits.post(own)).toBe('posted');
        expect(await credits.post(own)).toBe('already-posted');
        expect(await credits.balance(person)).toMatchObject({ hours: 3, pointsEarned: 0.75, pointsSpent: 0, balance: 0.75 });
        expect(await credits.balance(guest)).toMatchObject({ hours: 0, pointsEarned: 0, balance: 0 });
        const standing = { volunteerKey: person, requestId, minutes: 180, hours: 3, points: 0.75 };
        expect(await credits.creditFor(person, requestId)).toMatchObject({ entry: standing, voided: false });
        expect((await credits.creditFor(guest, requestId))?.entry).toMatchObject(standing);
        expect((await credits.history(person)).map(({ kind, hours, points }) => ({ kind, hours, points }))).toEqual([
          { kind: 'earn', hours: 3, points: 0.75 },
        ]);
        // Voided whole afterwards, then a retry of the posting: posted already, nothing more.
        expect(await credits.void((await credits.earnedFor(person, requestId))!, 'upheld', '2026-12-02T00:00:00.000Z')).toBe('voided');
        expect(await credits.post(own)).toBe('already-posted');
        expect(await credits.balance(person)).toMatchObject({ hours: 0, pointsEarned: 0, balance: 0 });
      });

      it("posts nothing of the person's own when the merged-in credit was voided there: the request stands voided whole", async () => {
        const { credits } = subjects();
        const { person, requestId, own } = await mergedFirst(credits);
        expect(await credits.void((await credits.earnedFor(person, requestId))!, 'upheld', '2026-12-02T00:00:00.000Z')).toBe('voided');
        expect(await credits.post(own)).toBe('voided');
        expect(await credits.balance(person)).toMatchObject({ hours: 0, pointsEarned: 0, balance: 0 });
        expect(await credits.creditFor(person, requestId)).toMatchObject({ entry: { hours: 1, points: 0.25 }, voided: true });
      });

      it("posts nothing of the person's own into a line a guest's credit voided on the guest's ledger made", async () => {
        const { credits } = subjects();
        const guest = unique('contract-team:g');
        const person = unique('person#p');
        const requestId = unique('r');
        expect(await credits.post(earning(guest, '2026-11-29T01:00:00.000Z', { requestId, minutes: 60, hours: 1, points: 0.25 }))).toBe(
          'posted',
        );
        expect(await credits.void((await credits.earnedFor(guest, requestId))!, 'upheld', '2026-11-30T00:00:00.000Z')).toBe('voided');
        // The merge writes the person's line and void line together (voided whole there); the person's posting lands after.
        await credits.merge(guest, person, '2026-12-01T00:00:00.000Z');
        expect(await credits.post(earning(person, '2026-11-29T02:00:00.000Z', { requestId }))).toBe('voided');
        expect(await credits.balance(person)).toMatchObject({ hours: 0, pointsEarned: 0, balance: 0 });
        expect(await credits.creditFor(person, requestId)).toMatchObject({ entry: { hours: 1, points: 0.25 }, voided: true });
      });

      it("posts nothing of the person's own into a line a request marked voided since", async () => {
        const { credits, markVoided } = subjects();
        const { person, requestId, own } = await mergedFirst(credits);
        await markVoided(requestId);
        expect(await credits.post(own)).toBe('voided');
        expect(await credits.balance(person)).toMatchObject({ hours: 1, pointsEarned: 0.25, balance: 0.25 });
      });
    });

    describe('a merge while a complaint voids the request', () => {
      // void-credits marks the request, reads each ledger's credit, then voids each: the merge lands between those steps.
      const served = async (credits: CreditLedger, personServed = true) => {
        const guest = unique('contract-team:g');
        const person = unique('person#p');
        const requestId = unique('r');
        expect(await credits.post(earning(guest, '2026-11-29T01:00:00.000Z', { requestId }))).toBe('posted');
        if (personServed) expect(await credits.post(earning(person, '2026-11-29T01:00:00.000Z', { requestId }))).toBe('posted');
        return { guest, person, requestId };
      };
      const allVoided = async (credits: CreditLedger, guest: string, person: string, requestId: string, visits = 2) => {
        const standing = { minutes: 120 * visits, hours: 2 * visits, points: 0.5 * visits };
        expect(await credits.creditFor(person, requestId)).toMatchObject({ entry: standing, voided: true });
        expect(await credits.creditFor(guest, requestId)).toMatchObject({ entry: { volunteerKey: person }, voided: true });
        for (const key of [person, guest]) expect(await credits.balance(key)).toMatchObject({ hours: 0, pointsEarned: 0, balance: 0 });
        expect((await credits.history(person)).filter((line) => line.kind === 'void')).toMatchObject([
          { hours: standing.hours, points: standing.points },
        ]);
      };
      const at = '2026-12-01T00:00:00.000Z';

      it("moves the guest's credit voided into a person whose own credit of the request was voided", async () => {
        const { credits, markVoided } = subjects();
        const { guest, person, requestId } = await served(credits);
        await markVoided(requestId);
        expect(await voidStanding(credits, person, requestId, 'upheld', at)).toBe('voided');
        expect((await credits.merge(guest, person, at)).moved).toBe(1);
        expect(await voidStanding(credits, guest, requestId, 'upheld', at)).toBe('already-voided');
        await allVoided(credits, guest, person, requestId);
      });

      it("voids the person's own credit when the guest's voided credit moves in", async () => {
        const { credits, markVoided } = subjects();
        const { guest, person, requestId } = await served(credits);
        await markVoided(requestId);
        expect(await voidStanding(credits, guest, requestId, 'upheld', at)).toBe('voided');
        expect((await credits.merge(guest, person, at)).moved).toBe(2);
        expect(await voidStanding(credits, person, requestId, 'upheld', at)).toBe('already-voided');
        await allVoided(credits, guest, person, requestId);
      });

      it("moves the credit voided when the void read the guest's line before the merge and writes after it", async () => {
        const { credits, markVoided } = subjects();
        // The person did not serve the request: the void reads the guest's ledger alone.
        const { guest, person, requestId } = await served(credits, false);
        await markVoided(requestId);
        const read = (await credits.earnedFor(guest, requestId))!;
        expect((await credits.merge(guest, person, at)).moved).toBe(1);
        expect(await credits.void(read, 'upheld', at)).toBe('changed');
        expect(await voidStanding(credits, guest, requestId, 'upheld', at)).toBe('already-voided');
        await allVoided(credits, guest, person, requestId, 1);
      });
    });

    it('posts and adjusts nothing for a request marked voided', async () => {
      const { credits, markVoided } = subjects();
      const volunteer = unique('contract-team:v');
      const posted = earning(volunteer, '2026-11-29T01:00:00.000Z');
      const late = earning(volunteer, '2026-11-29T02:00:00.000Z');
      expect(await credits.post(posted)).toBe('posted');
      await markVoided(posted.requestId);
      await markVoided(late.requestId);
      expect(await credits.post(late)).toBe('voided');
      const change = { volunteerKey: volunteer, requestId: posted.requestId, teamId: 'contract-team', seq: 1, minutes: 60, hours: 1 };
      expect(await credits.adjust({ ...change, points: 0.25, at: late.at, reason: 'corrected', by: 'staff-1' })).toBe('voided');
      expect(await credits.creditFor(volunteer, late.requestId)).toBeUndefined();
      expect((await credits.creditFor(volunteer, posted.requestId))!.entry).toMatchObject({ minutes: 120, hours: 2 });
      expect(await credits.balance(volunteer)).toMatchObject({ hours: 2, pointsEarned: 0.5, balance: 0.5 });
    });

    it('spends points only from a balance that holds them, each pickup code once', async () => {
      const { credits } = subjects();
      const volunteer = unique('contract-team:v');
      const redemption = (points: number, pickupCode: string): Redemption => ({
        volunteerKey: volunteer,
        points,
        item: 'soap',
        pickupCode,
        at: '2026-11-30T01:00:00.000Z',
        by: { id: 'staff-1', name: 'station@paidan.local' },
        stationAreaId: '370902003009',
      });
      const code = unique('CODE');
      expect(await credits.redeem(redemption(1, code))).toBe('insufficient');
      await credits.post(earning(volunteer, '2026-11-29T01:00:00.000Z', { hours: 8, points: 2 }));
      expect(await credits.redeem(redemption(3, code))).toBe('insufficient');
      expect(await credits.redeem(redemption(1, code))).toBe('redeemed');
      expect(await credits.redeem(redemption(0.5, code))).toBe('code-taken');
      expect(await credits.balance(volunteer)).toMatchObject({ pointsEarned: 2, pointsSpent: 1, balance: 1 });
      expect(await credits.findRedemption(code)).toEqual(redemption(1, code));
      expect(await credits.findRedemption(unique('CODE'))).toBeUndefined();
      expect((await credits.history(volunteer)).map((l) => l.kind)).toEqual(['earn', 'spend']);
    });

    it('merges two name ledgers into one person, every hour and point once, however often and concurrently', async () => {
      const { credits } = subjects();
      /** A guest's ledger: earnings on requests from a small pool (so the two guests share some), some points spent. */
      const ledger = fc.record({
        earnings: fc.uniqueArray(fc.record({ request: fc.integer({ min: 0, max: 5 }), halfHours: fc.integer({ min: 1, max: 16 }) }), {
          selector: (e) => e.request,
          maxLength: 5,
        }),
        spendQuarters: fc.integer({ min: 0, max: 8 }),
      });
      // A complaint voids a request whole: every ledger's credit of it (a merge voids what moves into a voided one).
      const voids = fc.array(fc.boolean(), { minLength: 6, maxLength: 6 });
      await fc.assert(
        fc.asyncProperty(ledger, ledger, voids, fc.boolean(), async (a, b, voided, concurrent) => {
          const run = unique('m');
          const person = `person#${run}`;
          const guests = [`merge-team:${run}-a`, `merge-team:${run}-b`];
          const totals = { hours: 0, pointsEarned: 0, pointsSpent: 0, balance: 0 };
          for (const [i, guest] of guests.entries()) {
            const { earnings, spendQuarters } = [a, b][i]!;
            for (const [j, e] of earnings.entries()) {
              const entry = earning(guest, `2026-11-0${j + 1}T01:00:00.000Z`, {
                requestId: `${run}-r${e.request}`,
                hours: e.halfHours / 2,
                points: e.halfHours / 8,
              });
              await credits.post(entry);
              if (voided[e.request]) await credits.void(entry, 'upheld', `2026-11-0${j + 1}T02:00:00.000Z`);
            }
            const before = await credits.balance(guest);
            if (spendQuarters > 0 && before.balance >= spendQuarters / 4) {
              await credits.redeem({
                volunteerKey: guest,
                points: spendQuarters / 4,
                item: 'soap',
                pickupCode: unique('P').toUpperCase(),
                at: '2026-11-20T01:00:00.000Z',
                by: { id: 's', name: 's' },
                stationAreaId: '370902003009',
              });
            }
            const after = await credits.balance(guest);
            for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += after[k];
          }
          const merges = guests.flatMap((g) => [g, g]).map((g) => () => credits.merge(g, person, '2026-12-01T00:00:00.000Z'));
          const results = concurrent ? await Promise.all(merges.map((m) => m())) : await sequentially(merges);
          const lines = (await Promise.all(guests.map((g) => credits.history(g)))).flat();
          expect(lines).toEqual([]);
          const merged = await credits.balance(person);
          for (const k of Object.keys(totals) as (keyof typeof totals)[]) expect(merged[k]).toBeCloseTo(totals[k], 9);
          for (const g of guests) expect(await credits.balance(g)).toMatchObject({ hours: 0, balance: 0, pointsEarned: 0, pointsSpent: 0 });
          const earned = (await credits.history(person)).filter((l) => l.kind === 'earn');
          expect(new Set(earned.map((l) => l.requestId)).size).toBe(earned.length);
          expect(results.reduce((n, r) => n + r.moved, 0)).toBeGreaterThanOrEqual(0);
          // Run again: nothing left to move.
          expect((await credits.merge(guests[0]!, person, '2026-12-02T00:00:00.000Z')).moved).toBe(0);
        }),
        { numRuns: mergeRuns },
      );
    }, 240_000);

    it('keeps the rules item with a version: a save from an old version is refused', async () => {
      const { credits } = subjects();
      const { version } = await credits.storedRules();
      const change = { expectedVersion: version, at: '2026-11-29T08:00:00.000Z', by: 'center-admin@paidan.local' };
      expect(await credits.saveRules({ hoursPerPoint: 2 }, change)).toBe(true);
      expect(await credits.saveRules({ hoursPerPoint: 3 }, change)).toBe(false);
      expect(await credits.storedRules()).toMatchObject({ values: { hoursPerPoint: 2 }, version: version + 1, updatedBy: change.by });
      expect(await credits.rules()).toEqual({ hoursPerPoint: 2, maxHoursPerActivity: 8 });
    });

    it("credits an area by each rule of the nearest that sets it: its own, its ancestors', the deployment's, the default", async () => {
      const { credits } = subjects();
      // A county of its own for this run, so runs sharing a table never meet.
      const county = `37${String(Math.floor(Math.random() * 9000) + 1000)}`;
      const [street, community, other] = [`${county}001`, `${county}001005`, `${county}002001`];
      const at = '2026-12-05T08:00:00.000Z';
      const deployment = await credits.rules();
      expect(await credits.rules(community)).toEqual(deployment);
      expect(await credits.saveRules({ hoursPerPoint: 1, maxHoursPerActivity: 2 }, { expectedVersion: 0, at, by: 'city' }, county)).toBe(
        true,
      );
      expect(await credits.saveRules({ hoursPerPoint: 4 }, { expectedVersion: 0, at, by: 'station' }, street)).toBe(true);
      // Each area's item has a version of its own.
      expect(await credits.saveRules({ hoursPerPoint: 5 }, { expectedVersion: 0, at, by: 'late' }, street)).toBe(false);
      // The street sets the hours per point; the cap is still the county's.
      expect(await credits.rules(community)).toEqual({ hoursPerPoint: 4, maxHoursPerActivity: 2 });
      expect(await credits.rules(other)).toEqual({ hoursPerPoint: 1, maxHoursPerActivity: 2 });
      expect(await credits.storedRules(street)).toMatchObject({ values: { hoursPerPoint: 4 }, version: 1, updatedBy: 'station' });
      expect(await credits.storedRules(community)).toEqual({ values: {}, version: 0 });
      expect((await credits.storedRulesInLineage(community)).map((l) => [l.areaId, l.values])).toEqual([
        [street, { hoursPerPoint: 4 }],
        [county, { hoursPerPoint: 1, maxHoursPerActivity: 2 }],
        ...(await credits.storedRulesInLineage()).map((l) => [undefined, l.values]),
      ]);

      // The county keeps only its cap: the hours per point come from the deployment's rules.
      expect(await credits.saveRules({ maxHoursPerActivity: 2 }, { expectedVersion: 1, at, by: 'city' }, county)).toBe(true);
      expect(await credits.rules(other)).toEqual({ ...deployment, maxHoursPerActivity: 2 });
      // The street's last rule cleared: its item sets nothing and hides nothing above it.
      expect(await credits.saveRules({}, { expectedVersion: 1, at, by: 'station' }, street)).toBe(true);
      expect(await credits.rules(community)).toEqual({ ...deployment, maxHoursPerActivity: 2 });
      expect(await credits.storedRules(street)).toMatchObject({ values: {}, version: 2 });
      expect(await credits.rules()).toEqual(deployment);
    });
  });
}

async function sequentially<T>(steps: readonly (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = [];
  for (const step of steps) out.push(await step());
  return out;
}
