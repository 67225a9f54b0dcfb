import { describe, expect, it } from 'vitest';
import { defaultCreditRules } from '#shared/domain/credit';
import type { RequestFact } from '#shared/domain/request-fact';
import {
  acceptBucketNames,
  bucketOf,
  gini,
  kpisOf,
  mean,
  percentileFromHistogram,
  rate,
  recruitmentHint,
  sumCounts,
  tallyOf,
  teamFairness,
} from '#shared/domain/stats';
import { addDays, daysInPeriod, statsDay } from '#shared/domain/stats-calendar';

const base: RequestFact = {
  requestId: 'r1',
  version: 1,
  at: '2026-11-29T02:00:00.000Z',
  to: 'SUBMITTED',
  serviceCode: 'appliance-repair',
  areaId: '370902003009',
  urgency: 'normal',
  channel: 'api',
  createdAt: '2026-11-29T02:00:00.000Z',
  clockStart: '2026-11-29T02:00:00.000Z',
};
const at = (minutes: number) => new Date(Date.parse(base.createdAt) + minutes * 60_000).toISOString();
const context = { slaHours: 120, creditRules: defaultCreditRules };
const offer = (offeredAtMinute: number, windowMinutes = 240, number = 1) => ({
  offeredAt: at(offeredAtMinute),
  deadline: at(offeredAtMinute + windowMinutes),
  number,
});

describe('days and periods', () => {
  it('counts a fact on its Shanghai calendar day', () => {
    expect(statsDay('2026-11-28T15:59:59.999Z')).toBe('2026-11-28');
    expect(statsDay('2026-11-28T16:00:00.000Z')).toBe('2026-11-29');
    expect(statsDay(new Date('2026-12-31T20:00:00.000Z'))).toBe('2027-01-01');
  });

  it('moves days across months and counts a period with both ends', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-11-29', -29)).toBe('2026-10-31');
    expect(daysInPeriod('2026-10-31', '2026-11-29')).toBe(30);
    expect(daysInPeriod('2026-11-29', '2026-11-29')).toBe(1);
  });
});

