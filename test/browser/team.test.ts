import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { keys } from '#shared/adapters/dynamo/keys';
import { beijingDay } from '#shared/domain/beijing-day';
import type { DevOutboxEntry } from '#shared/adapters/notify/dev-outbox';
import { INVITATION_SMS_PER_DAY } from '#shared/domain/team-invitation';
import { issueTeamToken } from '#shared/domain/team-token';
import { windowStart } from '#shared/ports/rate-limiter';
import { call, postJson, validSubmission } from '../support/http';
import { teamFixture } from '../support/fixtures';
import { eventually, useLocalStack } from '../support/local-stack';
import { acceptedAgo } from '../support/visit-time';
import { checkPage, fitsPhone, navigateBy, open, textOf, useBrowser } from './support/browser';

// The demo menu and areas, and one team of our own (no demo teams): every request goes to it.
const local = useLocalStack();
const chromium = useBrowser();
const TEAM = 'browser-team';
const TEAM_EMAIL = 'team@example.invalid';

/** Spends today's invitation SMS budget of the whole deployment (its rate-limit window at the limit), until restored. */
async function spendInvitationSmsBudget() {
  const { stack } = local();
  const db = createDocumentClient(stack.dynamodb);
  const { key, limit, windowSeconds } = INVITATION_SMS_PER_DAY;
  const window = windowStart(beijingDay(new Date()), windowSeconds);
  const Key = keys.rateWindow(key, window);
  const before = (await db.send(new GetCommand({ TableName: stack.tableName, Key }))).Item;
  await db.send(new PutCommand({ TableName: stack.tableName, Item: { ...before, ...Key, n: limit } }));
  return {
    restore: async () => {
      if (before) await db.send(new PutCommand({ TableName: stack.tableName, Item: before }));
      else await db.send(new DeleteCommand({ TableName: stack.tableName, Key }));
    },
  };
}

async function teamWithToken(): Promise<string> {
  const { adapters } = local();
  if (!(await adapters.teams.get(TEAM))) {
    const team = teamFixture(TEAM, {
      name: { zh: '浏览器测试队', en: 'Browser test team' },
      capacity: 5,
      channels: [{ kind: 'email', address: TEAM_EMAIL }],
    });
    await adapters.teams.register(team, team.services);
  }
  const token = issueTeamToken(TEAM);
  await adapters.teams.setTokenHash(TEAM, token.hash);
  return token.token;
}

/** A request through the API, offered to the team; its status page and the offer link from the team's notice. */
async function offeredRequest(overrides: Record<string, unknown> = {}) {
  const { url } = local();
  const submitted = (await postJson(`${url}/requests`, validSubmission(overrides))).json<{
    id: string;
    statusUrl: string;
    accessToken: string;
  }>();
  const notice = await eventually(async () => {
    const { entries } = (await call(`${url}/dev/outbox`)).json<{ entries: DevOutboxEntry[] }>();
    return entries.find((e) => e.kind === 'offer' && e.to === TEAM_EMAIL && e.data.requestId === submitted.id);
  }, 30_000);
  const links = notice.data.links as { view: string };
  return { ...submitted, offerUrl: links.view };
}

/** `url` with its page options set (`?lang=en`, `?size=large`), other parameters kept. */
function withOptions(url: string, options: { lang?: 'en'; large?: boolean }): string {
  const u = new URL(url);
  if (options.lang) u.searchParams.set('lang', options.lang);
  if (options.large) u.searchParams.set('size', 'large');
  return u.toString();
}

