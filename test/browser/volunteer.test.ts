import { describe, expect, it } from 'vitest';
import { KEDA, teamFixture } from '../support/fixtures';
import { maskPhone } from '#shared/domain/contact';
import { newInvitation } from '#shared/domain/team-invitation';
import { useLocalStack } from '../support/local-stack';
import { volunteerWithHours } from '../support/volunteer-with-hours';
import type { Page } from 'playwright-core';
import { codesSentTo } from '../support/volunteer-session';
import { signInTools, uniquePhone } from '../support/volunteer-sign-in';
import { checkPage, fitsPhone, navigateBy, open, textOf, useBrowser } from './support/browser';

const local = useLocalStack();
const chromium = useBrowser();
const { spacingPassed } = signInTools(local);

/** A registered person with 2.5 hours; their phone. */
const registeredWithHours = async (name: string) => (await volunteerWithHours(local(), name)).phone;

async function lastCode(phone: string): Promise<string> {
  return (await codesSentTo(local().url, phone)).at(-1)!;
}

describe('the volunteer in a real browser', () => {
  it('signs in with the SMS code and reads their hours, in large type and in English; each page fits a 360 px phone', async () => {
    const { url } = local();
    const phone = await registeredWithHours('冯志愿');
    const { page, errors } = await chromium().page();

    await open(page, `${url}/me?size=large`);
    await textOf(page.locator('h1')).toBe('我的志愿服务');
    await fitsPhone(page, 'volunteer-sign-in-large-360');
    await page.fill('input[name=phone]', phone);
    expect(await navigateBy(page, 'form[action^="/me/code"] button')).toBe(200);
    await fitsPhone(page, 'volunteer-code-large-360');
    await page.fill('input[name=code]', await lastCode(phone));
    await navigateBy(page, 'form[action^="/me/sign-in"] button');
    await textOf(page.locator('.status')).toContain('冯志愿');
    await textOf(page.locator('dl.totals')).toContain('2.5 小时');
    expect(new URL(page.url()).searchParams.get('size')).toBe('large');
    await fitsPhone(page, 'volunteer-page-large-360');
    await checkPage(page, 'volunteer-page-large');

    await navigateBy(page, 'nav a[hreflang=en]');
    await textOf(page.locator('h1')).toBe('My volunteer service');
    await fitsPhone(page, 'volunteer-page-en-large-360');

    await navigateBy(page, 'form[action^="/me/sign-out"] button');
    await textOf(page.locator('h1')).toBe('My volunteer service');
    expect(await page.locator('input[name=phone]').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('works with JavaScript off, and shows a refused code at its field', async () => {
    const { url } = local();
    const phone = await registeredWithHours('陈志愿');
    const { page, errors } = await chromium().page({ javaScriptEnabled: false });
    await open(page, `${url}/me`);
    await page.fill('input[name=phone]', phone);
    await navigateBy(page, 'form[action="/me/code"] button');
    const code = await lastCode(phone);
    await page.fill('input[name=code]', code === '000000' ? '111111' : '000000');
    expect(await navigateBy(page, 'form[action="/me/sign-in"] button')).toBe(400);
    expect(await page.locator('#f-code').getAttribute('aria-invalid')).toBe('true');
    await page.fill('input[name=code]', code);
    await navigateBy(page, 'form[action="/me/sign-in"] button');
    await textOf(page.locator('.status')).toContain('陈志愿');
    expect(errors).toEqual([]);
  });
});

describe('a browser still holding the old session cookie (paidan_me, Path=/me)', () => {
  it('is signed in by the sign-in, which expires the old cookie, and signed out by the sign-out', async () => {
    const { url } = local();
    const phone = await registeredWithHours('卫志愿');
    const { context, page } = await chromium().page();
    // What a sign-in before the __Host- change left (the local stack's name; Path=/me).
    const oldCookie = {
      name: 'paidan_me',
      value: 'old',
      domain: new URL(url).hostname,
      path: '/me',
      httpOnly: true,
      sameSite: 'Lax' as const,
    };
    await context.addCookies([oldCookie]);

    await open(page, `${url}/me`);
    await page.fill('input[name=phone]', phone);
    await navigateBy(page, 'form[action^="/me/code"] button');
    await page.fill('input[name=code]', await lastCode(phone));
    await navigateBy(page, 'form[action^="/me/sign-in"] button');
    await textOf(page.locator('.status')).toContain('卫志愿');
    // The session, and the browser's known-device mark for the phone.
    const cookies = async () => (await context.cookies(`${url}/me`)).map((c) => `${c.name} ${c.path}`).sort();
    expect(await cookies()).toEqual(['paidan_known /', 'paidan_me /']);

    await context.addCookies([oldCookie]);
    await navigateBy(page, 'form[action^="/me/sign-out"] button');
    // Signed out; the mark stays (docs/api.md: one mark a browser, kept at sign-out).
    expect(await cookies()).toEqual(['paidan_known /']);
  });
});

describe("a team's invitation in a real browser", () => {
  it('is accepted on the volunteer’s page without JavaScript, then the team is listed, left with a second tap; it fits 360 px', async () => {
    const { url, adapters } = local();
    const phone = await registeredWithHours('韦志愿');
    await adapters.teams.register(teamFixture('invite-team', { name: { zh: '邀请测试服务队', en: 'Invitation test team' } }), []);
    const identityKey = await adapters.signingKeys.identityKey();
    const invite = (teamId: string) =>
      adapters.invitations.invite(newInvitation(identityKey, teamId, `+86${phone}`, maskPhone(`+86${phone}`), new Date()), new Date());
    const invitation = await invite('invite-team');
    const { page, errors } = await chromium().page({ javaScriptEnabled: false });
    await open(page, `${url}/me`);
    await page.fill('input[name=phone]', phone);
    await navigateBy(page, 'form[action="/me/code"] button');
    await page.fill('input[name=code]', await lastCode(phone));
    await navigateBy(page, 'form[action="/me/sign-in"] button');
    const invited = page.locator(`li[data-invitation="${invitation.id}"]`);
    await textOf(invited).toContain('邀请测试服务队 邀请您加入');

    expect(await navigateBy(page, `form[action="/me/invitations/${invitation.id}/accept"] button`)).toBe(200);
    await textOf(page.locator('p[role=status]')).toBe('已加入服务队。');
    await textOf(page.locator('li[data-team="invite-team"]')).toContain('邀请测试服务队');
    expect(await invited.count()).toBe(0);
    expect(await adapters.volunteers.members('invite-team')).toEqual([expect.objectContaining({ teamId: 'invite-team' })]);

    // Leaving asks first; the second tap leaves.
    await navigateBy(page, 'li[data-team="invite-team"] form button');
    await textOf(page.locator('li[data-team="invite-team"] [role=alert]')).toContain('确定退出这支服务队吗？');
    await navigateBy(page, 'li[data-team="invite-team"] button[name=confirm]');
    await textOf(page.locator('p[role=status]')).toBe('已退出服务队。');
    expect(await adapters.volunteers.members('invite-team')).toEqual([]);

    // An invitation withdrawn while the page was open: the accept says so, and nothing is made.
    const withdrawn = await invite('invite-team');
    await page.reload();
    expect(await adapters.invitations.withdraw(withdrawn.id, new Date())).toBe(true);
    await navigateBy(page, `form[action="/me/invitations/${withdrawn.id}/accept"] button`);
    await textOf(page.locator('[role=alert]')).toContain('这个邀请已经失效');
    expect(await adapters.volunteers.members('invite-team')).toEqual([]);
    expect(errors).toEqual([]);

    // The invitation as axe and a 360 px phone see it, in English and large type.
    await invite('invite-team');
    const checked = await chromium().page();
    await checked.page.context().addCookies(await page.context().cookies());
    await open(checked.page, `${url}/me?lang=en&size=large`);
    await textOf(checked.page.locator('#invitations + p')).toContain('If you accept, this team sees your name');
    await fitsPhone(checked.page, 'volunteer-invitation-en-large-360');
    await checkPage(checked.page, 'volunteer-invitation-en-large');
    expect(checked.errors).toEqual([]);
  });
});

describe('the certificate in a real browser', () => {
  it('is listed on the volunteer’s page, opens as a printable page, and is checked on the public page; each fits 360 px', async () => {
    const { url, adapters } = local();
    const phone = await registeredWithHours('褚志愿');
    const person = (await adapters.volunteers.findByPhone(`+86${phone}`))!;
    const number = `2026-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}-B7QX`;
    await adapters.certificates.issue({
      number,
      volunteerId: person.id,
      person: { name: '褚志愿', identity: { type: 'resident-id', masked: '370902********1234' } },
      period: { from: '2026-01-01', to: '2026-12-01' },
      services: [
        {
          date: '2026-12-01',
          requestId: `r-${person.id}`,
          activity: '小家电维修',
          place: '泰山区泰前街道科大社区',
          team: '瑞迪维修志愿服务队',
          hours: 2.5,
        },
      ],
      totalHours: 2.5,
      issuer: { organization: '泰安市新时代文明实践中心', personInCharge: '李主任', contact: '0538-1234567' },
      issuedAt: '2026-12-02T02:00:00.000Z',
      issuedBy: { id: 'center', name: 'center-admin@paidan.local' },
    });
    const { page, errors } = await chromium().page();
    await open(page, `${url}/me`);
    await page.fill('input[name=phone]', phone);
    await navigateBy(page, 'form[action="/me/code"] button');
    await page.fill('input[name=code]', await lastCode(phone));
    await navigateBy(page, 'form[action="/me/sign-in"] button');
    await textOf(page.locator('main')).toContain(number);

    expect(await navigateBy(page, `a[href^="/me/certificates/${number}"]`)).toBe(200);
    await textOf(page.locator('h1')).toBe('志愿服务记录证明');
    await textOf(page.locator('p.person')).toBe('姓名：褚志愿居民身份证：370902********1234');
    await textOf(page.locator('main')).toContain('兹证明 上列志愿者于');
    await textOf(page.locator('table.record')).toContain('瑞迪维修志愿服务队');
    await fitsPhone(page, 'certificate-page-360');
    // On paper only the certificate: the site's header and the page's links are left off.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header').isVisible()).toBe(false);
    expect(await page.locator('.screen-only').first().isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    // Someone handed the paper checks the number: the name masked, valid; in large type too.
    await open(page, `${url}/certificates?size=large`);
    await page.fill('input[name=number]', number.toLowerCase());
    expect(await navigateBy(page, 'form[action="/certificates"] button')).toBe(200);
    await textOf(page.locator('main')).toContain('褚*愿');
    await textOf(page.locator('main dl')).toContain('有效');
    expect(await page.locator('main').textContent()).not.toContain('褚志愿');
    await fitsPhone(page, 'certificate-verify-large-360');
    await page.fill('input[name=number]', '2026-000000-AAAA');
    expect(await navigateBy(page, 'form[action="/certificates"] button')).toBe(404);
    await textOf(page.locator('[role=alert]')).toContain('没有找到');
    expect(errors).toEqual([]);
  });
});

describe('registering oneself in a real browser', () => {
  it('goes from the sign-in page to the community, the phone and the code, without JavaScript and in large type, and lands on their page', async () => {
    const { url } = local();
    const phone = `133${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const { page, errors } = await chromium().page({ javaScriptEnabled: false });
    await open(page, `${url}/me?size=large`);
    await navigateBy(page, 'a[href^="/me/register"]');
    await textOf(page.locator('h1')).toBe('登记成为志愿者');
    await page.fill('input[name=q]', '科大');
    await navigateBy(page, 'form[role=search] button');
    await navigateBy(page, `a.pick[href*="area=${KEDA}"]`);
    await textOf(page.locator('.status')).toContain('科大社区');
    await page.fill('input[name=phone]', phone);
    expect(await navigateBy(page, 'form[action^="/me/register/code"] button')).toBe(200);
    await page.fill('input[name=code]', await lastCode(phone));
    await page.fill('input[name=name]', '蒋志愿');
    await navigateBy(page, 'form[action^="/me/register"] button');
    await textOf(page.locator('.status')).toContain('蒋志愿');
    expect(new URL(page.url()).pathname).toBe('/me');
    expect(errors).toEqual([]);

    // The same pages checked by axe (which needs JavaScript to run) at 360 px in large type.
    const checked = await chromium().page();
    await open(checked.page, `${url}/me/register?size=large&q=${encodeURIComponent('科大')}`);
    await fitsPhone(checked.page, 'volunteer-register-pick-large-360');
    await open(checked.page, `${url}/me/register?size=large&area=${KEDA}`);
    await fitsPhone(checked.page, 'volunteer-register-phone-large-360');
    expect(checked.errors).toEqual([]);
  });
});

/** The space between the bottom of the one element `upper` selects and the top of the one `lower` selects, in CSS px. */
async function gapBetween(page: Page, upper: string, lower: string): Promise<number> {
  const [a, b] = [await page.locator(upper).boundingBox(), await page.locator(lower).boundingBox()];
  if (!a || !b) throw new Error(`not shown: ${a ? lower : upper}`);
  return b.y - (a.y + a.height);
}

describe('the new-code button of the code steps, on a 390 px phone', () => {
  it('stands at least 16 px below the sign-in and register buttons, in standard and large type; asked for while registering, it keeps the name and number typed', async () => {
    const { url } = local();
    const { page, errors } = await chromium().page({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const resend = 'main button.secondary';
    let phone = '';
    for (const large of [false, true]) {
      const size = large ? 'size=large' : '';
      await open(page, `${url}/me?${size}`);
      await page.fill('input[name=phone]', uniquePhone());
      expect(await navigateBy(page, 'form[action^="/me/code"] button')).toBe(200);
      expect(await gapBetween(page, 'form[action^="/me/sign-in"] button', resend), `sign-in, large ${large}`).toBeGreaterThanOrEqual(16);

      phone = uniquePhone();
      await open(page, `${url}/me/register?area=${KEDA}&${size}`);
      await page.fill('input[name=phone]', phone);
      expect(await navigateBy(page, 'form[action^="/me/register/code"] button')).toBe(200);
      expect(await gapBetween(page, 'main button:not(.secondary)', resend), `register, large ${large}`).toBeGreaterThanOrEqual(16);
    }

    // A code that did not come, a minute on: the new one asked for keeps what was typed, the old code aside.
    await page.fill('input[name=code]', '123456');
    await page.fill('input[name=name]', '韩志愿');
    await page.fill('input[name=volunteerNumber]', 'SD37-0100');
    await spacingPassed(phone);
    expect(await navigateBy(page, resend)).toBe(200);
    expect(await page.locator('.notice').textContent()).toContain('验证码短信已发出');
    expect(await page.inputValue('input[name=name]')).toBe('韩志愿');
    expect(await page.inputValue('input[name=volunteerNumber]')).toBe('SD37-0100');
    expect(await page.inputValue('input[name=code]')).toBe('');
    expect(await codesSentTo(url, phone)).toHaveLength(2);
    expect(errors).toEqual([]);
  });
});
