import { describe, expect, it } from 'vitest';
import { orderMonth } from '#shared/domain/team';
import { KEDA } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';
import { navigateBy, open, textOf, useBrowser } from './support/browser';

const local = useLocalStack();
const chromium = useBrowser();

describe('the order form sent twice in a real browser', () => {
  it('makes one request of fill, send, back and send again', async () => {
    const { url, adapters } = local();
    const { page, errors } = await chromium().page();

    await open(page, `${url}/?service=appliance-repair&area=${KEDA}`);
    const firstKey = await page.inputValue('input[name=formKey]');
    await page.fill('textarea[name=description]', '收音机没有声音了');
    await page.fill('input[name=contactName]', '王秀兰');
    await page.fill('input[name=phone]', '13912345678');
    await page.fill('input[name=address]', '3号楼');
    await page.selectOption('select[name="attr.appliance-repair.applianceType"]', 'radio');
    await navigateBy(page, 'form[action="/requests"] button[type=submit]');
    await textOf(page.locator('h1')).toBe('需求已提交');
    const code = await page.locator('strong.code').textContent();

    await page.goBack();
    await textOf(page.locator('h1')).toBe('小家电维修');
    // The page is not kept (no-store): back draws it again, with a new form key and the fields as typed.
    expect(await page.inputValue('input[name=formKey]')).not.toBe(firstKey);
    expect(await page.inputValue('textarea[name=description]')).toBe('收音机没有声音了');
    await navigateBy(page, 'form[action="/requests"] button[type=submit]');
    await textOf(page.locator('h1')).toBe('需求已提交');
    expect(await page.locator('strong.code').textContent()).toBe(code);

    const stored = await adapters.requests.listCreated(KEDA.slice(0, 6), orderMonth(new Date()), KEDA);
    expect(stored.map((r) => r.trackingCode)).toEqual([code?.replace(/\s/g, '')]);
    expect(errors).toEqual([]);
  });
});
