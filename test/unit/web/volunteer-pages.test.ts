import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { pointsFor } from '#shared/domain/credit';
import { ledgerPoints } from '#shared/domain/points';
import { personKey } from '#shared/domain/volunteer';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { myVolunteerPage } from '#shared/use-cases/my-volunteer-page';
import { renderMyPage, renderSignInPage } from '#shared/web/volunteer-pages';
import { KEDA } from '../../support/fixtures';

let mem: MemoryDeps;
const now = new Date('2026-12-01T02:00:00.000Z');

beforeEach(async () => {
  mem = memoryDeps({ clock: { now: () => now }, services: demoServices, areas: demoAreas });
  await mem.volunteers.register({
    id: 'p1',
    name: '孙志愿',
    phone: '+8613900002222',
    homeAreaId: KEDA,
    registeredAt: now.toISOString(),
    registeredBy: { kind: 'self' },
  });
});

/** Three 1-hour services at 3 hours a point: 0.9999 points, not a whole one. */
async function threeHoursAtThreeAPoint() {
  for (const requestId of ['r1', 'r2', 'r3']) {
    const points = pointsFor(1, { hoursPerPoint: 3 });
    await mem.credits.post({
      volunteerKey: personKey('p1'),
      requestId,
      teamId: 'ruidi',
      minutes: 60,
      hours: 1,
      points,
      at: now.toISOString(),
    });
  }
}

describe('the volunteer’s page', () => {
  it('shows the balance to the ledger’s 4 decimals, never rounded up to a point the volunteer cannot spend', async () => {
    await threeHoursAtThreeAPoint();
    expect((await mem.credits.balance(personKey('p1'))).balance).toBeCloseTo(0.9999, 6);
    const page = (await myVolunteerPage(mem, 'p1'))!;
    const html = renderMyPage({ lang: 'zh', large: false, page });
    expect(html).toContain('<dt>可用积分</dt><dd><strong>0.9999</strong></dd>');
    // A redemption of the point it would have shown is refused.
    const redemption = { volunteerKey: personKey('p1'), points: 1, item: '毛巾', pickupCode: 'ABCDEFGH', at: now.toISOString() };
    expect(await mem.credits.redeem({ ...redemption, by: { id: 's', name: 's' }, stationAreaId: KEDA })).toBe('insufficient');
  });

  it('shows earned, spent and available alike, so they add up, and a voided service taken back (review 63)', async () => {
    const line = { volunteerKey: personKey('p1'), teamId: 'ruidi', at: now.toISOString() };
    // 1.5 h at 4 h a point, then 3.5 h voided after a complaint; 0.25 points spent.
    await mem.credits.post({ ...line, requestId: 'r1', minutes: 90, hours: 1.5, points: pointsFor(1.5, { hoursPerPoint: 4 }) });
    const voided = { ...line, requestId: 'r2', minutes: 210, hours: 3.5, points: pointsFor(3.5, { hoursPerPoint: 4 }) };
    await mem.credits.post(voided);
    expect(await mem.credits.void(voided, 'complaint upheld', now.toISOString())).toBe('voided');
    const redemption = { volunteerKey: personKey('p1'), points: 0.25, item: '毛巾', pickupCode: 'ABCDEFGH', at: now.toISOString() };
    expect(await mem.credits.redeem({ ...redemption, by: { id: 's', name: 's' }, stationAreaId: KEDA })).toBe('redeemed');
    const page = (await myVolunteerPage(mem, 'p1'))!;
    const html = renderMyPage({ lang: 'zh', large: false, page });
    const totals = [...html.matchAll(/<dt>([^<]+)<\/dt><dd>(?:<strong>)?([^< ]+)/g)].map((m) => [m[1], m[2]]);
    expect(Object.fromEntries(totals)).toEqual({ 服务时长: '1.5', 获得积分: '0.375', 已兑换积分: '0.25', 可用积分: '0.125' });
    expect(html).toContain(' · -3.5 小时 · 积分 -0.875 · <strong>已撤销</strong>');
    expect(html).toContain(' · 3.5 小时 · 积分 0.875</li>');
    expect(html).toContain(' · 1.5 小时 · 积分 0.375</li>');
  });

  it('shows points to the ledger’s 4 decimals, float error neither shown nor rounding a balance up to a point', () => {
    expect([0.9999, 1, 0.1 + 0.2, 2.675, 0.0049, 0.7 - 0.4, 0.3333 + 0.3333 + 0.3333].map(ledgerPoints)).toEqual([
      0.9999, 1, 0.3, 2.675, 0.0049, 0.3, 0.9999,
    ]);
  });

  it('names a wish the volunteer claimed themselves as their own claim, not an empty team', async () => {
    await mem.credits.post({
      volunteerKey: personKey('p1'),
      requestId: 'wish-1',
      minutes: 60,
      hours: 1,
      points: 0.25,
      at: now.toISOString(),
    });
    const page = (await myVolunteerPage(mem, 'p1'))!;
    expect(renderMyPage({ lang: 'zh', large: false, page })).toContain('<br>个人认领（微心愿） · 1 小时');
    expect(renderMyPage({ lang: 'en', large: false, page })).toContain('<br>Own claim (micro-wish) · 1 h');
  });

  it('marks a certificate holding a record corrected after issue, with the day, in both languages', async () => {
    const base = {
      volunteerId: 'p1',
      person: { name: '孙志愿' },
      period: { from: '2026-01-01', to: '2026-11-30' },
      services: [{ date: '2026-03-01', requestId: 'r1', activity: '家电维修', place: '科大社区', team: '瑞迪', hours: 2 }],
      totalHours: 2,
      issuer: { organization: '泰山区志愿服务中心', personInCharge: '李', contact: '0538-1234567' },
      issuedAt: '2026-12-01T02:00:00.000Z',
      issuedBy: { id: 's', name: 's' },
    };
    await mem.certificates.issue({ ...base, number: '2026-000001-AAAA' });
    await mem.certificates.issue({ ...base, number: '2026-000002-BBBB' });
    await mem.certificates.markCorrected('2026-000002-BBBB', 'r1', { at: '2026-12-03T01:00:00.000Z', hours: 1 });
    const page = (await myVolunteerPage(mem, 'p1'))!;
    const zh = renderMyPage({ lang: 'zh', large: false, page });
    expect(zh).toContain('<strong>2026-000002-BBBB</strong> · <strong>含已更正的服务记录</strong>（2026-12-03）<br>出具后');
    expect(zh).toMatch(/<strong>2026-000001-AAAA<\/strong><br>/);
    const en = renderMyPage({ lang: 'en', large: false, page });
    expect(en).toContain(
      '<strong>2026-000002-BBBB</strong> · <strong>Contains a service record corrected after issue</strong> (2026-12-03)<br>',
    );
  });
});