describe('a team in a real browser', () => {
  it('opens its offer link, accepts, sees the contact, reports the hours through the form; the resident may then rate', async () => {
    await teamWithToken();
    const request = await offeredRequest({
      contactName: '郑桂芳',
      phone: '13911112222',
      address: '科大社区5号楼3单元',
      attributes: { applianceType: 'radio', model: '熊猫 儿子手机13800002222' },
    });
    const { page, errors } = await chromium().page();

    await page.goto(request.offerUrl);
    await textOf(page.locator('main p strong')).toBe('请在期限前接单或婉拒');
    await textOf(page.locator('main dl')).toContain('139****2222');
    // The service's own fields, answered by the resident: by label and option name, before accepting.
    await textOf(page.locator('main dl.answers')).toBe('电器类型收音机品牌型号熊猫 儿子手机*******2222');
    expect(await page.locator('main').textContent()).not.toContain('5号楼');
    await checkPage(page, 'offer-open');
    await fitsPhone(page, 'offer-open-360');

    await navigateBy(page, 'form[action*="/accept"] button');
    await textOf(page.locator('main p strong')).toBe('您已接单。以下是居民的联系方式，请尽快联系。');
    // The phone to tap, grouped as it is read out (review 70).
    expect(await page.locator('main dl a[href="tel:+8613911112222"]').textContent()).toBe('139 1111 2222');
    await textOf(page.locator('main dl')).toContain('科大社区5号楼3单元');
    await textOf(page.locator('main dl.answers')).toBe('电器类型收音机品牌型号熊猫 儿子手机13800002222');
    await checkPage(page, 'offer-accepted');
    await fitsPhone(page, 'offer-accepted-360');

    // A row with a name and no minutes is refused and named; what was typed stays.
    await page.fill('#c-volunteer-1', '李同学');
    await page.fill('#c-minutes-1', '50');
    await page.fill('#c-volunteer-2', '王师傅');
    await navigateBy(page, 'form[action*="/complete"] button');
    await textOf(page.locator('.error-summary')).toContain('第 2 行 时长（分钟）：请填写服务时长');
    expect(await page.locator('#c-volunteer-1').inputValue()).toBe('李同学');
    expect(await page.locator('#c-minutes-2').getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'offer-completion-refused');
    await fitsPhone(page, 'offer-completion-refused-360');
    // Accepted a moment ago: no one has served 50 minutes since.
    await page.fill('#c-minutes-2', '30');
    expect(await navigateBy(page, 'form[action*="/complete"] button')).toBe(400);
    await textOf(page.locator('.error-summary')).toMatch(/第 1 行 时长（分钟）：最多 \d+ 分钟，不能超过接单以来的时间/);
    await acceptedAgo(local(), request.id);

    // The same form in English with larger text: refused once more, then sent.
    await open(page, withOptions(request.offerUrl, { lang: 'en', large: true }));
    await textOf(page.locator('#complete')).toBe('Report the order done');
    await checkPage(page, 'offer-accepted-en-large');
    await fitsPhone(page, 'offer-accepted-en-large-360');
    await page.fill('#c-volunteer-1', '李同学');
    await page.fill('#c-minutes-1', '50');
    await page.fill('#c-volunteer-2', '王师傅');
    await page.fill('#c-minutes-2', 'an hour and a half');
    expect(await navigateBy(page, 'form[action*="/complete"] button')).toBe(400);
    await textOf(page.locator('.error-summary')).toContain('Row 2 Minutes: Write the minutes as a number, e.g. 50');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await checkPage(page, 'offer-completion-refused-en-large');
    await fitsPhone(page, 'offer-completion-refused-en-large-360');

    await page.fill('#c-minutes-2', '1.5h');
    await page.fill('#c-note', '更换了保险丝');
    await navigateBy(page, 'form[action*="/complete"] button');
    await textOf(page.locator('main .panel')).toContain('Reported done on');
    expect(await page.locator('form[action*="/complete"]').count()).toBe(0);
    await checkPage(page, 'offer-completed-en-large');
    await fitsPhone(page, 'offer-completed-en-large-360');
    await open(page, request.offerUrl);
    await textOf(page.locator('main .panel')).toContain('报告完成');
    // Whom the report credited, for a teammate who would report the visit too (review 70).
    await textOf(page.locator('main ul')).toBe('李同学：50 分钟王师傅：90 分钟');
    await checkPage(page, 'offer-completed');
    await fitsPhone(page, 'offer-completed-360');
    const stored = await local().adapters.requests.get(request.id);
    expect(stored).toMatchObject({
      status: 'COMPLETED',
      completion: {
        note: '更换了保险丝',
        hours: [
          { volunteer: '李同学', minutes: 50 },
          { volunteer: '王师傅', minutes: 90 },
        ],
      },
    });

    await page.goto(request.statusUrl);
    await textOf(page.locator('.status')).toBe('已完成');
    await textOf(page.locator('main')).toContain('评价这次服务');
    await textOf(page.locator('main')).toContain('问题又出现了？');
    await checkPage(page, 'status-rating');
    await fitsPhone(page, 'status-rating-360');
    await open(page, withOptions(request.statusUrl, { lang: 'en', large: true }));
    await textOf(page.locator('.status')).toBe('Done');
    await textOf(page.locator('main')).toContain('Rate this service');
    await textOf(page.locator('main')).toContain('Is the problem back?');
    await checkPage(page, 'status-rating-en-large');
    await fitsPhone(page, 'status-rating-en-large-360');

    await open(page, request.statusUrl);
    // Each choice is named by its number of stars (the ★ signs are hidden from screen readers).
    await page.getByRole('radio', { name: '4 星', exact: true }).check();
    await page.fill('#comment', '修得很好');
    await navigateBy(page, 'form[action*="/rating"] button');
    await textOf(page.locator('.status')).toBe('已结束');
    expect(await page.locator('main form').count()).toBe(0);
    await textOf(page.locator('main')).toContain('修得很好');
    await textOf(page.locator('main')).toContain('4 星（满分 5 星）');
    await checkPage(page, 'status-closed');
    await fitsPhone(page, 'status-closed-360');
    await open(page, withOptions(request.statusUrl, { lang: 'en', large: true }));
    await textOf(page.locator('.status')).toBe('Closed');
    await checkPage(page, 'status-closed-en-large');
    await fitsPhone(page, 'status-closed-en-large-360');
    expect(errors).toEqual([]);
  });

  it('shows an offer as over once declined (English), refuses a late second answer (409), and once the resident cancels', async () => {
    await teamWithToken();
    const declined = await offeredRequest({ contactName: '陈玉兰', phone: '13633334444' });
    const { page, errors } = await chromium().page();
    // The same link opened earlier in another tab (or by a second volunteer of the team).
    const { page: earlier } = await chromium().page();
    await open(earlier, declined.offerUrl);
    await textOf(earlier.locator('main p strong')).toBe('请在期限前接单或婉拒');

    await open(page, withOptions(declined.offerUrl, { lang: 'en' }));
    await textOf(page.locator('main p strong')).toBe('Please accept or decline before the deadline');
    await checkPage(page, 'offer-open-en');
    await fitsPhone(page, 'offer-open-en-360');
    await page.selectOption('#reason', 'busy');
    await page.fill('#note', 'Everyone is away this week');
    expect(await navigateBy(page, 'form[action*="/decline"] button')).toBe(200);
    await textOf(page.locator('main p strong')).toBe('Your team declined this offer.');
    // No longer this team's: nothing of the request, not even the masked contact.
    await textOf(page.locator('main')).toContain('This offer is no longer your team’s.');
    expect(await page.locator('main dl').count()).toBe(0);
    expect(await page.locator('main form').count()).toBe(0);
    await checkPage(page, 'offer-declined-en');
    await fitsPhone(page, 'offer-declined-en-360');

    // Refused, and told so on the offer page itself, in the team's words (review 55).
    expect(await navigateBy(earlier, 'form[action*="/accept"] button')).toBe(409);
    await textOf(earlier.locator('main .error-summary')).toContain('这个派单已经结束');
    await textOf(earlier.locator('main p strong')).toBe('您的服务队已婉拒这个派单。');
    expect(await earlier.locator('main form').count()).toBe(0);
    await checkPage(earlier, 'offer-refused-409');
    await fitsPhone(earlier, 'offer-refused-409-360');
    // Its way on is the offer page's own (the language switch keeps the link), not the resident's form.
    expect(await earlier.locator('main a[href="/"]').count()).toBe(0);

    // Withdrawn by the resident while offered: their page says cancelled, the team's says over.
    const withdrawn = await offeredRequest({ contactName: '赵春梅', phone: '13544445555' });
    await open(page, withdrawn.statusUrl);
    await textOf(page.locator('.status')).toBe('待接单');
    await fitsPhone(page, 'status-offered-360');
    expect(await navigateBy(page, 'form[action*="/cancel"] button')).toBe(200);
    await checkPage(page, 'status-cancel-confirm');
    expect(await navigateBy(page, 'form[action*="/cancel"] button.danger')).toBe(200);
    await textOf(page.locator('.status')).toBe('已取消');
    expect(await page.locator('main form').count()).toBe(0);
    await checkPage(page, 'status-cancelled');
    await fitsPhone(page, 'status-cancelled-360');
    await open(page, withOptions(withdrawn.statusUrl, { large: true }));
    await checkPage(page, 'status-cancelled-large');
    await fitsPhone(page, 'status-cancelled-large-360');

    await open(page, withdrawn.offerUrl);
    await textOf(page.locator('main p strong')).toBe('这个派单已经结束（已过期、已婉拒、已取消或已派给其他服务队）。');
    expect(await page.locator('main form').count()).toBe(0);
    await checkPage(page, 'offer-closed');
    await fitsPhone(page, 'offer-closed-360');
    expect(errors).toEqual([]);
  });

  it('works its offers and orders in the team console: sign in with the token, accept, report done', async () => {
    const token = await teamWithToken();
    const request = await offeredRequest({
      contactName: '冯秀英',
      phone: '13722223333',
      address: '科大社区8号楼',
      // A number typed where the form does not ask for one: masked until the team accepts.
      description: '收音机没有声音，白天请打女儿电话13800001111',
    });
    const { url } = local();
    const { page, errors } = await chromium().page();

    await page.goto(`${url}/team`);
    await checkPage(page, 'team-console-sign-in');
    await fitsPhone(page, 'team-console-sign-in-360');
    await page.fill('input[name=token]', 'nonsense');
    await page.click('#sign-in button');
    await textOf(page.locator('.flash')).toBe('令牌无效或已更换，请重新粘贴令牌。');
    await page.fill('input[name=token]', token);
    await page.click('#sign-in button');
    await textOf(page.locator('#team-name')).toBe('服务队：浏览器测试队');
    const offer = page.locator(`#offers li[data-request="${request.id}"]`);
    await textOf(offer).toContain('137****3333');
    await textOf(offer.locator('dl.answers')).toBe('电器类型收音机');
    await textOf(offer).toContain('女儿电话*******1111');
    expect(await offer.textContent()).not.toContain('13800001111');
    expect(page.url()).toBe(`${url}/team`);
    await checkPage(page, 'team-console-offers');
    await fitsPhone(page, 'team-console-offers-360');

    await offer.locator('button', { hasText: '接单' }).click();
    const order = page.locator(`#orders li[data-request="${request.id}"]`);
    await textOf(order).toContain('+8613722223333');
    await textOf(order).toContain('科大社区8号楼');
    await textOf(order).toContain('女儿电话13800001111');
    await checkPage(page, 'team-console-orders');
    await fitsPhone(page, 'team-console-orders-360');

    // The token survives a reload in this tab (sessionStorage), and never appears in the URL.
    await page.reload();
    await textOf(page.locator(`#orders li[data-request="${request.id}"]`)).toContain('科大社区8号楼');
    // In English with larger text (the token stays in the tab), then back.
    await open(page, `${url}/team?lang=en&size=large`);
    await textOf(page.locator('#team-name')).toBe('Team: Browser test team');
    await textOf(page.locator(`#orders li[data-request="${request.id}"]`)).toContain('科大社区8号楼');
    await checkPage(page, 'team-console-orders-en-large');
    await fitsPhone(page, 'team-console-orders-en-large-360');
    await open(page, `${url}/team`);
    await textOf(page.locator(`#orders li[data-request="${request.id}"]`)).toContain('科大社区8号楼');

    // The leader invites by phone, any phone alike, and may withdraw; the volunteer joins by
    // accepting on their own page; naming them in a row then credits the person.
    const center = { authorization: `Bearer ${local().stack.adminTokens.center}` };
    const li = (
      await postJson(`${url}/admin/volunteers`, { name: '小李', phone: '13655556666', homeAreaId: '370902003009' }, center)
    ).json();
    await page.fill('#add-member input[name=memberPhone]', '13600000000');
    await page.click('#add-member button');
    await textOf(page.locator('.flash')).toContain('已发出邀请');
    // Queued is not sent: the provider may lack the invitation's template, which the team's side cannot know.
    await textOf(page.locator('.flash')).toContain('不一定能送到');
    await textOf(page.locator('#invitations')).toContain('136****0000');
    await page.click('#invitations li button');
    await textOf(page.locator('.flash')).toBe('已撤回邀请。');
    // The notice may show before the list is drawn again.
    await expect.poll(() => page.locator('#invitations').count()).toBe(0);
    // Past the deployment's day of invitation SMS: the invitation is made, and the leader is told no SMS went.
    const budget = await spendInvitationSmsBudget();
    try {
      await page.fill('#add-member input[name=memberPhone]', '13600000001');
      await page.click('#add-member button');
      await textOf(page.locator('.flash')).toContain('这次没有发短信');
      await textOf(page.locator('#invitations')).toContain('136****0001');
    } finally {
      await budget.restore();
    }
    await page.click('#invitations li button');
    await expect.poll(() => page.locator('#invitations').count()).toBe(0);
    await page.fill('#add-member input[name=memberPhone]', '136 5555 6666');
    await page.click('#add-member button');
    await textOf(page.locator('#invitations')).toContain('136****6666');
    expect(await page.locator(`#members li[data-member="${li.id}"]`).count()).toBe(0);
    await checkPage(page, 'team-console-members');
    const [invitation] = await local().adapters.invitations.ofTeam(TEAM, new Date());
    expect(await local().adapters.invitations.accept(invitation!.id, invitation!.phoneKey, li.id, new Date())).toBe('accepted');
    await page.reload();
    await textOf(page.locator(`#members li[data-member="${li.id}"]`)).toContain('小李：136****6666');

    const rows = order.locator('fieldset.row');
    await rows.nth(0).locator('input').nth(0).fill('小李');
    await rows.nth(0).locator('input').nth(1).fill('abc');
    await order.locator('button[type=submit]').click();
    await textOf(order.locator('[role=alert]')).toContain('第 1 位：请用数字填写分钟数');
    await rows.nth(0).locator('input').nth(1).fill('45');
    await order.locator('button', { hasText: '添加一位志愿者' }).click();
    await rows.nth(3).locator('input').nth(0).fill('v-1024');
    await rows.nth(3).locator('input').nth(1).fill('2h');
    await order.locator('button[type=submit]').click();
    // Accepted a moment ago: each row named with the most its volunteer can have served since.
    await textOf(order.locator('[role=alert]')).toMatch(/第 1 位：最多 \d+ 分钟，不能超过接单以来的时间\s*第 4 位：最多 \d+ 分钟/);
    await acceptedAgo(local(), request.id);
    await order.locator('button[type=submit]').click();
    await textOf(page.locator('.flash')).toBe('已报告完成，谢谢！');
    await textOf(page.locator('#orders')).toBe('目前没有进行中的订单。');
    expect(await local().adapters.requests.get(request.id)).toMatchObject({
      status: 'COMPLETED',
      completion: {
        hours: [
          { volunteer: '小李', volunteerId: li.id, minutes: 45 },
          { volunteer: 'v-1024', minutes: 120 },
        ],
      },
    });

    await page.click('button:has-text("退出")');
    await page.locator('#sign-in').waitFor();
    expect(await page.evaluate<number>('sessionStorage.length')).toBe(0);
    expect(errors).toEqual([]);
  });

  it('shows a refused report where the leader looks on a phone, and drops the order the resident cancelled meanwhile', async () => {
    const token = await teamWithToken();
    const request = await offeredRequest({ contactName: '孙凤英', phone: '13855556666', address: '科大社区9号楼' });
    const { url } = local();
    const { page, errors } = await chromium().page({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.goto(`${url}/team`);
    await page.fill('input[name=token]', token);
    await page.click('#sign-in button');
    await page.locator(`#offers li[data-request="${request.id}"] button`, { hasText: '接单' }).click();
    const order = page.locator(`#orders li[data-request="${request.id}"]`);
    await textOf(order).toContain('科大社区9号楼');
    await acceptedAgo(local(), request.id);
    await order.locator('fieldset.row input').nth(0).fill('小王');
    await order.locator('fieldset.row input').nth(1).fill('40');

    // The resident cancels while the leader fills the report in.
    const cancelled = await call(`${url}/requests/${request.id}/cancel`, {
      method: 'POST',
      headers: { 'x-access-token': request.accessToken },
    });
    expect(cancelled.status).toBeLessThan(300);
    await order.locator('button[type=submit]').click();
    const flash = page.locator('.flash.error');
    await textOf(flash).toContain('已不是本队的订单');
    // What the leader typed goes with the lists: said, for the station to add.
    await textOf(flash).toContain('您填写的时长没有记入：小王 40 分钟。如需补记，请联系服务站。');
    const inView =
      "(() => { const r = document.querySelector('.flash').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()";
    await expect.poll(() => page.evaluate<boolean>(inView)).toBe(true);
    expect(await page.evaluate<boolean>("document.activeElement.classList.contains('flash')")).toBe(true);
    // The lists are read again: the cancelled order, and the resident's contact with it, are gone.
    await expect.poll(() => order.count()).toBe(0);
    expect(await page.locator('#orders').textContent()).not.toContain('13855556666');
    await checkPage(page, 'team-console-report-refused-390');
    expect(errors).toEqual([]);
  });

  it('declines an offer in the team console once, however quickly the button is tapped twice', async () => {
    const token = await teamWithToken();
    const request = await offeredRequest({ contactName: '韩淑珍', phone: '13844445555' });
    const { page, errors } = await chromium().page();
    const declines: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes(`/offers/${request.id}/decline`)) declines.push(r.url());
    });
    await page.goto(`${local().url}/team`);
    await page.fill('input[name=token]', token);
    await page.click('#sign-in button');
    const offer = page.locator(`#offers li[data-request="${request.id}"]`);
    await offer.locator('select[name=reason]').selectOption('busy');
    await offer.locator('button', { hasText: '婉拒' }).dblclick();
    await textOf(page.locator('.flash')).toBe('已婉拒');
    await expect.poll(() => offer.count()).toBe(0);
    await page.waitForTimeout(500);
    expect(declines).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});
