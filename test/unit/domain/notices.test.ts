import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/domain/errors';
import { inert, renderNotice, type NoticeContext } from '#shared/domain/notice-text';
import { FEEDBACK_DAYS } from '#shared/domain/resident-feedback';
import {
  audienceOf,
  noticesFor,
  noticesForNew,
  noticeOutboxMessage,
  parseNotifyMessage,
  residentNoticeHolds,
} from '#shared/domain/notices';
import { canTransition, requestStatuses } from '#shared/domain/request-state';
import { withStatus, type ServiceRequest } from '#shared/domain/service-request';
import { requestFixture } from '../../support/fixtures';

const AT = '2026-11-29T06:00:00.000Z';
const offer = { teamId: 'ruidi', teamName: '瑞迪', offeredAt: AT, deadline: '2026-11-29T10:00:00.000Z', reason: { zh: '', en: '' } };

function change(from: ServiceRequest['status'], to: ServiceRequest['status']): [ServiceRequest, ServiceRequest] {
  const before = requestFixture({
    status: from,
    version: 3,
    ...(from === 'OFFERED' ? { offer } : {}),
    ...(from === 'ACCEPTED' ? { assignedTeam: { id: 'ruidi', name: '瑞迪' } } : {}),
  });
  const moved = withStatus(before, to, AT);
  const after =
    to === 'OFFERED'
      ? { ...moved, offer }
      : to === 'ACCEPTED'
        ? { ...moved, offer: undefined, assignedTeam: { id: 'ruidi', name: '瑞迪' } }
        : { ...moved, offer: undefined };
  return [before, after];
}

describe('which changes are announced', () => {
  it('tells the resident of every move into accepted, completed, escalated, expired or rejected, once', () => {
    const residentStatuses = {
      ACCEPTED: 'accepted',
      COMPLETED: 'completed',
      ESCALATED: 'escalated',
      EXPIRED: 'expired',
      REJECTED: 'rejected',
    } as const;
    for (const [from, to] of requestStatuses.flatMap((f) =>
      requestStatuses.filter((t) => canTransition(f, t)).map((t) => [f, t] as const),
    )) {
      const kinds = noticesFor(...change(from, to))
        .map((n) => n.kind)
        .filter((k) => k !== 'offer' && k !== 'offer-cancelled');
      expect(kinds, `${from} → ${to}`).toEqual(to in residentStatuses ? [residentStatuses[to as keyof typeof residentStatuses]] : []);
    }
  });

  it('offers to the team with the offer’s deadline as the give-up time', () => {
    expect(noticesFor(...change('WAITING', 'OFFERED'))).toEqual([
      { requestId: expect.any(String), version: 4, kind: 'offer', teamId: 'ruidi', giveUpAt: offer.deadline },
    ]);
  });

  it('tells the team that held an offer or an order when it is cancelled, and nobody of a decline', () => {
    expect(noticesFor(...change('OFFERED', 'CANCELLED')).map((n) => [n.kind, n.teamId])).toEqual([['offer-cancelled', 'ruidi']]);
    expect(noticesFor(...change('ACCEPTED', 'CANCELLED')).map((n) => [n.kind, n.teamId])).toEqual([['offer-cancelled', 'ruidi']]);
    expect(noticesFor(...change('ACCEPTED', 'WAITING')).map((n) => [n.kind, n.teamId])).toEqual([['offer-cancelled', 'ruidi']]);
    expect(noticesFor(...change('WAITING', 'CANCELLED'))).toEqual([]);
    expect(noticesFor(...change('OFFERED', 'WAITING'))).toEqual([]);
    expect(noticesFor(...change('OFFERED', 'WAITING'), 'system')).toEqual([]);
    expect(noticesFor(...change('COMPLETED', 'CLOSED'))).toEqual([]);
  });

  it('tells the team an offer was taken back from when staff take it back to reassign, as for an order', () => {
    expect(noticesFor(...change('OFFERED', 'WAITING'), 'admin').map((n) => [n.kind, n.teamId])).toEqual([['offer-cancelled', 'ruidi']]);
  });

  it('tells a volunteer or a work unit when the wish they claimed is cancelled, naming them in the notice (the request forgets the claim)', () => {
    const claimedBy = (kind: 'volunteer' | 'unit' | 'team') => {
      const claim = { claimer: { kind, id: `${kind}-1`, name: 'n' }, claimedAt: AT, deadline: AT, remindAt: AT };
      const before = requestFixture({
        status: 'ACCEPTED',
        version: 3,
        claim,
        ...(kind === 'team' ? { assignedTeam: { id: 'team-1', name: '瑞迪' } } : {}),
      });
      const { claim: _claim, ...after } = withStatus(before, 'CANCELLED', AT);
      return noticesFor(before, after);
    };
    expect(claimedBy('volunteer')).toEqual([
      {
        requestId: expect.any(String),
        version: 4,
        kind: 'claim-cancelled',
        claimer: { kind: 'volunteer', id: 'volunteer-1' },
        giveUpAt: expect.any(String),
      },
    ]);
    expect(claimedBy('unit').map((n) => [n.kind, n.claimer])).toEqual([['claim-cancelled', { kind: 'unit', id: 'unit-1' }]]);
    // A team's claim is one of its orders: it hears of it as of any order.
    expect(claimedBy('team').map((n) => [n.kind, n.teamId])).toEqual([['offer-cancelled', 'team-1']]);
    expect(audienceOf('claim-cancelled')).toBe('claimer');
    const [notice] = claimedBy('volunteer');
    expect(parseNotifyMessage(JSON.stringify(notice))).toEqual(notice);
  });

  it('gives each notice an outbox id unique per version and kind, relayed after a minute', () => {
    const [notice] = noticesFor(...change('OFFERED', 'ACCEPTED'));
    const message = noticeOutboxMessage(notice!, new Date(AT));
    expect(message).toMatchObject({
      id: 'notice-v4-accepted',
      queue: 'notify',
      dueAt: '2026-11-29T06:01:00.000Z',
      giveUpAt: '2026-11-30T06:00:00.000Z',
    });
    expect(parseNotifyMessage(JSON.stringify(message.body))).toEqual(notice);
  });

  it('refuses a malformed notice message naming the field', () => {
    expect(() => parseNotifyMessage('nope')).toThrow(ValidationError);
    expect(() => parseNotifyMessage(JSON.stringify({ requestId: 'r', version: 0, kind: 'offer', giveUpAt: AT }))).toThrow(/version/);
    expect(() => parseNotifyMessage(JSON.stringify({ requestId: 'r', version: 1, kind: 'party', giveUpAt: AT }))).toThrow(/kind/);
  });
});

