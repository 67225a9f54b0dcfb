import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoServices } from '#shared/seed/menu';
import { KEDA } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';
import { checkPage, fitsPhone, horizontalOverflow, navigateBy, open, textOf, useBrowser, withTextSize } from './support/browser';

const local = useLocalStack({ wholeCity: true });
const chromium = useBrowser();

describe('the resident in a real browser', () => {
  it('orders through the form, keeps the tracking code, and finds the request again with it', async () => {
    const { url } = local();
    const { page, errors } = await chromium().page();

    // Among 3,782 communities: district, street, community, each a short list of links.
    await page.goto(`${url}/`);
    await checkPage(page, 'resident-menu');
    await navigateBy(page, 'a.tile[href="/?service=appliance-repair"]');
    await textOf(page.locator('h1')).toBe('小家电维修');
    await checkPage(page, 'resident-picker');
    await navigateBy(page, 'a.pick:text-is("泰山区")');
    await navigateBy(page, 'a.pick:text-is("泰前街道")');
    await checkPage(page, 'resident-picker-street');
    await navigateBy(page, 'a.pick:text-is("科大社区")');
    await textOf(page.locator('.chosen-area strong')).toBe('泰山区 · 泰前街道 · 科大社区');
    await checkPage(page, 'resident-form');
    await page.fill('textarea[name=description]', '收音机没有声音了，想请志愿者帮忙看看');
    await page.fill('input[name=contactName]', '王秀兰');
    await page.fill('input[name=phone]', '139 1234 5678');
    await page.fill('input[name=address]', '科大社区3号楼2单元501');
    await page.selectOption('select[name="attr.appliance-repair.applianceType"]', 'radio');
    await navigateBy(page, 'form[action="/requests"] button[type=submit]');

    await textOf(page.locator('h1')).toBe('需求已提交');
    const code = (await page.locator('strong.code').textContent())!.replace(/\s/g, '');
    expect(code).toMatch(/^\d{8}$/);
    await checkPage(page, 'resident-confirmation');

    await navigateBy(page, 'a.big-link');
    await textOf(page.locator('h1')).toBe('需求进度');
    // No team serves 科大社区 in this stack: the request goes to the center at once.
    await textOf(page.locator('.status')).toBe('中心处理中');
    await page.locator('form button', { hasText: '取消这个需求' }).waitFor();
    await checkPage(page, 'resident-status');

    await page.goto(`${url}/lookup`);
    await checkPage(page, 'lookup-form');
    await page.fill('input[name=code]', code);
    await page.fill('input[name=phone4]', '0000');
    await navigateBy(page, 'form[action="/lookup"] button');
    const refusal = page.locator('.error-summary');
    await textOf(refusal).toContain('没有找到与这个查询码和手机号后 4 位都相符的需求');
    expect(await page.locator('input[name=code]').inputValue()).toBe(code);
    await checkPage(page, 'lookup-refused');
    // An unknown code gets the very same answer.
    await page.fill('input[name=code]', code === '99999999' ? '99999998' : '99999999');
    await page.fill('input[name=phone4]', '5678');
    await navigateBy(page, 'form[action="/lookup"] button');
    await textOf(refusal).toContain('没有找到与这个查询码和手机号后 4 位都相符的需求');

    await page.fill('input[name=code]', `${code.slice(0, 4)} ${code.slice(4)}`);
    await page.fill('input[name=phone4]', '5678');
    await navigateBy(page, 'form[action="/lookup"] button');
    await textOf(page.locator('h1')).toBe('需求进度');
    await textOf(page.locator('.notice')).toContain('只能查看进度');
    await textOf(page.locator('main')).toContain('139****5678');
    expect(await page.locator('main form').count()).toBe(0);
    await checkPage(page, 'lookup-status');
    await fitsPhone(page, 'lookup-status-360');
    expect(errors).toEqual([]);
  });

  it('orders in English with larger text, sees the progress there and cancels; each page fits a 360 px phone', async () => {
    const { url } = local();
    const { page, errors } = await chromium().page();

    await open(page, `${url}/?lang=en&size=large`);
    await textOf(page.locator('h1')).toBe('Order a volunteer service');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await checkPage(page, 'resident-menu-en-large');
    await navigateBy(page, 'a.tile[href*="service=appliance-repair"]');
    expect(new URL(page.url()).searchParams.get('size')).toBe('large');
    await checkPage(page, 'resident-picker-en-large');
    // By name: the search finds the community with its district and street.
    await page.fill('input[name=q]', '科大');
    await navigateBy(page, 'form[role=search] button');
    await checkPage(page, 'resident-picker-search-en-large');
    await navigateBy(page, 'a.pick:text-is("泰山区 · 泰前街道 · 科大社区")');
    await checkPage(page, 'resident-form-en-large');
    // A long unbroken word (a link, a model number) wraps instead of widening the page.
    await page.fill('textarea[name=description]', `The radio has no sound any more: https://example.com/${'manual-'.repeat(20)}`);
    await page.fill('input[name=contactName]', 'Li Guifang');
    await page.fill('input[name=phone]', '13912340001');
    await page.fill('input[name=address]', 'Keda community, building 7');
    await page.selectOption('select[name="attr.appliance-repair.applianceType"]', 'radio');
    expect(await navigateBy(page, 'form[action^="/requests"] button[type=submit]')).toBe(201);

    await textOf(page.locator('h1')).toBe('Request sent');
    const code = (await page.locator('strong.code').textContent())!.replace(/\s/g, '');
    await checkPage(page, 'resident-confirmation-en-large');
    await fitsPhone(page, 'resident-confirmation-en-large-360');

    await navigateBy(page, 'a.big-link');
    await textOf(page.locator('h1')).toBe('Request progress');
    await textOf(page.locator('.status')).toBe('With the center');
    expect(new URL(page.url()).searchParams.get('size')).toBe('large');
    await checkPage(page, 'resident-status-en-large');
    await fitsPhone(page, 'resident-status-en-large-360');
    const statusUrl = page.url();

    // The same page in Chinese, standard and large type, on the phone.
    await open(page, statusUrl.replace('lang=en', 'lang=zh').replace(/&?size=large/, ''));
    await textOf(page.locator('.status')).toBe('中心处理中');
    await fitsPhone(page, 'resident-status-360');
    await navigateBy(page, 'nav a:has-text("大字")');
    await textOf(page.locator('.status')).toBe('中心处理中');
    await fitsPhone(page, 'resident-status-large-360');

    // Cancelling takes two taps: the first only asks.
    await open(page, statusUrl);
    expect(await navigateBy(page, 'form[action*="/cancel"] button')).toBe(200);
    await textOf(page.locator('.status')).toBe('With the center');
    await textOf(page.locator('.error-summary h2')).toBe('Cancel this request?');
    await fitsPhone(page, 'resident-status-cancel-confirm-en-large-360');
    expect(await navigateBy(page, 'form[action*="/cancel"] button.danger')).toBe(200);
    await textOf(page.locator('.status')).toBe('Cancelled');
    expect(await page.locator('main form').count()).toBe(0);
    await checkPage(page, 'resident-status-cancelled-en-large');
    await fitsPhone(page, 'resident-status-cancelled-en-large-360');
    await navigateBy(page, 'nav a[hreflang=zh-CN]');
    await textOf(page.locator('.status')).toBe('已取消');
    await checkPage(page, 'resident-status-cancelled-large');

    // Found again by its tracking code, in English.
    await open(page, `${url}/lookup?lang=en`);
    await checkPage(page, 'lookup-form-en');
    await page.fill('input[name=code]', code);
    await page.fill('input[name=phone4]', '0001');
    await navigateBy(page, 'form[action="/lookup?lang=en"] button');
    await textOf(page.locator('h1')).toBe('Request progress');
    await textOf(page.locator('.status')).toBe('Cancelled');
    await checkPage(page, 'lookup-status-en');
    await fitsPhone(page, 'lookup-status-en-360');
    expect(errors).toEqual([]);
  });

  it('refuses an incomplete order with a message at each field (400), in Chinese and in English with larger text', async () => {
    const { url } = local();
    const { page, errors } = await chromium().page();

    await open(page, `${url}/?service=elderly-visit&area=370902003009`);
    await page.fill('input[name=phone]', '12345');
    expect(await navigateBy(page, 'form[action="/requests"] button[type=submit]')).toBe(400);
    await textOf(page.locator('.error-summary h2')).toBe('提交未成功，请修改以下内容：');
    await textOf(page.locator('.error-summary')).toContain('手机号：');
    expect(await page.locator('#f-phone').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#f-phone').inputValue()).toBe('12345');
    expect(await page.title()).toMatch(/^错误：/);
    await checkPage(page, 'resident-form-refused');
    await fitsPhone(page, 'resident-form-refused-360');

    await open(page, `${url}/?service=elderly-visit&area=370902003009&lang=en&size=large`);
    await page.fill('input[name=contactName]', 'Li Guifang');
    expect(await navigateBy(page, 'form[action^="/requests"] button[type=submit]')).toBe(400);
    await textOf(page.locator('.error-summary h2')).toBe('The request was not sent. Please correct the following:');
    await textOf(page.locator('.error-summary')).toContain('What do you need help with: ');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('#f-contactName').inputValue()).toBe('Li Guifang');
    expect(await page.locator('#f-description').getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'resident-form-refused-en-large');
    await fitsPhone(page, 'resident-form-refused-en-large-360');
    expect(errors).toEqual([]);
  });

  it('shows the error page for a link that leads nowhere (404), in Chinese and in English', async () => {
    const { url } = local();
    const { page } = await chromium().page();
    const nowhere = `${url}/requests/no-such-request?token=not-a-token`;

    expect(await open(page, nowhere)).toBe(404);
    await textOf(page.locator('h1')).toBe('没有找到');
    await textOf(page.locator('main')).toContain('错误代码：404');
    // In Chinese throughout: the API's own message is English, and shown on the English page only.
    await textOf(page.locator('main')).toContain('链接可能不完整或已经失效');
    expect(await page.locator('main p[lang=en]').count()).toBe(0);
    await checkPage(page, 'error-404');
    await fitsPhone(page, 'error-404-360');

    expect(await open(page, `${nowhere}&lang=en&size=large`)).toBe(404);
    await textOf(page.locator('h1')).toBe('Not found');
    await textOf(page.locator('main')).toContain('Request not found');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await checkPage(page, 'error-404-en-large');
    await fitsPhone(page, 'error-404-en-large-360');
    await navigateBy(page, 'a.big-link');
    await textOf(page.locator('h1')).toBe('Order a volunteer service');
  });

  it('shows a problem at each field of a malformed lookup', async () => {
    const { url } = local();
    const { page } = await chromium().page();
    await page.goto(`${url}/lookup?lang=en`);
    await page.fill('input[name=code]', '123');
    await navigateBy(page, 'form[action="/lookup?lang=en"] button');
    await textOf(page.locator('.error-summary')).toContain('Enter the 8-digit tracking code');
    await textOf(page.locator('.error-summary')).toContain('Enter the last 4 digits of your mobile number');
    expect(await page.locator('#f-code').getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'lookup-malformed-en');
  });

  it('finds the community and orders with JavaScript off, through plain links and a plain form', async () => {
    const { url } = local();
    const { page, errors } = await chromium().page({ javaScriptEnabled: false });
    await open(page, `${url}/`);
    await navigateBy(page, 'a.tile[href="/?service=elderly-visit"]');
    await page.fill('input[name=q]', '堰北');
    await navigateBy(page, 'form[role=search] button');
    await navigateBy(page, 'a.pick:text-is("岱岳区 · 粥店街道 · 堰北社区")');
    await textOf(page.locator('.chosen-area strong')).toBe('岱岳区 · 粥店街道 · 堰北社区');
    // Change it: back to the street's list, one step up from the community.
    await navigateBy(page, '.chosen-area a');
    await navigateBy(page, 'a.pick:text-is("堰北社区")');
    await page.fill('textarea[name=description]', '家里老人独居，希望有人每周来看看');
    await page.fill('input[name=contactName]', '赵桂兰');
    await page.fill('input[name=phone]', '13912340002');
    await page.fill('input[name=address]', '堰北社区5号楼');
    await page.check('input[name="attr.elderly-visit.livesAlone"][value="true"]');
    expect(await navigateBy(page, 'form[action="/requests"] button[type=submit]')).toBe(201);
    await textOf(page.locator('h1')).toBe('需求已提交');
    expect(errors).toEqual([]);
  });

  it('shows the search’s matches as one types when JavaScript runs, without leaving the page, under the page’s CSP', async () => {
    const { url } = local();
    const { page, errors } = await chromium().page();
    const violations: string[] = [];
    page.on('console', (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
    await open(page, `${url}/?service=elderly-visit`);
    const before = page.url();
    await page.locator('#pick-q').pressSequentially('堰北', { delay: 30 });
    const match = page.locator('#pick-results a.pick:text-is("岱岳区 · 粥店街道 · 堰北社区")');
    await match.waitFor();
    expect(page.url()).toBe(before);
    await navigateBy(page, '#pick-results a.pick:text-is("岱岳区 · 粥店街道 · 堰北社区")');
    await textOf(page.locator('.chosen-area strong')).toBe('岱岳区 · 粥店街道 · 堰北社区');
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('fits the form on a 360 px wide phone without sideways scrolling, in standard and large type', async () => {
    const { url } = local();
    const { page } = await chromium().page({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    for (const [path, name] of [
      ['/', 'resident-menu-360'],
      ['/?size=large', 'resident-menu-360-large'],
      ['/?lang=en&size=large', 'resident-menu-en-360-large'],
      ['/?service=haircut', 'resident-picker-360'],
      ['/?service=haircut&in=370911001&size=large', 'resident-picker-street-360-large'],
      ['/?service=haircut&q=%E4%B8%9C&lang=en', 'resident-picker-search-en-360'],
      ['/?service=appliance-repair&area=370902003009', 'resident-form-360'],
      ['/?service=appliance-repair&area=370902003009&size=large', 'resident-form-360-large'],
      ['/?service=appliance-repair&area=370902003009&lang=en', 'resident-form-en-360'],
      ['/?service=appliance-repair&area=370902003009&lang=en&size=large', 'resident-form-en-360-large'],
      ['/lookup?size=large', 'lookup-360-large'],
    ] as const) {
      await page.goto(`${url}${path}`);
      expect(await horizontalOverflow(page), path).toBeLessThanOrEqual(0);
      await checkPage(page, name);
    }
  });

  it("fits every service's page in two screens at 390 × 844, axe clean at 360 px", async () => {
    const { url } = local();
    const screen = { width: 390, height: 844 };
    const { page } = await chromium().page({ viewport: screen, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const heights: Record<string, number> = {};
    for (const service of demoServices.filter((s) => s.active)) {
      expect(await open(page, `${url}/?service=${service.code}&area=${KEDA}`)).toBe(200);
      await textOf(page.locator('h1')).toBe(service.name.zh);
      heights[service.code] = await page.evaluate<number>('document.documentElement.scrollHeight');
      await fitsPhone(page, `resident-form-${service.code}-360`);
    }
    console.info('service page heights at 390 × 844 (px):', heights);
    for (const [code, height] of Object.entries(heights)) expect(height, code).toBeLessThanOrEqual(2 * screen.height);
  });

  it('opens a refused order or lookup at its problems, and the cancel question in view, focused, on a phone', async () => {
    const { url } = local();
    const screen = { width: 390, height: 844 };
    const { page, errors } = await chromium().page({ viewport: screen, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const focused = () => page.evaluate<string>("document.activeElement.className + '#' + document.activeElement.id");
    const inView = (selector: string) =>
      page.evaluate<boolean>(
        `(() => { const r = document.querySelector('${selector}').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()`,
      );

    await open(page, `${url}/?service=appliance-repair&area=${KEDA}`);
    await page.fill('input[name=contactName]', '王秀兰');
    await page.fill('input[name=phone]', '139 1234 567');
    expect(await navigateBy(page, 'form[action="/requests"] button[type=submit]')).toBe(400);
    await expect.poll(focused).toBe('error-summary#');
    // In the page's order (the appliance first, the phone last), the phone's length said as such.
    const summary = await page.locator('.error-summary li').allTextContents();
    expect(summary.map((line) => line.split('：')[0])).toEqual(['电器类型', '需求说明', '手机号', '服务地址']);
    expect(summary[2]).toBe('手机号：手机号是 11 位数字，这里填了 10 位');

    await page.fill('input[name=phone]', '13912345671');
    await page.fill('input[name=address]', '科大社区3号楼2单元501');
    await page.fill('textarea[name=description]', '收音机没有声音了');
    await page.selectOption('select[name="attr.appliance-repair.applianceType"]', 'radio');
    expect(await navigateBy(page, 'form[action="/requests"] button[type=submit]')).toBe(201);
    await navigateBy(page, 'a.big-link');
    expect(await navigateBy(page, 'form[action*="/cancel"] button')).toBe(200);
    // The question is far below the top of the page: focused, and scrolled to, with its button in view.
    expect(new URL(page.url()).hash).toBe('#cancel-confirm');
    await expect.poll(focused).toBe('error-summary#cancel-confirm');
    await expect.poll(() => inView('#cancel-confirm button.danger')).toBe(true);

    await open(page, `${url}/lookup`);
    await page.fill('input[name=code]', '1234');
    await navigateBy(page, 'form[action="/lookup"] button');
    await expect.poll(focused).toBe('error-summary#');
    expect(errors).toEqual([]);
  });

  it("follows the reader's own browser text size, and at 200 % zoom keeps the menu and its switches whole", async () => {
    const { url } = local();
    const { context, page } = await withTextSize(32);
    try {
      const rootSize = () => page.evaluate<string>('getComputedStyle(document.documentElement).fontSize');
      await open(page, `${url}/?service=appliance-repair&area=${KEDA}`);
      // 125 % of the reader's 32 px, where 16 px gives the usual 20 px; 大字 162.5 %.
      expect(await rootSize()).toBe('40px');
      expect(await page.evaluate<string>("getComputedStyle(document.querySelector('textarea')).fontSize")).toBe('40px');
      await open(page, `${url}/?service=appliance-repair&area=${KEDA}&size=large`);
      expect(await rootSize()).toBe('52px');
    } finally {
      await context.close();
    }

    // 200 % zoom on a 390 px phone is a 195 CSS px wide page.
    const { page: zoomed } = await chromium().page({ viewport: { width: 195, height: 422 }, isMobile: true, hasTouch: true });
    for (const path of ['/', '/?size=large']) {
      await open(zoomed, `${url}${path}`);
      expect(await horizontalOverflow(zoomed), path).toBeLessThanOrEqual(0);
      // One line each: 48 px, the switches' least height; a character a line was 166 px.
      const switches = (await zoomed.evaluate(
        "[...document.querySelectorAll('nav a')].map((a) => a.getBoundingClientRect().height)",
      )) as number[];
      expect(switches).toHaveLength(2);
      for (const height of switches) expect(height, `a switch on ${path} wraps`).toBeLessThanOrEqual(50);
    }
  });

  it('orders from the menu without JavaScript, the station link preselecting the area through both steps', async () => {
    const { url } = local();
    const { page, errors } = await chromium().page({ javaScriptEnabled: false });

    await open(page, `${url}/?area=${KEDA}`);
    await checkTileLinks(page);
    const tiles = await page.locator('a.tile').count();
    expect(tiles).toBe(demoServices.filter((s) => s.active).length);
    await navigateBy(page, 'a.tile[href*="service=elderly-visit"]');
    await textOf(page.locator('h1')).toBe(demoServices.find((s) => s.code === 'elderly-visit')!.name.zh);
    expect(await page.locator('input[name=areaId]').inputValue()).toBe(KEDA);
    expect(await page.locator('input[name^="attr."]:not([name^="attr.elderly-visit."])').count()).toBe(0);
    await page.fill('textarea[name=description]', '想请志愿者陪老人聊聊天');
    await page.fill('input[name=contactName]', '王秀兰');
    await page.fill('input[name=phone]', '13912345670');
    await page.fill('input[name=address]', '科大社区3号楼2单元');
    await fillRequiredServiceFields(page, 'elderly-visit');
    expect(await navigateBy(page, 'form[action="/requests"] button[type=submit]')).toBe(201);
    await textOf(page.locator('h1')).toBe('需求已提交');

    // Back from a service to the menu keeps the area.
    await open(page, `${url}/?service=elderly-visit&area=${KEDA}`);
    await navigateBy(page, '.chosen a');
    expect(new URL(page.url()).searchParams.get('area')).toBe(KEDA);
    expect(await page.locator('a.tile').first().getAttribute('href')).toContain(`area=${KEDA}`);
    expect(errors).toEqual([]);
  });
});

/** The menu is plain links: every tile leads to its service's form. (Axe needs page scripts: it runs on the same pages with JavaScript.) */
async function checkTileLinks(page: Page): Promise<void> {
  const tiles = page.locator('a.tile');
  for (let i = 0; i < (await tiles.count()); i++) expect(await tiles.nth(i).getAttribute('href')).toMatch(/^\/\?service=[a-z0-9-]+&area=/);
}

/** The demo service's required own fields, answered with their first option or a short text. */
async function fillRequiredServiceFields(page: Page, code: string): Promise<void> {
  const service = demoServices.find((s) => s.code === code)!;
  for (const field of service.fields.filter((f) => f.required)) {
    const name = `attr.${code}.${field.code}`;
    if (field.type === 'singlevaluelist') await page.selectOption(`select[name="${name}"]`, field.options![0]!.key);
    else if (field.type === 'multivaluelist' || field.type === 'boolean') await page.check(`input[name="${name}"] >> nth=0`);
    else if (field.type === 'datetime') await page.fill(`input[name="${name}"]`, '2030-03-01T09:00');
    else if (field.type === 'number') await page.fill(`input[name="${name}"]`, '1');
    else await page.fill(`[name="${name}"]`, '1');
  }
}
