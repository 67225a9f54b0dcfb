/**
 * The plausibility bound on a visit's minutes (shared/domain/visit-minutes.ts): no more than the
 * time since the team accepted (or the claimer claimed), nor a day; a volunteer's records count
 * together; a refusal names each record past it and changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { complete } from '#shared/domain/completion';
import { ValidationError } from '#shared/domain/errors';
import { accept } from '#shared/domain/offer-lifecycle';
import { reopen } from '#shared/domain/resident-feedback';
import type { ServiceRequest } from '#shared/domain/service-request';
import { ImplausibleMinutesError, MAX_VISIT_MINUTES, checkVisitMinutes, visitMinutesBound, workSince } from '#shared/domain/visit-minutes';
import { claim, fulfil } from '#shared/domain/wish';
import { requestFixture } from '../../support/fixtures';

const MINUTE = 60_000;
const T0 = new Date('2026-12-01T02:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE);
const team = { id: 'fixers', name: '瑞迪e修站' };

/** Offered to `team` at T0 and accepted `minutes` later. */
function acceptedAfter(minutes = 0): ServiceRequest {
  const offered = requestFixture({
    status: 'OFFERED',
    offer: {
      teamId: team.id,
      teamName: team.name,
      offeredAt: T0.toISOString(),
      deadline: at(240).toISOString(),
      reason: { zh: '', en: '' },
    },
  });
  return accept(offered, team.id, at(minutes)).after;
}

/** The refusal a call throws, as the API answers it: its fields and messages. */
function refusal(call: () => unknown): { field: string; message: string }[] {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(ImplausibleMinutesError);
    expect(error).toBeInstanceOf(ValidationError);
    return [...(error as ValidationError).issues];
  }
  throw new Error('expected a refusal');
}

describe('the bound on a visit’s minutes', () => {
  it('is the time since the team accepted, a minute begun counting, and a day at most', () => {
    const request = acceptedAfter(10);
    expect(request.acceptedAt).toBe(at(10).toISOString());
    expect(visitMinutesBound(request, at(10))).toEqual({ minutes: 0, by: 'accepted' });
    expect(visitMinutesBound(request, new Date(at(10).getTime() + 1))).toEqual({ minutes: 1, by: 'accepted' });
    expect(visitMinutesBound(request, at(55))).toEqual({ minutes: 45, by: 'accepted' });
    expect(visitMinutesBound(request, at(10 + MAX_VISIT_MINUTES - 1))).toEqual({ minutes: MAX_VISIT_MINUTES - 1, by: 'accepted' });
    expect(visitMinutesBound(request, at(10 + 3 * MAX_VISIT_MINUTES))).toEqual({ minutes: MAX_VISIT_MINUTES, by: 'day' });
  });

  it('counts a claimed wish from the claim, and a request stored before acceptedAt was kept from its claim or its last change', () => {
    const published = requestFixture({
      status: 'PUBLISHED',
      wish: { text: '一副护膝', wisher: '王奶奶', publishedAt: T0.toISOString(), listedAt: T0.toISOString(), reviewedBy: 's' },
    });
    const claimed = claim(published, { kind: 'volunteer', id: 'p1', name: '小孙' }, at(30)).after;
    expect(claimed.acceptedAt).toBe(at(30).toISOString());
    expect(visitMinutesBound(claimed, at(90))).toEqual({ minutes: 60, by: 'claimed' });

    const { acceptedAt: _claimedAt, ...olderClaim } = claimed;
    expect(workSince({ ...olderClaim, updatedAt: at(80).toISOString() })).toBe(at(30).toISOString());
    const { acceptedAt: _acceptedAt, ...olderOrder } = acceptedAfter(20);
    expect(workSince(olderOrder)).toBe(at(20).toISOString());
  });

  it('starts again when a reopened request is accepted again', () => {
    const done = complete(acceptedAfter(0), team.id, at(120), { hours: [{ volunteer: '小李', minutes: 100 }] }).after;
    const reopened = reopen(done, at(1440)).after;
    const offeredAgain = {
      ...reopened,
      status: 'OFFERED' as const,
      version: reopened.version + 1,
      offer: {
        teamId: team.id,
        teamName: team.name,
        offeredAt: at(1441).toISOString(),
        deadline: at(1700).toISOString(),
        reason: { zh: '', en: '' },
      },
    };
    const again = accept(offeredAgain, team.id, at(1450)).after;
    expect(visitMinutesBound(again, at(1480))).toEqual({ minutes: 30, by: 'accepted' });
    expect(refusal(() => complete(again, team.id, at(1480), { hours: [{ volunteer: '小李', minutes: 100 }] }))).toEqual([
      { field: 'hours.0.minutes', message: 'At most 30 minutes: the time since the order was accepted' },
    ]);
  });

  it('counts a volunteer’s records together: a member by id, a guest by name', () => {
    const bound = { minutes: 60, by: 'accepted' } as const;
    const field = (i: number) => `hours.${i}.minutes`;
    expect(() =>
      checkVisitMinutes(
        [
          { volunteer: '小李', volunteerId: 'a'.repeat(20), minutes: 60 },
          { volunteer: '小李', minutes: 60 },
          { volunteer: '老张', minutes: 60 },
        ],
        bound,
        field,
      ),
    ).not.toThrow();
    expect(
      refusal(() =>
        checkVisitMinutes(
          [
            { volunteer: '小李', volunteerId: 'a'.repeat(20), minutes: 40 },
            { volunteer: '老张', minutes: 61 },
            { volunteer: '李', volunteerId: 'a'.repeat(20), minutes: 30 },
            { volunteer: '老张', minutes: 1 },
          ],
          bound,
          field,
        ),
      ),
    ).toEqual([
      { field: 'hours.1.minutes', message: 'At most 60 minutes: the time since the order was accepted' },
      { field: 'hours.2.minutes', message: 'At most 60 minutes in all for this volunteer: the time since the order was accepted' },
      { field: 'hours.3.minutes', message: 'At most 60 minutes in all for this volunteer: the time since the order was accepted' },
    ]);
    expect(
      refusal(() =>
        checkVisitMinutes(
          [
            { volunteer: 'x', minutes: 900 },
            { volunteer: 'x', minutes: 900 },
          ],
          { minutes: 1440, by: 'day' },
          field,
        ),
      ),
    ).toEqual([{ field: 'hours.1.minutes', message: 'At most 1440 minutes in all for this volunteer: one visit counts a day at most' }]);
  });
});

