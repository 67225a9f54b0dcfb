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
});
