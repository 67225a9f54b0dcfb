import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/domain/errors';
import { accept, offerTo, release } from '#shared/domain/offer-lifecycle';
import { complete } from '#shared/domain/completion';
import type { RankedTeam } from '#shared/domain/matching';
import { rate, reopen } from '#shared/domain/resident-feedback';
import { correctClosedVisit } from '#shared/domain/hours-correction';
import { factOf, requestFact, storedRequestFact } from '#shared/domain/request-fact';
import { parseOrThrow } from '#shared/domain/validation';
import type { ServiceRequest, TimelineEvent } from '#shared/domain/service-request';
import type { Staff } from '#shared/domain/staff';
import { KEDA, requestFixture, teamFixture } from '../../support/fixtures';

const t0 = new Date('2026-11-29T02:00:00.000Z');
const later = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const ranked: RankedTeam = {
  team: { ...teamFixture('ruidi', { name: { zh: '瑞迪', en: 'Ruidi' } }), active: 0 },
  proximity: 0,
  freeRatio: 1,
  belowFairShare: false,
  reason: { zh: '同社区', en: 'same community' },
};

function submitted(): ServiceRequest {
  return requestFixture({
    createdAt: t0.toISOString(),
    updatedAt: t0.toISOString(),
    description: '收音机没有声音了',
    contact: { name: '王秀兰', phone: '+8613912345678', address: '科大社区3号楼2单元501' },
    attributes: { applianceType: 'radio-secret-model' },
  });
}

