import { describe, expect, it } from 'vitest';
import type { DevOutboxEntry } from '#shared/adapters/notify/dev-outbox';
import { issueTeamToken } from '#shared/domain/team-token';
import { call, postJson, validSubmission } from '../support/http';
import { teamFixture } from '../support/fixtures';
import { eventually, useLocalStack } from '../support/local-stack';
import { checkPage, navigateBy, textOf, useBrowser } from './support/browser';

// The demo menu and areas, and one team of our own (no demo teams): every request goes to it.
const local = useLocalStack();
const chromium = useBrowser();
const TEAM = 'browser-team';
const TEAM_EMAIL = 'team@example.invalid';

async function teamWithToken(): Promise<string> {
  const { adapters } = local();
  if (!(await adapters.teams.get(TEAM))) {
    const team = teamFixture(TEAM, { name: { zh: '浏览器测试队', en: 'Browser test team' }, capacity: 5, channels: [{ kind: 'email', address: TEAM_EMAIL }] });
    await adapters.teams.register(team, team.services);
  }
  const token = issueTeamToken(TEAM);
  await adapters.teams.setTokenHash(TEAM, token.hash);
  return token.token;
}

/** A request through the API, offered to the team; its status page and the offer link from the team's notice. */
async function offeredRequest(overrides: Record<string, unknown> = {}) {
  const { url } = local();
  const submitted = (await postJson(`${url}/requests`, validSubmission(overrides))).json<{ id: string; statusUrl: string }>();
  const notice = await eventually(async () => {
    const { entries } = (await call(`${url}/dev/outbox`)).json<{ entries: DevOutboxEntry[] }>();
    return entries.find((e) => e.kind === 'offer' && e.to === TEAM_EMAIL && e.data.requestId === submitted.id);
  }, 30_000);
  const links = notice.data.links as { view: string };
  return { ...submitted, offerUrl: links.view };
}

describe('a team in a real browser', () => {
  it('opens its offer link, accepts, sees the contact, reports the hours through the form; the resident may then rate', async () => {
    await teamWithToken();
    const request = await offeredRequest({ contactName: '郑桂芳', phone: '13911112222', address: '科大社区5号楼3单元' });
    const { page, errors } = await chromium().page();

    await page.goto(request.offerUrl);
    await textOf(page.locator('main p strong')).toBe('请在期限前接单或婉拒');
    await textOf(page.locator('main dl')).toContain('139****2222');
    expect(await page.locator('main').textContent()).not.toContain('5号楼');
    await checkPage(page, 'offer-open');

    await navigateBy(page, 'form[action*="/accept"] button');
    await textOf(page.locator('main p strong')).toBe('您已接单。以下是居民的联系方式，请尽快联系。');
    await textOf(page.locator('main dl')).toContain('+8613911112222');
    await textOf(page.locator('main dl')).toContain('科大社区5号楼3单元');
    await checkPage(page, 'offer-accepted');

    // A row with a name and no minutes is refused and named; what was typed stays.
    await page.fill('#c-volunteer-1', '李同学');
    await page.fill('#c-minutes-1', '50');
    await page.fill('#c-volunteer-2', '王师傅');
    await navigateBy(page, 'form[action*="/complete"] button');
    await textOf(page.locator('.error-summary')).toContain('第 2 行 时长（分钟）：请填写服务时长');
    expect(await page.locator('#c-volunteer-1').inputValue()).toBe('李同学');
    expect(await page.locator('#c-minutes-2').getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'offer-completion-refused');

    await page.fill('#c-minutes-2', '1.5小时');
    await page.fill('#c-note', '更换了保险丝');
    await navigateBy(page, 'form[action*="/complete"] button');
    await textOf(page.locator('main .panel')).toContain('报告完成');
    expect(await page.locator('form[action*="/complete"]').count()).toBe(0);
    await checkPage(page, 'offer-completed');
    const stored = await local().adapters.requests.get(request.id);
    expect(stored).toMatchObject({
      status: 'COMPLETED',
      completion: { note: '更换了保险丝', hours: [{ volunteer: '李同学', minutes: 50 }, { volunteer: '王师傅', minutes: 90 }] },
    });

    await page.goto(request.statusUrl);
    await textOf(page.locator('.status')).toBe('已完成');
    await textOf(page.locator('main')).toContain('评价这次服务');
    await checkPage(page, 'status-rating');
    await page.check('input[name=stars][value="4"]');
    await page.fill('#comment', '修得很好');
    await navigateBy(page, 'form[action*="/rating"] button');
    await textOf(page.locator('.status')).toBe('已结束');
    expect(errors).toEqual([]);
  });

  it('works its offers and orders in the team console: sign in with the token, accept, report done', async () => {
    const token = await teamWithToken();
    const request = await offeredRequest({ contactName: '冯秀英', phone: '13722223333', address: '科大社区8号楼' });
    const { url } = local();
    const { page, errors } = await chromium().page();

    await page.goto(`${url}/team`);
    await checkPage(page, 'team-console-sign-in');
    await page.fill('input[name=token]', 'nonsense');
    await page.click('#sign-in button');
    await textOf(page.locator('.flash')).toBe('令牌无效或已更换，请重新粘贴令牌。');
    await page.fill('input[name=token]', token);
    await page.click('#sign-in button');
    await textOf(page.locator('#team-name')).toBe(`服务队：${TEAM}`);
    const offer = page.locator(`#offers li[data-request="${request.id}"]`);
    await textOf(offer).toContain('137****3333');
    expect(page.url()).toBe(`${url}/team`);
    await checkPage(page, 'team-console-offers');

    await offer.locator('button', { hasText: '接单' }).click();
    const order = page.locator(`#orders li[data-request="${request.id}"]`);
    await textOf(order).toContain('+8613722223333');
    await textOf(order).toContain('科大社区8号楼');
    await checkPage(page, 'team-console-orders');

    // The token survives a reload in this tab (sessionStorage), and never appears in the URL.
    await page.reload();
    await textOf(page.locator(`#orders li[data-request="${request.id}"]`)).toContain('科大社区8号楼');

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
    await textOf(page.locator('.flash')).toBe('已报告完成，谢谢！');
    await textOf(page.locator('#orders')).toBe('目前没有进行中的订单。');
    expect(await local().adapters.requests.get(request.id)).toMatchObject({
      status: 'COMPLETED',
      completion: { hours: [{ volunteer: '小李', minutes: 45 }, { volunteer: 'v-1024', minutes: 120 }] },
    });

    await page.click('button:has-text("退出")');
    await page.locator('#sign-in').waitFor();
    expect(await page.evaluate<number>('sessionStorage.length')).toBe(0);
    expect(errors).toEqual([]);
  });
});
