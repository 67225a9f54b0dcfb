import { describe, expect, it } from 'vitest';
import { creditsFor, defaultCreditRules, roundServiceHours } from '#shared/domain/credit';
import type { ServiceRequest } from '#shared/domain/service-request';

describe('roundServiceHours (the common national rule)', () => {
  it('counts up to 15 minutes as 0, over 15 to 45 as half an hour, over 45 as a whole hour, per started hour', () => {
    expect([0, 15, 16, 45, 46, 60, 75, 76, 105, 106, 125].map(roundServiceHours)).toEqual([0, 0, 0.5, 0.5, 1, 1, 1, 1.5, 1.5, 2, 2]);
  });
});

describe('creditsFor', () => {
  const closed = (hours: Array<{ volunteer: string; minutes: number }>) =>
    ({
      id: 'r1',
      status: 'CLOSED',
      assignedTeam: { id: 'team', name: 'T' },
      completion: { completedAt: 't', hours },
    }) as unknown as ServiceRequest;

  it('rounds each record, sums them per volunteer, caps per activity and turns hours into points (4 h = 1 point)', () => {
    const entries = creditsFor(
      closed([
        { volunteer: '小李', minutes: 50 },
        { volunteer: '小李', minutes: 20 },
        { volunteer: 'v-9', minutes: 600 },
      ]),
      defaultCreditRules,
      'now',
    );
    expect(entries).toEqual([
      { volunteerKey: 'team:小李', requestId: 'r1', teamId: 'team', minutes: 70, hours: 1.5, points: 0.375, at: 'now' },
      { volunteerKey: 'team:v-9', requestId: 'r1', teamId: 'team', minutes: 600, hours: 8, points: 2, at: 'now' },
    ]);
  });

  it('follows the deployment’s rules', () => {
    expect(creditsFor(closed([{ volunteer: 'a', minutes: 300 }]), { hoursPerPoint: 1, maxHoursPerActivity: 2 }, 'now')[0]).toMatchObject({
      hours: 2,
      points: 2,
    });
  });

  it('keeps points to 4 decimals, so short services add up: eight half hours at 4 h a point are 1 point', () => {
    const [entry] = creditsFor(closed([{ volunteer: 'a', minutes: 30 }]), defaultCreditRules, 'now');
    expect(entry!.points).toBe(0.125);
    expect(8 * entry!.points).toBe(1);
    expect(creditsFor(closed([{ volunteer: 'a', minutes: 30 }]), { hoursPerPoint: 3, maxHoursPerActivity: 8 }, 'now')[0]!.points).toBe(
      0.1667,
    );
  });

  it('credits every visit of a reopened request: capped per visit, summed per ledger, a guest by the team of their visit', () => {
    const reopened = {
      ...closed([
        { volunteer: '小李', minutes: 300 },
        { volunteer: '李四', minutes: 60 },
      ]),
      earlierCompletions: [
        { completedAt: 't0', team: { id: 'first', name: 'F' }, hours: [{ volunteer: '张三', minutes: 120 }] },
        { completedAt: 't1', team: { id: 'team', name: 'T' }, hours: [{ volunteer: '小李', minutes: 300 }] },
        // A volunteer's own claim of a wish: their person ledger, without a team.
        { completedAt: 't2', hours: [{ volunteer: '王五', volunteerId: 'p1', minutes: 30 }] },
      ],
    } as ServiceRequest;
    expect(creditsFor(reopened, { hoursPerPoint: 1, maxHoursPerActivity: 4 }, 'now')).toEqual([
      { volunteerKey: 'first:张三', requestId: 'r1', teamId: 'first', minutes: 120, hours: 2, points: 2, at: 'now' },
      { volunteerKey: 'team:小李', requestId: 'r1', teamId: 'team', minutes: 600, hours: 8, points: 8, at: 'now' },
      { volunteerKey: 'person#p1', requestId: 'r1', minutes: 30, hours: 0.5, points: 0.5, at: 'now' },
      { volunteerKey: 'team:李四', requestId: 'r1', teamId: 'team', minutes: 60, hours: 1, points: 1, at: 'now' },
    ]);
  });

  it('credits nothing before the request is closed', () => {
    expect(creditsFor({ ...closed([{ volunteer: 'a', minutes: 60 }]), status: 'COMPLETED' }, defaultCreditRules, 'now')).toEqual([]);
  });
});
