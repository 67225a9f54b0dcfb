/**
 * The rules of a request posted before requests kept them, read back from its ledger lines
 * (shared/domain/credit-rules-of-request.ts): as far as the lines show them, else those in force.
 */
import { describe, expect, it } from 'vitest';
import { recoveredCreditRules } from '#shared/domain/credit-rules-of-request';
import type { ServiceRequest } from '#shared/domain/service-request';

/** Closed after one visit by team `t`: guest `a` served `minutes`. */
const closed = (minutes: number) =>
  ({
    id: 'r1',
    status: 'CLOSED',
    assignedTeam: { id: 't', name: 'T' },
    completion: { completedAt: 't', hours: [{ volunteer: 'a', minutes }] },
  }) as unknown as ServiceRequest;
const now = { hoursPerPoint: 4, maxHoursPerActivity: 8 };
const recovered = (minutes: number, line: { hours: number; points: number }) =>
  recoveredCreditRules(closed(minutes), new Map([['t:a', line]]), now).rules;

describe('the rules a request posted without them was priced by', () => {
  it('read hours a point from a line, and a cap that bound it', () => {
    // 5 h served, 3 credited at 2 h a point: 1.5 points.
    expect(recovered(300, { hours: 3, points: 1.5 })).toEqual({ hoursPerPoint: 2, maxHoursPerActivity: 3 });
  });

  it('keep the cap in force when it did not bind, raised to the hours a visit was credited in full', () => {
    expect(recovered(120, { hours: 2, points: 2 })).toEqual({ hoursPerPoint: 1, maxHoursPerActivity: 8 });
    expect(recoveredCreditRules(closed(600), new Map([['t:a', { hours: 10, points: 2.5 }]]), { ...now, maxHoursPerActivity: 2 })).toEqual({
      rules: { hoursPerPoint: 4, maxHoursPerActivity: 10 },
      keep: true,
    });
  });

  it('take those in force for what no line shows (no hours, or points no allowed rule gives)', () => {
    expect(recovered(10, { hours: 0, points: 0 })).toEqual(now);
    expect(recoveredCreditRules(closed(60), new Map(), now)).toEqual({ rules: now, keep: true });
    // 1 h for 0.3 points: no quarter-hour rule prices it so.
    expect(recovered(60, { hours: 1, points: 0.3 })).toEqual(now);
  });

  it('take only hours a point a change may set: a line posted by one rule and adjusted by another is priced by those in force, not kept (rev61 finding 3)', () => {
    // Posted 2 h at 4 h a point (0.5), corrected +1 h at 2 h a point (+0.5): 3 h for 1 point, a rule never in force.
    expect(recoveredCreditRules(closed(180), new Map([['t:a', { hours: 3, points: 1 }]]), now)).toEqual({ rules: now, keep: false });
    // Points no rule gives are no rule shown either.
    expect(recoveredCreditRules(closed(60), new Map([['t:a', { hours: 1, points: 0.3 }]]), now).keep).toBe(false);
    // A value a change may set is read and kept.
    expect(recoveredCreditRules(closed(120), new Map([['t:a', { hours: 2, points: 0.4 }]]), now)).toEqual({
      rules: { hoursPerPoint: 5, maxHoursPerActivity: 8 },
      keep: true,
    });
  });
});
