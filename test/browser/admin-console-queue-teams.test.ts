import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { requestFixture, teamFixture } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';
import { horizontalOverflow, textOf, useBrowser } from './support/browser';
import { postsOf as posts, signInToConsole } from './support/console';

// The demo data with its teams: 瑞迪e修站 is stationed in 科大社区 and serves the whole of 泰前街道.
const local = useLocalStack({ teams: true });
const chromium = useBrowser();

const signIn = (page: Page, token: string) => signInToConsole(page, local().url, token);

const shanghaiDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

describe('the request queue and the teams in the admin console', () => {
  it('lists a request escalated 40 days ago under 中心待派单 and in a status filter, and says the period it read', async () => {
    const { stack, adapters } = local();
    const at = new Date(Date.now() - 40 * 86_400_000).toISOString();
    const old = requestFixture({ status: 'ESCALATED', createdAt: at, updatedAt: at });
    await adapters.requests.create({ request: old, events: [], outbox: [] });
    const { page, errors } = await chromium().page({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await signIn(page, stack.adminTokens.station);
    const card = page.locator(`li[data-request="${old.id}"]`);
    const today = shanghaiDay(Date.now());
    const dates = () =>
      Promise.all([page.locator('#view input[name=from]').inputValue(), page.locator('#view input[name=to]').inputValue()]);

    // Unfiltered: the last 30 days, in the date fields and in words.
    await textOf(page.locator('#request-period')).toContain(`${shanghaiDay(Date.now() - 29 * 86_400_000)} 至 ${today}`);
    expect(await dates()).toEqual([shanghaiDay(Date.now() - 29 * 86_400_000), today]);
    expect(await card.count()).toBe(0);

    await page.click('button:has-text("中心待派单")');
    await textOf(card).toContain('中心处理中');
    const [from] = await dates();
    expect(from <= shanghaiDay(Date.parse(at))).toBe(true);
    await textOf(page.locator('#request-period')).toContain(`${from} 至 ${today}`);

    // The same by the status filter, the dates shown before not taken as chosen.
    await page.click('button[data-tab=wishes]');
    await page.click('button[data-tab=requests]');
    await page.selectOption('#view select[name=status]', 'WAITING');
    await page.click('#view form[role=search] button[type=submit]');
    await textOf(page.locator('#request-period')).toContain(`${from} 至 ${today}`);
    await page.selectOption('#view select[name=status]', 'ESCALATED');
    await page.click('#view form[role=search] button[type=submit]');
    await textOf(card).toContain('中心处理中');
    // Dates chosen are the ones read.
    await page.fill('#view input[name=from]', today);
    await page.click('#view form[role=search] button[type=submit]');
    await textOf(page.locator('#request-period')).toContain(`${today} 至 ${today}`);
    expect(await card.count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('keeps the list staff filtered for when the first, unfiltered list answers after it', async () => {
    const { stack, adapters } = local();
    const wanted = [0, 1].map(() => requestFixture({ serviceCode: 'calligraphy-class' }));
    const other = requestFixture({ serviceCode: 'red-story-lecture' });
    for (const request of [...wanted, other]) await adapters.requests.create({ request, events: [], outbox: [] });
    const { page, errors } = await chromium().page();
    const unfiltered = (url: URL) => url.pathname === '/admin/requests' && !url.searchParams.has('service');
    // The page notes when it has read the unfiltered list's answer: a task queued when the body is
    // read runs after every step the page takes on it, so the flag means the page has dealt with it.
    await page.addInitScript({
      content: `
        const json = Response.prototype.json;
        Response.prototype.json = function () {
          const read = json.call(this);
          const url = new URL(this.url);
          if (url.pathname === '/admin/requests' && !url.searchParams.has('service'))
            read.finally(() => setTimeout(() => document.documentElement.setAttribute('data-unfiltered-read', ''), 0));
          return read;
        };`,
    });
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(unfiltered, async (route) => {
      await held;
      await route.continue();
    });
    await signIn(page, stack.adminTokens.center);
    await page.selectOption('#view select[name=service]', 'calligraphy-class');
    await page.click('#view form[role=search] button[type=submit]');
    await textOf(page.locator('#request-count')).toBe('共 2 条');
    release();
    await page.locator('html[data-unfiltered-read]').waitFor({ state: 'attached' });
    const shown = await page
      .locator('#request-list li[data-request]')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-request')));
    expect(shown.sort()).toEqual(wanted.map((r) => r.id).sort());
    await textOf(page.locator('#request-count')).toBe('共 2 条');
    expect(await page.locator('#view select[name=service]').inputValue()).toBe('calligraphy-class');
    expect(errors).toEqual([]);
  });

  it('saves a station’s change to a team serving its whole street, the served area shown and not sent', async () => {
    const { stack, adapters } = local();
    const before = (await adapters.teams.get('ruidi-repair'))!;
    expect(before.servesAreaId).toBe('370902003');
    const { page, errors } = await chromium().page({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const sent: string[] = [];
    page.on('request', (r: Request) => {
      if (r.method() === 'PATCH') sent.push(r.postData() ?? '');
    });
    await signIn(page, stack.adminTokens.station);
    await page.click('button[data-tab=teams]');
    const ruidi = page.locator('li[data-team="ruidi-repair"]');
    await ruidi.locator('button', { hasText: '修改' }).click();
    await textOf(ruidi.locator('#serves-above')).toContain('只能由上级中心修改');
    expect(await ruidi.locator('select[name=servesAreaId]').count()).toBe(0);
    await ruidi.locator('input[name=capacity]').fill(String(before.capacity + 1));
    await ruidi.locator('button[type=submit]').click();
    await textOf(page.locator('.flash')).toBe('已保存');
    expect(sent.map((body) => JSON.parse(body))).toEqual([{ capacity: before.capacity + 1 }]);
    expect(await adapters.teams.get('ruidi-repair')).toMatchObject({ capacity: before.capacity + 1, servesAreaId: '370902003' });

    // Saving with nothing changed sends nothing.
    await ruidi.locator('button', { hasText: '修改' }).click();
    await ruidi.locator('button[type=submit]').click();
    await textOf(page.locator('.flash')).toBe('没有改动，未保存');
    expect(sent).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('sends a dispatch and a team creation once however fast the button is double-clicked', async () => {
    const { stack, adapters } = local();
    const request = requestFixture({ status: 'ESCALATED' });
    await adapters.requests.create({ request, events: [], outbox: [] });
    const { page, errors } = await chromium().page();
    const sent = posts(page);
    await signIn(page, stack.adminTokens.center);
    await page.goto(`${local().url}/console#request/${request.id}`);
    await page.locator('#dispatch-form').waitFor();
    await page.dblclick('#dispatch-form button[type=submit]');
    await textOf(page.locator('#detail-status')).toBe('待接单');
    await textOf(page.locator('.flash')).toBe('已派单');
    expect(sent).toEqual([`POST /admin/requests/${request.id}/dispatch`]);

    await page.click('button[data-tab=teams]');
    await page.click('summary:has-text("新建服务队")');
    await page.fill('#create-team input[name=id]', 'double-clicked');
    await page.fill('#create-team input[name=nameZh]', '双击队');
    for (const length of [6, 9, 12]) await page.selectOption('#create-team select[name=stationAreaId]', '370902003009'.slice(0, length));
    await page.check('#create-team input[name=services][value="appliance-repair"]');
    await page.dblclick('#create-team button[type=submit]');
    await textOf(page.locator('details code.token')).toMatch(/^double-clicked\./);
    await textOf(page.locator('li[data-team="double-clicked"]')).toContain('双击队');
    await textOf(page.locator('.flash')).toBe('服务队已创建');
    expect(sent.slice(1)).toEqual(['POST /admin/teams']);
    // Not locked for good: the next team is made with the same button.
    await page.fill('#create-team input[name=id]', 'double-clicked');
    await page.fill('#create-team input[name=nameZh]', '又一个');
    for (const length of [6, 9, 12]) await page.selectOption('#create-team select[name=stationAreaId]', '370902003009'.slice(0, length));
    await page.click('#create-team button[type=submit]');
    await textOf(page.locator('.flash.error')).toBe('已有编号为“double-clicked”的服务队，请换一个编号');
    expect(errors).toEqual([]);
  });

  it('loads more teams of the area first shown, whatever the area box says since (review 62, finding 2)', async () => {
    const { stack, adapters } = local();
    // More than a page of 50 for the center, whatever the other tests add.
    for (let i = 0; i < 51; i++)
      await adapters.teams.register(teamFixture(`paged-${String(i).padStart(2, '0')}`, { stationAreaId: '370902003009' }), [
        'appliance-repair',
      ]);
    const { page, errors } = await chromium().page();
    const lists: URL[] = [];
    page.on('request', (r: Request) => {
      const url = new URL(r.url());
      if (r.method() === 'GET' && url.pathname === '/admin/teams') lists.push(url);
    });
    await signIn(page, stack.adminTokens.center);
    await page.click('button[data-tab=teams]');
    const cards = page.locator('#team-list li.card');
    await page.locator('#load-more-teams').waitFor();
    expect(await cards.count()).toBe(50);
    // Staff pick another area but tap 加载更多 rather than 查看.
    const box = page.locator('#view form.filters select[name=area]');
    const other = await box.locator('option').nth(1).getAttribute('value');
    expect(other).toMatch(/^\d+$/);
    await box.selectOption(other!);
    await page.click('#load-more-teams');
    await cards.nth(50).waitFor();
    expect(lists.map((url) => url.searchParams.get('area'))).toEqual([null, null]);
    expect(lists[1]!.searchParams.get('after')).toMatch(/\//);
    expect(errors).toEqual([]);
  });

  it('keeps the statistics’ team load readable on a phone in Chinese: its headings keep their words, the page no wider than the phone', async () => {
    const { stack } = local();
    const { page, errors } = await chromium().page({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await signIn(page, stack.adminTokens.center);
    await page.click('button[data-tab=stats]');
    await page.locator('section[aria-labelledby=team-load-h] table').waitFor();
    const heights = async (selector: string) =>
      Promise.all(
        (await page.locator(`section[aria-labelledby=team-load-h] table ${selector}`).all()).map(
          async (cell) => (await cell.boundingBox())!.height,
        ),
      );
    const [heads, cellsHigh] = [await heights('thead th'), await heights('tbody tr > *')];
    // A line: the shortest cell. Headings on one line, a team's name on two at most (the bug: a
    // character a column, a heading five lines down, a name ten).
    const line = Math.min(...heads, ...cellsHigh);
    for (const height of heads) expect(height).toBeLessThan(1.5 * line);
    for (const height of cellsHigh) expect(height).toBeLessThan(2.5 * line);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
  });
});
