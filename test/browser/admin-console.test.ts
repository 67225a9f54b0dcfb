import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { queuePublisher, tableAdapters } from '#shared/adapters/composition';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { requestFixture } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';
import { checkPage, horizontalOverflow, textOf, useBrowser } from './support/browser';

// The demo data with its teams: 瑞迪e修站 repairs appliances in 科大社区.
const local = useLocalStack({ teams: true });
const chromium = useBrowser();

/** Like a function with notify and stats access: what is stored here is counted in the statistics. */
function countingAdapters() {
  const { stack } = local();
  return tableAdapters(stack.tableName, createDocumentClient(stack.dynamodb), queuePublisher({ notify: stack.queues.notify.url, stats: stack.queues.stats.url }, stack.sqs));
}

async function signIn(page: Page, token: string, path = '/console') {
  await page.goto(`${local().url}${path}`);
  await page.fill('input[name=token]', token);
  await page.click('#sign-in button');
  await page.locator('nav .tabs').waitFor();
}

const kpi = (page: Page, name: string) => page.locator(`[data-kpi="${name}"] .value`);

async function kpiNumber(page: Page, name: string): Promise<number> {
  await kpi(page, name).waitFor();
  return Number(await kpi(page, name).textContent());
}

describe('the admin console in a real browser', () => {
  it('signs in with the center token, dispatches an escalated request by hand, and the statistics count it', async () => {
    const { stack } = local();
    const { page, errors } = await chromium().page();

    await page.goto(`${local().url}/console`);
    await checkPage(page, 'console-sign-in');
    // The console's own policy allows its one script and nothing injected.
    await expect(page.addScriptTag({ content: 'window.injected = 1' })).rejects.toThrow(/Content Security Policy/);
    errors.length = 0;

    await signIn(page, stack.adminTokens.center);
    await page.click('button[data-tab=stats]');
    const before = { requests: await kpiNumber(page, 'requests'), offers: await kpiNumber(page, 'offers') };
    await checkPage(page, 'console-stats');

    const request = requestFixture({ status: 'ESCALATED', contact: { name: '张秀英', phone: '+8613712345678', address: '科大社区2号楼' } });
    await countingAdapters().requests.create({ request, events: [], outbox: [] });

    await page.click('button[data-tab=requests]');
    await page.click('button:has-text("中心待派单")');
    const card = page.locator(`li[data-request="${request.id}"]`);
    await textOf(card).toContain('张**');
    await textOf(card).toContain('中心处理中');
    await checkPage(page, 'console-requests');

    await card.locator('button').click();
    await textOf(page.locator('#detail-status')).toBe('中心处理中');
    await textOf(page.locator('main dl')).toContain('+8613712345678');
    await page.locator('#dispatch-form').waitFor();
    await checkPage(page, 'console-request-detail');
    const chosen = await page.locator('#dispatch-form input[name=teamId]').first().getAttribute('value');
    expect(chosen).toBe('ruidi-repair');
    await page.fill('#dispatch-form input[name=note]', '电话确认过');
    await page.click('#dispatch-form button[type=submit]');
    await textOf(page.locator('.flash')).toBe('已派单');
    await textOf(page.locator('#detail-status')).toBe('待接单');
    await textOf(page.locator('ol.timeline')).toContain('中心人工派给');
    expect(await local().adapters.requests.get(request.id)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'ruidi-repair' } });

    // The day counters catch up through the stats queue.
    await page.click('button[data-tab=stats]');
    await expect
      .poll(
        async () => {
          await page.click('#view form button[type=submit]');
          await page.waitForTimeout(300);
          return { requests: await kpiNumber(page, 'requests'), offers: await kpiNumber(page, 'offers') };
        },
        { timeout: 30_000, interval: 500 },
      )
      .toEqual({ requests: before.requests + 1, offers: before.offers + 1 });
    await page.locator('svg.chart').first().waitFor();
    expect(await page.locator('svg.chart text').allTextContents()).toContain('小家电维修');
    await checkPage(page, 'console-stats-after');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    expect(download.suggestedFilename()).toMatch(/^paidan-stats_.*\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFFarea_id,')).toBe(true);
    expect(csv).toContain('appliance-repair');
    expect(errors).toEqual([]);
  });

  it('manages teams and shows dead letters; station staff see their own area only', async () => {
    const { stack } = local();
    const { page, errors } = await chromium().page({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await signIn(page, stack.adminTokens.center);

    await page.click('button[data-tab=teams]');
    const ruidi = page.locator('li[data-team="ruidi-repair"]');
    await textOf(ruidi).toContain('瑞迪e修站');
    await checkPage(page, 'console-teams-360');
    await ruidi.locator('button', { hasText: '暂停接单' }).click();
    await textOf(ruidi.locator('.badge')).toBe('已暂停');
    expect((await local().adapters.teams.get('ruidi-repair'))!.paused).toBe(true);
    await ruidi.locator('button', { hasText: '恢复接单' }).click();
    await textOf(ruidi.locator('.badge')).toBe('接单中');
    await ruidi.locator('button', { hasText: '生成新令牌' }).click();
    await textOf(ruidi.locator('code.token')).toMatch(/^ruidi-repair\.[A-Za-z0-9_-]{43}$/);

    await page.click('summary:has-text("新建服务队")');
    await page.fill('#create-team input[name=id]', 'console-made');
    await page.fill('#create-team input[name=nameZh]', '控制台新队');
    await page.selectOption('#create-team select[name=stationAreaId]', 'taian.taishan.taiqian.keda');
    await page.check('#create-team input[name=services][value="appliance-repair"]');
    await page.click('#create-team button[type=submit]');
    await textOf(page.locator('.flash')).toBe('服务队已创建');
    await textOf(page.locator('details code.token')).toMatch(/^console-made\./);
    await textOf(page.locator('li[data-team="console-made"]')).toContain('控制台新队');
    expect(await local().adapters.teams.get('console-made')).toMatchObject({ servesAreaId: 'taian.taishan.taiqian.keda', capacity: 5 });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    await page.click('button[data-tab=dead-letters]');
    await textOf(page.locator('#dead-letters [data-queue="dispatch"]')).toContain('派单队列');
    await checkPage(page, 'console-dead-letters-360');

    await page.click('#sign-out');
    await signIn(page, stack.adminTokens.station);
    await page.click('button[data-tab=dead-letters]');
    await textOf(page.locator('#dead-letters')).toBe('只有中心管理员可以查看失败消息。');
    await page.click('button[data-tab=requests]');
    await page.locator('#request-list').waitFor();
    expect(errors).toEqual([]);
  });

  it('speaks English and large type when asked, and sends an expired token back to sign-in', async () => {
    const { page, errors } = await chromium().page();
    await page.goto(`${local().url}/console?lang=en&size=large`);
    await textOf(page.locator('h1')).toBe('Dispatch console');
    await page.fill('input[name=token]', 'admin.not-a-real-token');
    await page.click('#sign-in button');
    await textOf(page.locator('.flash')).toContain('The token is wrong or has expired');
    await signIn(page, local().stack.adminTokens.center, '/console?lang=en&size=large');
    await textOf(page.locator('button[data-tab=stats]')).toBe('Statistics');
    await checkPage(page, 'console-requests-en-large');
    expect(errors).toEqual([]);
  });
});