describe('a completion past the bound', () => {
  it('is refused naming each record, and the request is left as it was', () => {
    const request = acceptedAfter(0);
    const copy = structuredClone(request);
    const report = {
      hours: [
        { volunteer: '李同学', minutes: 45 },
        { volunteer: '王师傅', minutes: 46 },
        { volunteer: '赵阿姨', minutes: 10 },
      ],
    };
    expect(refusal(() => complete(request, team.id, at(45), report))).toEqual([
      { field: 'hours.1.minutes', message: 'At most 45 minutes: the time since the order was accepted' },
    ]);
    expect(request).toEqual(copy);
    expect(complete(request, team.id, at(46), report).after).toMatchObject({ status: 'COMPLETED', completion: { hours: report.hours } });
  });

  it('refuses a volunteer’s fulfilment of more minutes than since their claim, naming `minutes`', () => {
    const published = requestFixture({
      status: 'PUBLISHED',
      wish: { text: '一副护膝', wisher: '王奶奶', publishedAt: T0.toISOString(), listedAt: T0.toISOString(), reviewedBy: 's' },
    });
    const claimer = { kind: 'volunteer', id: 'p1', name: '小孙' } as const;
    const claimed = claim(published, claimer, T0).after;
    expect(refusal(() => fulfil(claimed, claimer, at(20), 45))).toEqual([
      { field: 'minutes', message: 'At most 20 minutes: the time since the wish was claimed' },
    ]);
    expect(fulfil(claimed, claimer, at(45), 45).after.status).toBe('COMPLETED');
    // A work unit reports no minutes: nothing to bound.
    const unit = { kind: 'unit', id: 'u1', name: '泰山区税务局' } as const;
    expect(fulfil(claim(published, unit, T0).after, unit, at(1), undefined).after.status).toBe('COMPLETED');
  });
});