describe('tallyOf', () => {
  it('counts a new request once, and nothing for a change that moves no counter', () => {
    expect(tallyOf(base, context)).toEqual({ counts: { requests: 1 } });
    expect(tallyOf({ ...base, version: 2, from: 'SUBMITTED', to: 'WAITING' }, context)).toEqual({ counts: {} });
  });

  it('counts an offer for the request and the team, and the first offer as dispatched', () => {
    const first = tallyOf({ ...base, version: 2, from: 'SUBMITTED', to: 'OFFERED', teamId: 'ruidi', offer: offer(0) }, context);
    expect(first).toEqual({ counts: { offers: 1, dispatched: 1 }, team: { teamId: 'ruidi', counts: { offers: 1 } } });
    const second = tallyOf({ ...base, version: 4, from: 'WAITING', to: 'OFFERED', teamId: 'b', offer: offer(30, 240, 2) }, context);
    expect(second.counts).toEqual({ offers: 1 });
    const afterReopen = tallyOf(
      { ...base, version: 9, from: 'WAITING', to: 'OFFERED', teamId: 'b', offer: offer(3000), clockStart: at(2990) },
      context,
    );
    expect(afterReopen.counts).toEqual({ offers: 1 });
  });

  it('counts an acceptance on time within the offer’s window from submission, late after declines', () => {
    const onTime = tallyOf({ ...base, version: 3, at: at(20), from: 'OFFERED', to: 'ACCEPTED', teamId: 'ruidi', offer: offer(0) }, context);
    expect(onTime.counts).toEqual({
      accepted: 1,
      acceptedOnTime: 1,
      acceptMinutes: 20,
      [acceptBucketNames[5]!]: 1,
      acceptM05: 20,
      acceptMCount: 1,
    });
    expect(onTime.team).toEqual({ teamId: 'ruidi', counts: { accepted: 1 } });
    // The third offer, made 5 h in, accepted at once: within its own deadline, not within 4 h of submission.
    const late = tallyOf(
      { ...base, version: 8, at: at(301), from: 'OFFERED', to: 'ACCEPTED', teamId: 'c', offer: offer(300, 240, 3) },
      context,
    );
    expect(late.counts).toEqual({ accepted: 1, acceptMinutes: 301, [acceptBucketNames[9]!]: 1, acceptM09: 301, acceptMCount: 1 });
  });

  it('counts a completion on time within the service’s slaHours of submission', () => {
    const fact = { ...base, version: 4, from: 'ACCEPTED' as const, to: 'COMPLETED' as const, teamId: 'ruidi' };
    expect(tallyOf({ ...fact, at: at(120 * 60) }, context).counts).toMatchObject({
      completed: 1,
      completedOnTime: 1,
      completeMinutes: 7200,
    });
    expect(tallyOf({ ...fact, at: at(120 * 60 + 1) }, context).counts.completedOnTime).toBeUndefined();
    expect(tallyOf({ ...fact, at: at(7 * 24 * 60) }, { creditRules: defaultCreditRules }).counts.completedOnTime).toBe(1);
  });

  it('counts a decline by its reason, a lapse apart, for the request and the team', () => {
    const declined = tallyOf(
      { ...base, version: 3, from: 'OFFERED', to: 'WAITING', teamId: 'a', release: { cause: 'declined', reason: 'out-of-area' } },
      context,
    );
    expect(declined).toEqual({ counts: { declined: 1, declinedOutOfArea: 1 }, team: { teamId: 'a', counts: { declined: 1 } } });
    const unknownReason = tallyOf(
      { ...base, version: 3, from: 'OFFERED', to: 'WAITING', teamId: 'a', release: { cause: 'declined' } },
      context,
    );
    expect(unknownReason.counts).toEqual({ declined: 1 });
    const lapsedToCenter = tallyOf(
      { ...base, version: 7, from: 'OFFERED', to: 'ESCALATED', teamId: 'a', release: { cause: 'timeout' } },
      context,
    );
    expect(lapsedToCenter).toEqual({ counts: { escalated: 1, lapsed: 1 }, team: { teamId: 'a', counts: { lapsed: 1 } } });
  });

  it('counts stars and volunteers’ hours capped per activity, and points by the rules', () => {
    const closed = tallyOf(
      {
        ...base,
        version: 6,
        from: 'COMPLETED',
        to: 'CLOSED',
        teamId: 'a',
        stars: 5,
        volunteers: [
          { minutes: 130, hours: 2 },
          { minutes: 600, hours: 10 },
        ],
      },
      { creditRules: { hoursPerPoint: 4, maxHoursPerActivity: 8 } },
    );
    expect(closed.counts).toEqual({
      closed: 1,
      rated: 1,
      starsTotal: 5,
      stars5: 1,
      volunteers: 2,
      volunteerMinutes: 730,
      volunteerHours: 10,
      points: 2.5,
    });
    expect(closed.team).toBeUndefined();
  });

  it('counts a correction of a settled request’s hours as the difference, the cap applied to both sides', () => {
    const rules = { creditRules: { hoursPerPoint: 4, maxHoursPerActivity: 8 } };
    const closed = {
      ...base,
      version: 6,
      from: 'COMPLETED' as const,
      to: 'CLOSED' as const,
      volunteers: [
        { minutes: 120, hours: 2 },
        { minutes: 600, hours: 10 },
      ],
    };
    // 2 h → 4 h, 10 h (8 counted) → 9 h (still 8 counted), and a third volunteer of 1 h added.
    const corrected = {
      ...base,
      version: 7,
      from: 'CLOSED' as const,
      to: 'CLOSED' as const,
      volunteers: [
        { minutes: 240, hours: 4 },
        { minutes: 540, hours: 9 },
        { minutes: 60, hours: 1 },
      ],
      volunteersBefore: closed.volunteers,
    };
    const change = tallyOf(corrected, rules);
    expect(change).toEqual({ counts: { volunteers: 1, volunteerMinutes: 120, volunteerHours: 3, points: 0.75 } });
    const summed = sumCounts([tallyOf(closed, rules).counts, change.counts]);
    expect(kpisOf(summed).volunteers).toEqual({ people: 3, minutes: 840, hours: 13, points: 3.25 });
    // Down: one taken off, the other's hours lowered; nothing else is counted again.
    const down = tallyOf(
      { ...corrected, version: 8, volunteers: [{ minutes: 30, hours: 0.5 }], volunteersBefore: corrected.volunteers },
      rules,
    );
    expect(down.counts).toEqual({ volunteers: -2, volunteerMinutes: -810, volunteerHours: -12.5, points: -3.125 });
    expect(kpisOf(sumCounts([summed, down.counts])).volunteers).toEqual({ people: 1, minutes: 30, hours: 0.5, points: 0.13 });
  });

  it('counts the points of short services to 4 decimals, so they add up: eight half hours at 4 h a point are 1 point', () => {
    const halfHour = (version: number) =>
      tallyOf(
        { ...base, version, from: 'COMPLETED', to: 'CLOSED', volunteers: [{ minutes: 30, hours: 0.5 }] },
        { creditRules: { hoursPerPoint: 4, maxHoursPerActivity: 8 } },
      ).counts;
    const summed = sumCounts(Array.from({ length: 8 }, (_, i) => halfHour(i + 6)));
    expect(summed).toMatchObject({ volunteerHours: 4, points: 1 });
    expect(kpisOf(summed).volunteers).toEqual({ people: 8, minutes: 240, hours: 4, points: 1 });
  });

  it('counts the ends: expired, cancelled, rejected, reopened', () => {
    expect(tallyOf({ ...base, version: 5, from: 'ESCALATED', to: 'EXPIRED' }, context).counts).toEqual({ expired: 1 });
    expect(tallyOf({ ...base, version: 2, from: 'SUBMITTED', to: 'CANCELLED' }, context).counts).toEqual({ cancelled: 1 });
    expect(tallyOf({ ...base, version: 2, from: 'WAITING', to: 'REJECTED' }, context).counts).toEqual({ rejected: 1 });
    // Rejected while with the center: unmet demand too (`kpisOf`), since nothing there expires by itself.
    const withCenter = tallyOf({ ...base, version: 2, from: 'ESCALATED', to: 'REJECTED' }, context).counts;
    expect(withCenter).toEqual({ rejectedEscalated: 1 });
    expect(kpisOf(withCenter)).toMatchObject({ rejected: 1, expired: 0, unmet: 1 });
    expect(tallyOf({ ...base, version: 6, from: 'COMPLETED', to: 'WAITING', teamId: 'a' }, context)).toEqual({ counts: { reopened: 1 } });
  });
});