describe('a new request', () => {
  it('texts the tracking code to a resident who ordered on the web form or was ordered for by staff; not to a JSON caller', () => {
    const kinds = (channel: ServiceRequest['channel']) => noticesForNew(requestFixture({ channel })).map((n) => n.kind);
    expect(kinds('web')).toEqual(['received']);
    expect(kinds('proxy')).toEqual(['received']);
    expect(kinds('api')).toEqual([]);
  });

  it('texts a web order only at a mainland mobile: a foreign number typed on the public form gets no paid SMS', () => {
    const kinds = (phone: string, channel: ServiceRequest['channel'] = 'web') =>
      noticesForNew(requestFixture({ channel, contact: { name: 'n', phone, address: 'a' } })).map((n) => n.kind);
    expect(kinds('+8613912345678')).toEqual(['received']);
    expect(kinds('+447700900123')).toEqual([]);
    expect(kinds('+12125550100')).toEqual([]);
    // Staff ordering for a resident (代点单) chose the number themselves.
    expect(kinds('+447700900123', 'proxy')).toEqual(['received']);
  });
});

describe('a cancellation by staff', () => {
  const cancellable = requestStatuses.filter((from) => canTransition(from, 'CANCELLED'));

  it('tells the resident when staff cancel, from wherever the request was, once per version', () => {
    expect(cancellable.length).toBeGreaterThan(5);
    for (const from of cancellable) {
      const notices = noticesFor(...change(from, 'CANCELLED'), 'admin').filter((n) => audienceOf(n.kind) === 'resident');
      expect(notices, from).toEqual([
        { requestId: expect.any(String), version: 4, kind: 'cancelled', giveUpAt: '2026-11-30T06:00:00.000Z' },
      ]);
      expect(noticeOutboxMessage(notices[0]!, new Date(AT)).id).toBe('notice-v4-cancelled');
    }
  });

  it('tells the resident nothing when they cancelled themselves (their page said so), nor of a change without an actor', () => {
    for (const from of cancellable) {
      for (const actor of ['resident', undefined] as const) {
        const kinds = noticesFor(...change(from, 'CANCELLED'), actor).map((n) => n.kind);
        expect(kinds, `${from} by ${actor}`).not.toContain('cancelled');
      }
    }
  });

  it('still tells the team that held it, beside the resident', () => {
    expect(noticesFor(...change('ACCEPTED', 'CANCELLED'), 'admin').map((n) => n.kind)).toEqual(['offer-cancelled', 'cancelled']);
  });

  it('is skipped when sent late to a request no longer cancelled', () => {
    expect(residentNoticeHolds('cancelled', 'CANCELLED')).toBe(true);
    for (const status of requestStatuses.filter((s) => s !== 'CANCELLED'))
      expect(residentNoticeHolds('cancelled', status), status).toBe(false);
  });
});

