import { describe, expect, it } from 'vitest';
import {
  applyCreditRulesChange,
  checkStoredCreditRules,
  creditRulesInForce,
  creditsFor,
  defaultCreditRules,
  InvalidCreditRulesError,
  newPickupCode,
  pickupCodePattern,
  parseCreditRulesChange,
  pickupCodeSchema,
  pointsFor,
} from '#shared/domain/credit';
import { ValidationError } from '#shared/domain/errors';
import type { ServiceRequest } from '#shared/domain/service-request';

const closed = (minutes: number) =>
  ({
    id: 'r1',
    status: 'CLOSED',
    assignedTeam: { id: 'team', name: 'T' },
    completion: { completedAt: 't', hours: [{ volunteer: 'a', minutes }] },
  }) as unknown as ServiceRequest;

describe('stored credit rules: overrides of the defaults', () => {
  it('keep the default of every rule the stored item leaves out (no NaN cap from a partial item)', () => {
    expect(creditRulesInForce({})).toEqual(defaultCreditRules);
    expect(creditRulesInForce({ hoursPerPoint: 1 })).toEqual({ hoursPerPoint: 1, maxHoursPerActivity: 8 });
    expect(creditRulesInForce({ maxHoursPerActivity: 2 })).toEqual({ hoursPerPoint: 4, maxHoursPerActivity: 2 });
    const rules = creditRulesInForce({ hoursPerPoint: 1 });
    expect(creditsFor(closed(600), rules, 'now')[0]).toMatchObject({ hours: 8, points: 8 });
  });

  it('name each stored value that does not validate, and credit nothing with them', () => {
    const check = (values: Record<string, unknown>) => checkStoredCreditRules(values);
    expect(check({ hoursPerPoint: '4' })).toEqual({ issues: [{ field: 'hoursPerPoint', message: 'A number of hours' }] });
    expect(check({ maxHoursPerActivity: 0 })).toMatchObject({ issues: [{ field: 'maxHoursPerActivity' }] });
    expect(check({ maxHoursPerActivity: 1.2 })).toMatchObject({
      issues: [{ field: 'maxHoursPerActivity', message: 'In steps of 0.5 hours' }],
    });
    expect(check({ hoursPerPoint: Number.NaN })).toMatchObject({ issues: [{ field: 'hoursPerPoint' }] });
    expect(check({ hoursPerpoint: 2 })).toEqual({ issues: [{ field: 'hoursPerpoint', message: 'Unknown field' }] });
    expect(() => creditRulesInForce({ hoursPerPoint: -1 })).toThrow(InvalidCreditRulesError);
    expect(() => creditRulesInForce({ hoursPerPoint: -1 })).toThrow(/hoursPerPoint/);
  });

  it('never let creditsFor put NaN or Infinity on the ledger, whatever rules it is handed', () => {
    expect(() => creditsFor(closed(60), { hoursPerPoint: 4, maxHoursPerActivity: undefined as unknown as number }, 'now')).toThrow(
      InvalidCreditRulesError,
    );
    expect(() => creditsFor(closed(60), { hoursPerPoint: 0, maxHoursPerActivity: 8 }, 'now')).toThrow(InvalidCreditRulesError);
  });

  it('accept the rules cities use: 4 h, 1 h or half an hour a point, 2 or 8 hours a visit', () => {
    for (const hoursPerPoint of [4, 1, 0.5])
      for (const maxHoursPerActivity of [2, 8])
        expect(creditRulesInForce({ hoursPerPoint, maxHoursPerActivity })).toEqual({ hoursPerPoint, maxHoursPerActivity });
  });
});

describe('a change to the credit rules', () => {
  it('sets what it names, returns a rule to its default with null, and keeps the rest', () => {
    const stored = { hoursPerPoint: 2, maxHoursPerActivity: 4 };
    expect(applyCreditRulesChange(stored, { hoursPerPoint: 1 })).toEqual({ hoursPerPoint: 1, maxHoursPerActivity: 4 });
    expect(applyCreditRulesChange(stored, { maxHoursPerActivity: null })).toEqual({ hoursPerPoint: 2 });
    expect(stored).toEqual({ hoursPerPoint: 2, maxHoursPerActivity: 4 });
  });

  it('is refused empty, with unknown fields, or out of bounds, naming the field', () => {
    const issues = (body: unknown) => {
      try {
        parseCreditRulesChange(body);
        return [];
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return (error as ValidationError).issues;
      }
    };
    expect(issues({})).toMatchObject([{ field: '(body)', message: expect.stringMatching(/hoursPerPoint or maxHoursPerActivity/) }]);
    expect(issues(undefined)).toMatchObject([{ field: '(body)' }]);
    expect(issues({ pointsPerHour: 1 })).toEqual([{ field: 'pointsPerHour', message: 'Unknown field' }]);
    expect(issues({ hoursPerPoint: 0, maxHoursPerActivity: 25 })).toEqual([
      { field: 'hoursPerPoint', message: 'At least 0.25 (a point per quarter hour)' },
      { field: 'maxHoursPerActivity', message: 'At most 24' },
    ]);
    expect(issues({ hoursPerPoint: '2' })).toEqual([{ field: 'hoursPerPoint', message: 'A number of hours' }]);
    expect(issues({ hoursPerPoint: null })).toEqual([]);
    expect(parseCreditRulesChange({ hoursPerPoint: 2 })).toEqual({ hoursPerPoint: 2 });
    // A point per 3 hours would leave 0.9999 for three hours: refused as a new value, still read when stored.
    // The refusal names every value allowed, so the admin need not guess.
    const allowed = [0.25, 0.5, 1, 1.25, 2, 2.5, 4, 5, 6.25, 8, 10, 12.5, 20, 25, 31.25, 40, 50, 62.5, 100];
    for (const hoursPerPoint of [3, 1.5, 0.75, 6, 7.5, 99.75])
      expect(issues({ hoursPerPoint }), String(hoursPerPoint)).toEqual([
        {
          field: 'hoursPerPoint',
          message: `One of ${allowed.join(', ')}: only for these is half an hour an exact number of points in the ledger's 4 decimals (not for 0.75, 1.5, 3 or 6, which make thirds)`,
        },
      ]);
    for (const hoursPerPoint of allowed) {
      expect(issues({ hoursPerPoint }), String(hoursPerPoint)).toEqual([]);
      // Exact indeed: half an hour's points, to 4 decimals, are exactly half an hour's worth.
      expect(pointsFor(0.5, { hoursPerPoint }) * 2 * hoursPerPoint, String(hoursPerPoint)).toBeCloseTo(1, 12);
    }
    expect(pointsFor(0.5, { hoursPerPoint: 3 }) * 2 * 3).not.toBeCloseTo(1, 12);
    expect(checkStoredCreditRules({ hoursPerPoint: 3 })).toEqual({ overrides: { hoursPerPoint: 3 } });
  });
});

describe('pickup codes', () => {
  it('are eight characters without 0, O, 1 or I', () => {
    for (let i = 0; i < 200; i++) expect(newPickupCode()).toMatch(pickupCodePattern);
  });

  it('are read as typed at the counter: lower case, spaces and hyphens; anything else is refused', () => {
    expect(pickupCodeSchema.parse(' abcd-ef23 ')).toBe('ABCDEF23');
    expect(pickupCodeSchema.safeParse('ABCDEF2O').success).toBe(false);
    expect(pickupCodeSchema.safeParse('ABCDEF2').success).toBe(false);
    expect(pickupCodeSchema.safeParse('A'.repeat(300)).success).toBe(false);
  });
});
