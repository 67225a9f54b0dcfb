import { describe, expect, it } from 'vitest';
import type { CreditRules } from '#shared/domain/credit';
import { talliesOf } from '#shared/use-cases/tally-facts';
import { submittedFact } from '../../support/submitted-fact';

describe('the tallies of facts', () => {
  it('prices a correction by the area’s credit rules, also when it took every volunteer off', async () => {
    const asked: string[] = [];
    const rules: CreditRules = { hoursPerPoint: 2, maxHoursPerActivity: 8 };
    const deps = {
      catalog: { getService: async () => undefined },
      credits: { rules: async (areaId: string) => (asked.push(areaId), rules) },
    };
    const closed = submittedFact('r1', '2026-12-06');
    const corrected = {
      ...closed,
      version: 8,
      from: 'CLOSED' as const,
      to: 'CLOSED' as const,
      volunteers: [],
      volunteersBefore: [{ minutes: 180, hours: 3 }],
    };
    const [tally] = await talliesOf(deps, [corrected]);
    expect(tally!.counts).toEqual({ volunteers: -1, volunteerMinutes: -180, volunteerHours: -3, points: -1.5 });
    expect(asked).toEqual([closed.areaId]);
  });

  it('prices a close by the rules its request kept, as the ledger does, not by the area’s rules since (rev61 finding 2)', async () => {
    const asked: string[] = [];
    const deps = {
      catalog: { getService: async () => undefined },
      // The area's rules changed after the completion: 1 h a point, at most 4 h.
      credits: { rules: async (areaId: string) => (asked.push(areaId), { hoursPerPoint: 1, maxHoursPerActivity: 4 }) },
    };
    const closed = {
      ...submittedFact('r1', '2026-12-06'),
      version: 9,
      from: 'COMPLETED' as const,
      to: 'CLOSED' as const,
      volunteers: [{ minutes: 360, hours: 6 }],
    };
    // Kept 4/8: 6 h and 1.5 points, as the ledger credits; the area's rules are not read.
    const [kept] = await talliesOf(deps, [{ ...closed, creditRules: '4/8' }]);
    expect(kept!.counts).toMatchObject({ volunteers: 1, volunteerMinutes: 360, volunteerHours: 6, points: 1.5 });
    expect(asked).toEqual([]);
    // None kept, or kept rules garbled by hand: the area's rules (4 h capped, 4 points).
    for (const fact of [closed, { ...closed, creditRules: '4/' }]) {
      const [tally] = await talliesOf(deps, [fact]);
      expect(tally!.counts).toMatchObject({ volunteerHours: 4, points: 4 });
    }
  });
});
