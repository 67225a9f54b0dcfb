import { describe, expect, it } from 'vitest';
import { useLocalStack } from '../support/local-stack';
import { checkPage, horizontalOverflow, navigateBy, textOf, useBrowser } from './support/browser';

const local = useLocalStack();
const chromium = useBrowser();

describe('the resident in a real browser', () => {
  it('orders through the form, keeps the tracking code, and finds the request again with it', async () => {
    const { url } = local();
    const { page, errors } = await chromium().page();

    await page.goto(`${url}/`);
    await checkPage(page, 'resident-form');
    await page.selectOption('select[name=serviceCode]', 'appliance-repair');
    await page.fill('textarea[name=description]', '收音机没有声音了，想请志愿者帮忙看看');
    await page.selectOption('select[name=areaId]', 'taian.taishan.taiqian.keda');
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
    expect(errors).toEqual([]);
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

  it('fits the form on a 360 px wide phone without sideways scrolling, in standard and large type', async () => {
    const { url } = local();
    const { page } = await chromium().page({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    for (const [path, name] of [
      ['/', 'resident-form-360'],
      ['/?size=large', 'resident-form-360-large'],
      ['/lookup?size=large', 'lookup-360-large'],
    ] as const) {
      await page.goto(`${url}${path}`);
      expect(await horizontalOverflow(page), path).toBeLessThanOrEqual(0);
      await checkPage(page, name);
    }
  });
});
