import { describe, expect, it } from 'vitest';
import { anonymised, anonymisedEvent, assertErasable, dueForAnonymising, retentionDaysOf } from '#shared/domain/retention';
import { maskName, maskPhone } from '#shared/domain/contact';
import { ConflictError } from '#shared/domain/errors';
import type { TimelineEvent } from '#shared/domain/service-request';
import { requestFixture } from '../../support/fixtures';

const at = '2026-12-07T00:00:00.000Z';

describe('the retention rule', () => {
  it('anonymises the contact and every free text, keeps the facts, and is a new version', () => {
    const request = requestFixture({
      status: 'CLOSED',
      preferredTime: '周六上午',
      attributes: { brand: '熊猫' },
      rating: { stars: 4, comment: '我是蔺雪梅', ratedAt: at },
      completion: { completedAt: at, note: '已修好', hours: [{ volunteer: '小李', minutes: 30 }] },
      creditsVoided: { at, reason: '居民投诉' },
    });
    const after = anonymised(request, at);
    expect(after).toMatchObject({
      contact: { name: '', phone: '', address: '' },
      description: '',
      attributes: {},
      rating: { stars: 4, ratedAt: at },
      completion: { completedAt: at, hours: [{ volunteer: '小李', minutes: 30 }] },
      creditsVoided: { at, reason: '' },
      version: request.version + 1,
      anonymisedAt: at,
      status: 'CLOSED',
      createdAt: request.createdAt,
    });
    expect(after).not.toHaveProperty('preferredTime');
    expect(after.rating).not.toHaveProperty('comment');
    expect(after.completion).not.toHaveProperty('note');
    // Lists mask the contact: an anonymised one masks to nothing, not to stars that read as a number kept.
    expect([maskName(after.contact.name), maskPhone(after.contact.phone)]).toEqual(['', '']);
  });

  it('takes notes and staff reasons out of events, and says a quoted reason was removed', () => {
    const base: TimelineEvent = {
      requestId: 'r',
      at,
      seq: 2,
      type: 'STATUS_CHANGED',
      message: { zh: '已接单', en: 'Accepted' },
      actor: 'team',
    };
    expect(anonymisedEvent(base)).toBeUndefined();
    expect(anonymisedEvent({ ...base, detail: '电话13987654321' })).toEqual(base);
    const cancelled = anonymisedEvent({
      ...base,
      status: 'CANCELLED',
      actor: 'admin',
      reason: '蔺雪梅搬走了',
      message: { zh: '社区已取消需求：蔺雪梅搬走了', en: 'Cancelled by staff: 蔺雪梅搬走了' },
    });
    expect(JSON.stringify(cancelled)).not.toContain('蔺雪梅');
  });

  it('is due only for an ended request unchanged since before the cutoff, not yet anonymised', () => {
    const cutoff = '2026-06-01T00:00:00.000Z';
    expect(dueForAnonymising({ status: 'CLOSED', updatedAt: '2026-05-31T00:00:00.000Z' }, cutoff)).toBe(true);
    expect(dueForAnonymising({ status: 'CLOSED', updatedAt: '2026-06-02T00:00:00.000Z' }, cutoff)).toBe(false);
    expect(dueForAnonymising({ status: 'ACCEPTED', updatedAt: '2026-01-01T00:00:00.000Z' }, cutoff)).toBe(false);
    expect(dueForAnonymising({ status: 'EXPIRED', updatedAt: '2026-01-01T00:00:00.000Z', anonymisedAt: at }, cutoff)).toBe(false);
    expect(() => assertErasable({ status: 'WAITING' })).toThrow(ConflictError);
    expect(() => assertErasable({ status: 'REJECTED' })).not.toThrow();
  });

  it('reads the period: 180 days by default, whole days from 30 to 3650', () => {
    expect(retentionDaysOf(undefined)).toBe(180);
    expect(retentionDaysOf('365')).toBe(365);
    for (const bad of ['29', '3651', '90.5', '-1', 'abc']) expect(() => retentionDaysOf(bad)).toThrow(/retentionDays/);
  });
});
