import { describe, expect, it } from 'vitest';
import { orderMonth } from '#shared/domain/team';
import { KEDA, teamFixture } from '../support/fixtures';
import { eventually, useLocalStack } from '../support/local-stack';
import { uniquePhone } from '../support/served-order';
import { checkPage, fitsPhone, navigateBy, open, textOf, useBrowser } from './support/browser';

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

  it('asks before a corrected order replaces the one just sent: back, edit, send, replace; one open order, one offer', async () => {
    const { url, adapters } = local();
    await adapters.teams.register(teamFixture('resubmit-browser-team', { capacity: 10 }), ['appliance-repair']);
    const offered = async () => (await adapters.requests.openForTeam('resubmit-browser-team', 'OFFERED', 50)).map((r) => r.id);
    const { page, errors } = await chromium().page();
    const phone = uniquePhone();

    await open(page, `${url}/?service=appliance-repair&area=${KEDA}`);
    await page.selectOption('select[name="attr.appliance-repair.applianceType"]', 'radio');
    await page.fill('textarea[name=description]', '收音机没有声音了');
    await page.fill('input[name=contactName]', '王秀兰');
    await page.fill('input[name=phone]', phone);
    await page.fill('input[name=address]', '科大社区3号楼2单元501');
    await navigateBy(page, 'form[action="/requests"] button[type=submit]');
    await textOf(page.locator('h1')).toBe('需求已提交');
    const firstCode = (await page.locator('strong.code').textContent())!;
    const idOnPage = async () => /\/requests\/([0-9a-z]{20})\?/.exec((await page.locator('a.big-link').getAttribute('href'))!)![1]!;
    const firstId = await idOnPage();

    await page.goBack();
    await textOf(page.locator('h1')).toBe('小家电维修');
    expect(await page.inputValue('input[name=address]')).toBe('科大社区3号楼2单元501');
    await page.fill('input[name=address]', '科大社区3号楼2单元502');
    expect(await navigateBy(page, 'form[action="/requests"] button[type=submit]')).toBe(409);
    await textOf(page.locator('h1')).toBe('您刚才已提交过一份需求');
    await textOf(page.locator('h1 + p')).toContain(`查询码 ${firstCode}`);
    // Whose it was, masked: the reader can tell it is her own (the address is not shown).
    await textOf(page.locator('h1 + p')).toContain(`联系人 王**，电话 ${phone.slice(0, 3)}****${phone.slice(-4)}`);
    await fitsPhone(page, 'resubmit-choice');

    await navigateBy(page, 'button:has-text("用这份替换刚才那份")');
    await textOf(page.locator('h1')).toBe('需求已提交');
    await textOf(page.locator('p.notice')).toContain(`查询码 ${firstCode}）已取消`);
    await checkPage(page, 'resubmit-replaced');
    const secondId = await idOnPage();
    expect(secondId).not.toBe(firstId);

    // One open order for her, with the corrected address; the first cancelled; one offer to the team.
    const [first, second] = await Promise.all([adapters.requests.get(firstId), adapters.requests.get(secondId)]);
    expect([first?.status, first?.contact.address]).toEqual(['CANCELLED', '科大社区3号楼2单元501']);
    expect(second?.status).not.toBe('CANCELLED');
    expect([second?.contact.phone, second?.contact.address]).toEqual([`+86${phone}`, '科大社区3号楼2单元502']);
    await eventually(async () => (await offered()).includes(secondId));
    expect(await offered()).not.toContain(firstId);
    expect(errors).toEqual([]);
  });
});