describe('the sign-in’s code step', () => {
  const resend =
    /<form method="post" action="\/me\/code(?:\?[^"]*)?" class="apart"><input type="hidden" name="phone" value="13912340001"><button type="submit" class="secondary">([^<]+)<\/button><\/form>/;
  const refused = { large: false, step: 'code' as const, phone: '13912340001' };
  const wrong = [{ field: 'code', message: 'This code can no longer be used: ask for a new one' }];

  it('after a refused code says nothing is being sent, and offers a new code for the same phone (review 63)', () => {
    const zh = renderSignInPage({ ...refused, lang: 'zh', issues: wrong }).replaceAll('\n', '');
    expect(zh).not.toContain('正在向它发送');
    expect(zh).toContain('请输入收到的最新一条验证码');
    expect(zh.match(resend)?.[1]).toBe('重新获取验证码');
    const en = renderSignInPage({ ...refused, lang: 'en', issues: wrong }).replaceAll('\n', '');
    expect(en).not.toContain('we are sending');
    expect(en.match(resend)?.[1]).toBe('Get a new code');
  });

  it('after a code was asked for says it is being sent, with the same way to ask again', () => {
    const zh = renderSignInPage({ ...refused, lang: 'zh' }).replaceAll('\n', '');
    expect(zh).toContain('我们正在向它发送验证码短信');
    expect(zh.match(resend)?.[1]).toBe('重新获取验证码');
  });
});

describe('the sign-in after a report posted signed out (review 63)', () => {
  it('says the report was not sent, and leads back to the claims', () => {
    const zh = renderSignInPage({ lang: 'zh', large: false, step: 'phone', next: '/me#claims', unsent: 'report' });
    expect(zh).toContain('<p class="notice">您已退出登录，刚才填写的完成情况没有提交，请登录后重新填写。</p>');
    expect(zh).toContain('action="/me/code?next=%2Fme%23claims"');
    const en = renderSignInPage({ lang: 'en', large: false, step: 'phone', unsent: 'report' });
    expect(en).toContain('the report you filled in was not sent');
    expect(renderSignInPage({ lang: 'zh', large: false, step: 'phone' })).not.toContain('没有提交');
  });
});

describe('changing their phone (the sign-in pages, flow phone-change)', () => {
  const base = { lang: 'en' as const, large: true, flow: 'phone-change' as const };

  it('posts the new number for a code, and the code to the change, keeping large type', () => {
    const phoneStep = renderSignInPage({ ...base, step: 'phone' });
    expect(phoneStep).toContain('<h1>Change your mobile number</h1>');
    expect(phoneStep).toContain('action="/me/phone/code?lang=en&amp;size=large"');
    expect(phoneStep).toContain('New mobile number');
    expect(phoneStep).not.toContain('/me/register');
    const codeStep = renderSignInPage({ ...base, step: 'code', phone: '+8613900003333' });
    expect(codeStep).toContain('action="/me/phone?lang=en&amp;size=large"');
    expect(codeStep).toContain('Change the number');
    expect(codeStep).not.toContain('/me/sign-in');
  });

  it("says another volunteer's number at its field, and the day's codes spent or the SMS unavailable", () => {
    const message = 'Another volunteer has this phone: ask the station to merge the two records';
    const taken = renderSignInPage({ ...base, lang: 'zh', step: 'phone', issues: [{ field: 'phone', message }] });
    expect(taken).toMatch(/id="f-phone"[^>]*aria-invalid="true"/);
    expect(taken).toContain('请联系服务站合并记录');
    expect(renderSignInPage({ ...base, step: 'phone', limited: 'spent', retryAt: '2026-12-01T16:00:00.000Z' })).toContain(
      'text-message codes have all been sent',
    );
    expect(renderSignInPage({ ...base, step: 'phone', limited: 'unavailable' })).toContain('cannot be sent just now');
  });

  it('is a section of their page, saying a change just made', async () => {
    const page = (await myVolunteerPage(mem, 'p1'))!;
    const mine = renderMyPage({ lang: 'zh', large: false, page, phone: 'changed' });
    expect(mine).toContain('<h2 id="phone">更换手机号</h2>');
    expect(mine).toContain('手机号已更换');
    expect(mine).toContain('action="/me/phone/code"');
  });
});
