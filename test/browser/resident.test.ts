import { describe, expect, it } from 'vitest';
import { useLocalStack } from '../support/local-stack';
import { checkPage, fitsPhone, horizontalOverflow, navigateBy, open, textOf, useBrowser } from './support/browser';

const local = useLocalStack({ wholeCity: true });
const chromium = useBrowser();

describe('the resident in a real browser', () => {
  it('orders through the form, keeps the tracking code, and finds the request again with it', async () => {
    const { url } = local();
    const { page, errors } = await chromium().page();

    // Among 3,782 communities: district, street, community, each a short list of links.
    await page.goto(`${url}/`);
    await checkPage(page, 'resident-picker');
    await navigateBy(page, 'a.pick:text-is("泰山区")');
    await navigateBy(page, 'a.pick:text-is("泰前街道")');
    await checkPage(page, 'resident-picker-street');
    await navigateBy(page, 'a.pick:text-is("科大社区")');
    await textOf(page.locator('.chosen-area strong')).toBe('泰山区 · 泰前街道 · 科大社区');
    await checkPage(page, 'resident-form');
    await page.selectOption('select[name=serviceCode]', 'appliance-repair');
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
    await textOf(page.locator('.status')).toBe('等待派单');
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
    await checkPage(page, 'resident-picker-en-large');
    // By name: the search finds the community with its district and street.
    await page.fill('input[name=q]', '科大');
    await navigateBy(page, 'form[role=search] button');
    await checkPage(page, 'resident-picker-search-en-large');
    await navigateBy(page, 'a.pick:text-is("泰山区 · 泰前街道 · 科大社区")');
    await page.selectOption('select[name=serviceCode]', 'appliance-repair');
    await page.fill('textarea[name=description]', 'The radio has no sound any more');
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
    await textOf(page.locator('.status')).toBe('Waiting for a team');
    expect(new URL(page.url()).searchParams.get('size')).toBe('large');
    await checkPage(page, 'resident-status-en-large');
    await fitsPhone(page, 'resident-status-en-large-360');
    const statusUrl = page.url();

    // The same page in Chinese, standard and large type, on the phone.
    await open(page, statusUrl.replace('lang=en', 'lang=zh').replace(/&?size=large/, ''));
    await textOf(page.locator('.status')).toBe('等待派单');
    await fitsPhone(page, 'resident-status-360');
    await navigateBy(page, 'nav a:has-text("大字")');
    await textOf(page.locator('.status')).toBe('等待派单');
    await fitsPhone(page, 'resident-status-large-360');

    await open(page, statusUrl);
    expect(await navigateBy(page, 'form[action*="/cancel"] button')).toBe(200);
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

    await open(page, `${url}/?area=370902003009`);
    await page.fill('input[name=phone]', '12345');
    expect(await navigateBy(page, 'form[action="/requests"] button[type=submit]')).toBe(400);
    await textOf(page.locator('.error-summary h2')).toBe('提交未成功，请修改以下内容：');
    await textOf(page.locator('.error-summary')).toContain('手机号：');
    expect(await page.locator('#f-phone').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#f-phone').inputValue()).toBe('12345');
    expect(await page.title()).toMatch(/^错误：/);
    await checkPage(page, 'resident-form-refused');
    await fitsPhone(page, 'resident-form-refused-360');

    await open(page, `${url}/?area=370902003009&lang=en&size=large`);
    await page.fill('input[name=contactName]', 'Li Guifang');
    expect(await navigateBy(page, 'form[action^="/requests"] button[type=submit]')).toBe(400);
    await textOf(page.locator('.error-summary h2')).toBe('The request was not sent. Please correct the following:');
    await textOf(page.locator('.error-summary li').first()).toBe('Service: Choose a service');
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
    // The API's own message is English, and marked so on a Chinese page.
    expect(await page.locator('main p[lang=en]').count()).toBe(1);
    await checkPage(page, 'error-404');
    await fitsPhone(page, 'error-404-360');

    expect(await open(page, `${nowhere}&lang=en&size=large`)).toBe(404);
    await textOf(page.locator('h1')).toBe('Not found');
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
    await page.fill('input[name=q]', '堰北');
    await navigateBy(page, 'form[role=search] button');
    await navigateBy(page, 'a.pick:text-is("岱岳区 · 粥店街道 · 堰北社区")');
    await textOf(page.locator('.chosen-area strong')).toBe('岱岳区 · 粥店街道 · 堰北社区');
    // Change it: back to the street's list, one step up from the community.
    await navigateBy(page, '.chosen-area a');
    await navigateBy(page, 'a.pick:text-is("堰北社区")');
    await page.selectOption('select[name=serviceCode]', 'elderly-visit');
    await page.fill('textarea[name=description]', '家里老人独居，希望有人每周来看看');
    await page.fill('input[name=contactName]', '赵桂兰');
    await page.fill('input[name=phone]', '13912340002');
    await page.fill('input[name=address]', '堰北社区5号楼');
    await page.check('input[name="attr.elderly-visit.livesAlone"][value="true"]');
    expect(await navigateBy(page, 'form[action="/requests"] button[type=submit]')).toBe(201);
    await textOf(page.locator('h1')).toBe('需求已提交');
    expect(errors).toEqual([]);
  });

  it('fits the form on a 360 px wide phone without sideways scrolling, in standard and large type', async () => {
    const { url } = local();
    const { page } = await chromium().page({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    for (const [path, name] of [
      ['/', 'resident-picker-360'],
      ['/?in=370911001&size=large', 'resident-picker-street-360-large'],
      ['/?q=%E7%A4%BE%E5%8C%BA&lang=en', 'resident-picker-search-en-360'],
      ['/?area=370902003009', 'resident-form-360'],
      ['/?area=370902003009&size=large', 'resident-form-360-large'],
      ['/?area=370902003009&lang=en', 'resident-form-en-360'],
      ['/?area=370902003009&lang=en&size=large', 'resident-form-en-360-large'],
      ['/lookup?size=large', 'lookup-360-large'],
    ] as const) {
      await page.goto(`${url}${path}`);
      expect(await horizontalOverflow(page), path).toBeLessThanOrEqual(0);
      await checkPage(page, name);
    }
  });
});