describe('the arithmetic of the KPIs', () => {
  it('divides only by something', () => {
    expect(rate(1, 3)).toBe(0.3333);
    expect(rate(0, 0)).toBeNull();
    expect(mean(10, 4)).toBe(2.5);
    expect(mean(5, 0)).toBeNull();
  });

  it('puts a duration in the first bucket whose bound it does not exceed', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(1)).toBe(0);
    expect(bucketOf(1.5)).toBe(1);
    expect(bucketOf(240)).toBe(8);
    expect(bucketOf(10080)).toBe(12);
    expect(bucketOf(10081)).toBe(13);
  });

  it('estimates percentiles inside the bucket they fall in', () => {
    const buckets = Array<number>(14).fill(0);
    expect(percentileFromHistogram(buckets, 0.9)).toBeNull();
    buckets[6] = 10; // ten durations in (30, 60]
    expect(percentileFromHistogram(buckets, 0.5)).toBe(45);
    expect(percentileFromHistogram(buckets, 0.9)).toBe(57);
    buckets[13] = 90; // and ninety longer than a week
    expect(percentileFromHistogram(buckets, 0.05)).toBe(45);
    expect(percentileFromHistogram(buckets, 0.9)).toBe(10080);
  });

  it('measures inequality with the Gini coefficient', () => {
    expect(gini([])).toBe(0);
    expect(gini([0, 0])).toBe(0);
    expect(gini([2, 2, 2])).toBe(0);
    expect(gini([0, 0, 0, 1])).toBe(0.75);
    expect(gini([1, 2, 3, 4])).toBe(0.25);
  });

  it('spreads orders per unit of capacity', () => {
    const fairness = teamFairness([
      { teamId: 'a', capacity: 5, offers: 10, accepted: 5 },
      { teamId: 'b', capacity: 10, offers: 10, accepted: 10 },
      { teamId: 'c', capacity: 4, offers: 0, accepted: 0 },
    ]);
    expect(fairness.acceptedPerCapacity).toEqual([
      { teamId: 'a', value: 1 },
      { teamId: 'b', value: 1 },
      { teamId: 'c', value: 0 },
    ]);
    expect(fairness.giniAcceptedPerCapacity).toBe(0.3333);
    expect(fairness.giniOffersPerCapacity).toBe(0.4444);
  });

  it('turns summed counters into the KPIs', () => {
    const counts = sumCounts([
      { requests: 4, dispatched: 3, offers: 6, accepted: 3, acceptedOnTime: 2, acceptMinutes: 90, acceptH06: 3 },
      {
        completed: 2,
        completedOnTime: 1,
        completeMinutes: 600,
        completeH09: 2,
        declined: 2,
        declinedBusy: 1,
        declinedNoSkill: 1,
        lapsed: 1,
      },
      {
        expired: 1,
        rated: 3,
        starsTotal: 12,
        stars3: 1,
        stars4: 1,
        stars5: 1,
        volunteers: 2,
        volunteerMinutes: 180,
        volunteerHours: 3,
        points: 0.75,
      },
    ]);
    const k = kpisOf(counts);
    expect(k).toMatchObject({
      requests: 4,
      dispatched: 3,
      accepted: 3,
      completed: 2,
      expired: 1,
      onTimeAcceptanceRate: 0.6667,
      onTimeCompletionRate: 0.5,
      offersPerRequest: 1.5,
      timeToAccept: { count: 3, meanMinutes: 30, p50Minutes: 45, p90Minutes: 57 },
      timeToComplete: { count: 2, meanMinutes: 300, p50Minutes: 360 },
      declines: { declined: 2, lapsed: 1, declineRate: 0.3333, lapseRate: 0.1667 },
      satisfaction: { ratings: 3, meanStars: 4, shareFourOrFive: 0.6667, stars: [0, 0, 1, 1, 1] },
      volunteers: { people: 2, minutes: 180, hours: 3, points: 0.75 },
    });
    expect(k.declines.byReason).toEqual({
      busy: { count: 1, rate: 0.1667 },
      'out-of-area': { count: 0, rate: 0 },
      'no-skill': { count: 1, rate: 0.1667 },
      other: { count: 0, rate: 0 },
    });
    expect(kpisOf({}).onTimeAcceptanceRate).toBeNull();
    // The hotline's reopen rate: reopenings per completion.
    expect(kpisOf({ completed: 8, reopened: 1 })).toMatchObject({ reopened: 1, reopenRate: 0.125 });
    expect(kpisOf({}).reopenRate).toBeNull();
  });
});

describe('recruitment hints', () => {
  it('reads like the issue’s example, in Chinese and English', () => {
    const hint = recruitmentHint({ zh: '家电维修', en: 'Appliance repair' }, [
      { zh: '岱岳区', en: 'Daiyue District' },
      { zh: '粥店街道', en: 'Zhoudian Subdistrict' },
    ]);
    expect(hint).toEqual({
      zh: '需要更多家电维修志愿者: 岱岳区粥店街道',
      en: 'More appliance repair volunteers needed: Zhoudian Subdistrict, Daiyue District',
    });
  });
});
