import { describe, expect, it } from 'vitest';
import { useLocalStack } from '../support/local-stack';
import { codesSentTo, registeredPhone, smsOfKindTo } from '../support/volunteer-session';
import { uniquePhone } from '../support/volunteer-sign-in';
import { checkPage, fitsPhone, navigateBy, open, textOf, useBrowser } from './support/browser';

const local = useLocalStack();
const chromium = useBrowser();

describe('a volunteer changing their own phone in a real browser', () => {
  it('asks a code for the new number on their page, confirms it, and stays signed in; in large type, each page fits a 360 px phone', async () => {
    const { url, adapters } = local();
    const phone = await registeredPhone(adapters.volunteers, '吕志愿');
    const { page, errors } = await chromium().page();
    await open(page, `${url}/me?size=large`);
    await page.fill('input[name=phone]', phone);
    await navigateBy(page, 'form[action^="/me/code"] button');
    await page.fill('input[name=code]', (await codesSentTo(url, phone)).at(-1)!);
    await navigateBy(page, 'form[action^="/me/sign-in"] button');
    await textOf(page.locator('#phone')).toBe('更换手机号');

    const next = uniquePhone();
    await page.fill('form[action^="/me/phone/code"] input[name=phone]', next);
    expect(await navigateBy(page, 'form[action^="/me/phone/code"] button')).toBe(200);
    await textOf(page.locator('h1')).toBe('更换手机号');
    await fitsPhone(page, 'volunteer-phone-code-large-360');
    await checkPage(page, 'volunteer-phone-code-large');
    const [code] = (await smsOfKindTo(url, next, 'sign-in-code')).map((e) => /(\d{6})/.exec(e.text)?.[1] ?? '');
    await page.fill('input[name=code]', code!);
    await navigateBy(page, 'form[action^="/me/phone"] button');
    await textOf(page.locator('#phone ~ p[role=status]')).toBe('手机号已更换。以后请用新手机号登录。');
    await textOf(page.locator('.status')).toContain('吕志愿');
    expect(new URL(page.url()).searchParams.get('size')).toBe('large');
    expect((await adapters.volunteers.findByPhone(`+86${next}`))?.name).toBe('吕志愿');
    await fitsPhone(page, 'volunteer-phone-changed-large-360');
    await checkPage(page, 'volunteer-phone-changed-large');
    expect(errors).toEqual([]);
  });
});