describe('factOf', () => {
  it('records a creation without anything personal', () => {
    const request = submitted();
    const fact = factOf(undefined, request);
    expect(fact).toEqual({
      requestId: request.id,
      version: 1,
      at: t0.toISOString(),
      to: 'SUBMITTED',
      serviceCode: 'appliance-repair',
      areaId: KEDA,
      urgency: 'normal',
      channel: 'api',
      createdAt: t0.toISOString(),
      clockStart: t0.toISOString(),
    });
    const text = JSON.stringify(fact);
    for (const secret of ['王秀兰', '13912345678', '3号楼', '收音机', 'radio-secret-model', request.accessTokenHash, request.trackingCode])
      expect(text).not.toContain(secret);
  });

  it('names the offered team, the offer’s window and its number', () => {
    const request = submitted();
    const { after, event } = offerTo(request, ranked, later(5));
    expect(factOf(request, after, event)).toMatchObject({
      from: 'SUBMITTED',
      to: 'OFFERED',
      version: 2,
      at: later(5).toISOString(),
      teamId: 'ruidi',
      offer: { offeredAt: later(5).toISOString(), deadline: later(5 + 240).toISOString(), number: 1 },
    });
  });

  it('carries the ended offer on an acceptance, for the acceptance window', () => {
    const offered = offerTo(submitted(), ranked, later(5)).after;
    const { after, event } = accept(offered, 'ruidi', later(20));
    const fact = factOf(offered, after, event);
    expect(fact).toMatchObject({
      from: 'OFFERED',
      to: 'ACCEPTED',
      teamId: 'ruidi',
      offer: { number: 1, deadline: offered.offer!.deadline },
    });
    expect(fact.release).toBeUndefined();
  });

  it('takes why an offer ended from the event when it says so', () => {
    const offered = offerTo(submitted(), ranked, later(5)).after;
    const { after, event } = release(offered, 'declined', later(10), undefined, 'no-skill');
    const noted: TimelineEvent = Object.assign({}, event, { release: { cause: 'declined', reason: 'no-skill' } });
    expect(factOf(offered, after, noted)).toMatchObject({
      from: 'OFFERED',
      to: 'WAITING',
      teamId: 'ruidi',
      release: { cause: 'declined', reason: 'no-skill' },
    });
  });

  it('tells a lapse from a decline by the deadline when the event does not say', () => {
    const offered = offerTo(submitted(), ranked, later(5)).after;
    const silent = (event: TimelineEvent): TimelineEvent => {
      const { release: _release, ...rest } = event as TimelineEvent & { release?: unknown };
      return rest;
    };
    const declined = release(offered, 'declined', later(10), undefined, 'busy');
    expect(factOf(offered, declined.after, silent(declined.event)).release).toEqual({ cause: 'declined' });
    const lapsed = release(offered, 'timeout', new Date(Date.parse(offered.offer!.deadline)));
    expect(factOf(offered, lapsed.after, silent(lapsed.event)).release).toEqual({ cause: 'timeout' });
    // Staff taking the offer back is no decline.
    const byStaff = { ...silent(declined.event), actor: 'admin' as const };
    expect(factOf(offered, declined.after, byStaff).release).toBeUndefined();
  });

  it('records the stars and each volunteer’s minutes and rounded hours, without names, on the close', () => {
    const offered = offerTo(submitted(), ranked, later(5)).after;
    const accepted = accept(offered, 'ruidi', later(20)).after;
    const report = {
      hours: [
        { volunteer: '小李', minutes: 130 },
        { volunteer: '老张', minutes: 50 },
        { volunteer: '小李', minutes: 20 },
      ],
    };
    const completed = complete(accepted, 'ruidi', later(200), report).after;
    const { after, event } = rate(completed, { stars: 4, comment: '很好' }, later(300));
    const fact = factOf(completed, after, event);
    expect(fact).toMatchObject({ from: 'COMPLETED', to: 'CLOSED', teamId: 'ruidi', stars: 4 });
    expect(fact.volunteers).toEqual([
      { minutes: 150, hours: 2.5 },
      { minutes: 50, hours: 1 },
    ]);
    expect(JSON.stringify(fact)).not.toMatch(/小李|老张|很好/);
  });

  it('records every visit of a reopened request on the close, a volunteer once per visit', () => {
    const offered = offerTo(submitted(), ranked, later(5)).after;
    const first = complete(accept(offered, 'ruidi', later(20)).after, 'ruidi', later(200), {
      hours: [{ volunteer: '张三', minutes: 120 }],
    }).after;
    const reopened = reopen(first, later(300)).after;
    const again = accept(offerTo(reopened, ranked, later(301)).after, 'ruidi', later(310)).after;
    const hours = [
      { volunteer: '李四', minutes: 60 },
      { volunteer: '张三', minutes: 30 },
    ];
    const completed = complete(again, 'ruidi', later(400), { hours }).after;
    const { after, event } = rate(completed, { stars: 5 }, later(500));
    expect(factOf(completed, after, event).volunteers).toEqual([
      { minutes: 120, hours: 2 },
      { minutes: 60, hours: 1 },
      { minutes: 30, hours: 0.5 },
    ]);
  });

  it('carries two full visits of 50 volunteers each through the queue', () => {
    const team = (n: number) => Array.from({ length: 50 }, (_, i) => ({ volunteer: `队员${n}-${i}`, minutes: 60 }));
    const first = complete(accept(offerTo(submitted(), ranked, later(5)).after, 'ruidi', later(20)).after, 'ruidi', later(200), {
      hours: team(1),
    }).after;
    const again = accept(offerTo(reopen(first, later(300)).after, ranked, later(301)).after, 'ruidi', later(310)).after;
    const completed = complete(again, 'ruidi', later(400), { hours: team(2) }).after;
    const { after, event } = rate(completed, { stars: 5 }, later(500));
    expect(parseOrThrow(requestFact, factOf(completed, after, event)).volunteers).toHaveLength(100);
  });

  it('records a correction of a closed request’s hours: the lists after and before, once; a repeat or a rating alone carries none', () => {
    const offered = offerTo(submitted(), ranked, later(5)).after;
    const report = {
      hours: [
        { volunteer: '小李', minutes: 120 },
        { volunteer: '老张', minutes: 240 },
      ],
    };
    const completed = complete(accept(offered, 'ruidi', later(20)).after, 'ruidi', later(400), report).after;
    // Closed, and its credits posted since.
    const { creditsPending: _posted, dueAt: _due, ...closed } = rate(completed, { stars: 5 }, later(450)).after;
    const staff: Staff = { id: 's', name: 'station', role: 'station', areaId: KEDA };
    const rows = [
      { volunteer: '小李', minutes: 240 },
      { volunteer: '老张', minutes: 60 },
    ];
    const { after, event } = correctClosedVisit(closed, staff, later(500), { hours: rows, reason: '队长误填' })!;
    const fact = factOf(closed, after, event);
    expect(fact).toMatchObject({ from: 'CLOSED', to: 'CLOSED', version: closed.version + 1, at: later(500).toISOString() });
    expect(fact.volunteers).toEqual([
      { minutes: 240, hours: 4 },
      { minutes: 60, hours: 1 },
    ]);
    expect(fact.volunteersBefore).toEqual([
      { minutes: 120, hours: 2 },
      { minutes: 240, hours: 4 },
    ]);
    expect(fact.stars).toBeUndefined();
    expect(parseOrThrow(requestFact, JSON.parse(JSON.stringify(fact)))).toEqual(fact);
    // A change of a settled request that leaves its hours as they were carries no volunteers.
    const touched = { ...closed, version: closed.version + 1, updatedAt: later(600).toISOString() };
    expect(factOf(closed, touched)).not.toHaveProperty('volunteers');
    expect(factOf(closed, touched)).not.toHaveProperty('volunteersBefore');
  });

  it('carries the rules the request kept with the volunteers it counts, as text, and none where it counts none (rev61 finding 2)', () => {
    const offered = offerTo(submitted(), ranked, later(5)).after;
    const report = { hours: [{ volunteer: '小李', minutes: 120 }] };
    const kept = { hoursPerPoint: 2, maxHoursPerActivity: 8 };
    const completed = { ...complete(accept(offered, 'ruidi', later(20)).after, 'ruidi', later(400), report).after, creditRules: kept };
    const rated = rate(completed, { stars: 5 }, later(450));
    const close = factOf(completed, rated.after, rated.event);
    expect(close).toMatchObject({ to: 'CLOSED', volunteers: [{ minutes: 120, hours: 2 }], creditRules: '2/8' });
    expect(parseOrThrow(requestFact, JSON.parse(JSON.stringify(close)))).toEqual(close);
    // The completion counts no volunteers: no rules on its fact; nor on a close of a request that kept none.
    expect(factOf(accept(offered, 'ruidi', later(20)).after, completed)).not.toHaveProperty('creditRules');
    const { creditRules: _none, ...keptNone } = completed;
    expect(factOf(keptNone, rate(keptNone, { stars: 5 }, later(450)).after)).not.toHaveProperty('creditRules');
  });

  it('records a complaint’s mark (credits voided, or withheld): none served after, the list before; nothing on a later change', () => {
    const offered = offerTo(submitted(), ranked, later(5)).after;
    const report = { hours: [{ volunteer: '小李', minutes: 120 }] };
    const completed = complete(accept(offered, 'ruidi', later(20)).after, 'ruidi', later(400), report).after;
    const { creditsPending: _posted, dueAt: _due, ...closed } = rate(completed, { stars: 5 }, later(450)).after;
    const mark = { at: later(900).toISOString(), reason: '投诉属实' };
    const marked = (field: 'creditsVoided' | 'creditsWithheld') => ({
      ...closed,
      version: closed.version + 1,
      updatedAt: mark.at,
      [field]: mark,
    });
    for (const field of ['creditsVoided', 'creditsWithheld'] as const) {
      const fact = factOf(closed, marked(field));
      expect(fact).toMatchObject({
        from: 'CLOSED',
        to: 'CLOSED',
        at: mark.at,
        volunteers: [],
        volunteersBefore: [{ minutes: 120, hours: 2 }],
      });
      expect(parseOrThrow(requestFact, JSON.parse(JSON.stringify(fact)))).toEqual(fact);
      const after = { ...marked(field), version: closed.version + 2 };
      expect(factOf(marked(field), after)).not.toHaveProperty('volunteersBefore');
    }
  });

  it('reads a stored fact without `volunteersBefore` (stored before it existed), and bounds both lists', () => {
    const fact = { ...factOf(undefined, submitted()), from: 'COMPLETED', to: 'CLOSED', volunteers: [{ minutes: 60, hours: 1 }] };
    expect(parseOrThrow(storedRequestFact, fact)).toEqual(fact);
    const many = Array.from({ length: 1001 }, () => ({ minutes: 60, hours: 1 }));
    expect(requestFact.safeParse({ ...fact, volunteersBefore: many }).success).toBe(false);
    expect(requestFact.safeParse({ ...fact, volunteersBefore: [{ minutes: -1, hours: 0 }] }).success).toBe(false);
  });

  it('counts from the reopening for a reopened request', () => {
    const reopenedAt = later(1000).toISOString();
    const request = { ...submitted(), status: 'WAITING' as const, version: 7, reopenedAt };
    const { after, event } = offerTo(request, ranked, later(1001));
    expect(factOf(request, after, event)).toMatchObject({ clockStart: reopenedAt, createdAt: t0.toISOString() });
  });
});

describe('the fact as stored', () => {
  it('parses back exactly, and refuses anything the schema does not know', () => {
    const fact = factOf(undefined, submitted());
    expect(parseOrThrow(requestFact, JSON.parse(JSON.stringify(fact)))).toEqual(fact);
    expect(() => parseOrThrow(requestFact, { ...fact, phone: '+8613912345678' })).toThrow(ValidationError);
    expect(requestFact.safeParse({ ...fact, to: 'LOST' }).success).toBe(false);
  });
});