describe('what a notice says', () => {
  const base: NoticeContext = {
    eventId: 'r1#v4#offer',
    kind: 'offer',
    requestId: 'r1',
    trackingCode: '12345678',
    service: { zh: '小家电维修', en: 'Small appliance repair' },
    areaNames: ['泰山区', '泰前街道', '科大社区'],
    urgency: 'urgent',
    deadline: '2026-11-29T10:00:00.000Z',
    resident: { name: '王**', phone: '139****5678' },
    links: {
      view: 'https://api.example/offers/r1?sig=x',
      accept: 'https://api.example/offers/r1/accept?sig=x',
      decline: 'https://api.example/offers/r1/decline?sig=x',
    },
  };

  it('offers in Shanghai time with the masked resident and the offer page link', () => {
    const notice = renderNotice(base);
    expect(notice.title).toBe('【紧急】新派单：小家电维修');
    expect(notice.text).toContain('泰山区泰前街道科大社区');
    expect(notice.text).toContain('王** 139****5678');
    expect(notice.text).toContain('请于11月29日 18:00前接单或拒单');
    expect(notice.text.endsWith(base.links!.view)).toBe(true);
    expect(notice.markdown).toContain(`[查看并接单](${base.links!.view})`);
    expect(notice.data).toMatchObject({ event: 'offer', eventId: 'r1#v4#offer', links: base.links, resident: base.resident });
  });

  it('keeps data from steering chat markdown or HTML', () => {
    expect(inert('<b>[x](http://evil)</b>\n# hi')).toBe('＜b＞［x］（http://evil）＜/b＞ ＃ hi');
    const notice = renderNotice({ ...base, resident: { name: '<script>*', phone: '139****5678' } });
    expect(notice.markdown).not.toMatch(/<script>|\*\*\*\*/);
    expect(notice.markdown).toContain('＜script＞');
    expect(notice.text).not.toContain('<script>');
  });

  it('tells the claimer of a cancelled wish in at most two SMS segments, without the wisher', () => {
    const notice = renderNotice({ ...base, kind: 'claim-cancelled', areaNames: ['泰山区', '泰前街道', '科技大学社区第一网格党群服务站'] });
    expect(notice.text.startsWith('【社区志愿服务】您认领的微心愿（小家电维修，泰山区泰前街道科技大学社区第一网格党群服务站）')).toBe(true);
    expect([...notice.text].length).toBeLessThanOrEqual(134);
    for (const secret of ['王**', '139****5678', 'https://']) expect(JSON.stringify(notice)).not.toContain(secret);
  });

  it('gives the resident the lookup page where the notice asks them to act there, and the days the rules allow to rate', () => {
    const lookupUrl = 'https://paidan.example.cn/lookup';
    for (const kind of ['received', 'completed', 'rejected'] as const)
      expect(renderNotice({ ...base, kind, lookupUrl }).text.endsWith(`：${lookupUrl}`), kind).toBe(true);
    // The lookup page only shows progress: rating and reopening are by the private link (or a call), not at the link the SMS gives.
    const completed = renderNotice({ ...base, kind: 'completed', lookupUrl }).text;
    // The call first: a resident staff ordered for never had the private link (review 76).
    expect(completed).toContain(`如需评价或问题仍在，${FEEDBACK_DAYS}天内可致电社区服务站，或用提交时的专用链接`);
    expect(completed).toMatch(/凭查询码可查看进度：https:\/\/paidan\.example\.cn\/lookup$/);
    expect(completed).not.toMatch(/(评价|重新派单)[^；]*：https/);
  });

  it('tells residents in at most two SMS segments', () => {
    for (const kind of ['accepted', 'completed', 'escalated', 'expired', 'rejected'] as const) {
      const notice = renderNotice({
        ...base,
        kind,
        teamName: '泰山区瑞迪家电维修志愿服务队',
        lookupUrl: 'https://paidan.jinan-shizhong.example.gov.cn/lookup',
      });
      expect(notice.text.startsWith('【社区志愿服务】')).toBe(true);
      expect(notice.text).toContain('12345678');
      expect([...notice.text].length, kind).toBeLessThanOrEqual(134);
      expect(notice.text).not.toContain('139****5678');
    }
  });
});

describe('a resident notice sent late', () => {
  it('holds only while the request is where the notice says it is', () => {
    expect(residentNoticeHolds('accepted', 'ACCEPTED')).toBe(true);
    expect(residentNoticeHolds('accepted', 'CANCELLED')).toBe(false);
    expect(residentNoticeHolds('escalated', 'ACCEPTED')).toBe(false);
    expect(residentNoticeHolds('escalated', 'ESCALATED')).toBe(true);
    expect(residentNoticeHolds('received', 'OFFERED')).toBe(true);
    expect(residentNoticeHolds('received', 'CANCELLED')).toBe(false);
    expect(residentNoticeHolds('completed', 'WAITING')).toBe(false);
    // Team and claimer notices have checks of their own.
    expect(residentNoticeHolds('offer-cancelled', 'CANCELLED')).toBe(true);
    expect(residentNoticeHolds('claim-cancelled', 'PUBLISHED')).toBe(true);
  });
});
