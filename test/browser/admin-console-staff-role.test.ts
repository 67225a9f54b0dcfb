/**
 * The staff console knows who is signed in (`GET /admin/me`): it names the role and the area in
 * its header and offers only what the API allows them: no move, certificates, records export,
 * erasure or failed messages for a station's staff (nor a person's certificates by their address);
 * and a district's center admin reaches the certificates of someone living in another district who
 * served in theirs, from the request, the name forgotten with the sign-in.
 */
import { describe, expect, it } from 'vitest';
import { certifiableVolunteer, servedInTwoPlaces } from '../support/certifiable-volunteer';
import { useLocalStack } from '../support/local-stack';
import { forgedToken } from '../support/staff-tokens';
import { checkPage, PHONE, textOf, useBrowser } from './support/browser';
import { signInToConsole } from './support/console';

const local = useLocalStack();
const chromium = useBrowser();

describe('the staff console, by who is signed in', () => {
  it('names the role and area, and offers a station’s staff none of the center’s controls; the center admin has them', async () => {
    const { stack, adapters, url } = local();
    const { request } = await certifiableVolunteer(adapters, { id: 'staffrole00000000001', name: '郑志愿', phone: '+8613712340001' });

    const station = await chromium().page({ viewport: PHONE, isMobile: true, hasTouch: true });
    await signInToConsole(station.page, url, stack.adminTokens.station);
    await textOf(station.page.locator('#signed-in-as')).toBe('已登录：站点工作人员 · 科大社区');
    await checkPage(station.page, 'console-signed-in-station-360');
    expect(await station.page.locator('button[data-tab=dead-letters]').count()).toBe(0);
    await station.page.click('button[data-tab=volunteers]');
    await station.page.fill('input[name=phone]', '13712340001');
    await station.page.click('form[role=search] button');
    await textOf(station.page.locator('section[data-volunteer] h3')).toBe('郑志愿');
    // Their area is one community: a move between two is not theirs, nor are certificates or the records export.
    await textOf(station.page.locator('section[data-volunteer]')).toContain('证明由志愿服务中心');
    expect(await station.page.locator('#move-home').count()).toBe(0);
    expect(await station.page.locator('details[data-certificates]').count()).toBe(0);
    expect(await station.page.locator('#export-records').count()).toBe(0);
    await station.page.evaluate(`location.hash = '#request/${request.id}'`);
    await station.page.locator('#correct-form').waitFor();
    expect(await station.page.locator('#erase-form').count()).toBe(0);
    expect(await station.page.locator('[data-certify]').count()).toBe(0);
    // A person's certificates are not a station's to open: their address (history, a bookmark) leads to the queue.
    await station.page.evaluate(`location.hash = '#certificates/staffrole00000000001'`);
    await station.page.locator('#request-list').waitFor();
    expect(await station.page.getAttribute('button[data-tab=requests]', 'aria-current')).toBe('page');
    expect(await station.page.locator('form.issue-certificate').count()).toBe(0);

    const center = await chromium().page();
    await signInToConsole(center.page, url, stack.adminTokens.center);
    await textOf(center.page.locator('#signed-in-as')).toBe('已登录：中心管理员 · 全部区域');
    await center.page.locator('button[data-tab=dead-letters]').waitFor();
    await center.page.click('button[data-tab=volunteers]');
    await center.page.fill('input[name=phone]', '13712340001');
    await center.page.click('form[role=search] button');
    await center.page.locator('#move-home').waitFor({ state: 'attached' });
    await center.page.locator('details[data-certificates]').waitFor({ state: 'attached' });
    await center.page.locator('#export-records').waitFor({ state: 'attached' });
    await center.page.evaluate(`location.hash = '#request/${request.id}'`);
    await center.page.locator('#erase-form').waitFor();
    await textOf(center.page.locator('[data-certify="staffrole00000000001"]')).toBe('郑志愿');

    // A station over a street holds several communities: the API lets them move someone between two, so the console offers it.
    const streetToken = await forgedToken(stack, {
      claims: { sub: 'street-staff', email: 'street@paidan.local', groups: ['station-staff'], paidan_area: '370902003' },
    });
    const street = await chromium().page();
    await signInToConsole(street.page, url, streetToken);
    await textOf(street.page.locator('#signed-in-as')).toMatch(/^已登录：站点工作人员 · \S+街道$/);
    await street.page.click('button[data-tab=volunteers]');
    await street.page.fill('input[name=phone]', '13712340001');
    await street.page.click('form[role=search] button');
    await street.page.locator('#move-home').waitFor({ state: 'attached' });
    expect(await street.page.locator('details[data-certificates]').count()).toBe(0);
    expect([...station.errors, ...center.errors, ...street.errors]).toEqual([]);
  });

  it('lets a district’s center admin certify someone living in another district from a request they served there', async () => {
    const { stack, adapters, url } = local();
    const id = 'staffrole00000000002';
    // At home in 科大社区 (泰山区); served two hours in 堰北 (岱岳区).
    const { yanbei } = await servedInTwoPlaces(adapters, { id, name: '冯志愿', phone: '+8613712340002' });
    const daiyue = await forgedToken(stack, {
      claims: { sub: 'daiyue-center', email: 'daiyue@paidan.local', groups: ['center-admin'], paidan_area: '370911' },
    });

    const { page, errors } = await chromium().page({ viewport: PHONE, isMobile: true, hasTouch: true });
    await signInToConsole(page, url, daiyue);
    await textOf(page.locator('#signed-in-as')).toBe('已登录：中心管理员 · 岱岳区');
    expect(await page.locator('button[data-tab=dead-letters]').count()).toBe(0);
    // The lookup by phone finds no one living outside the district (the API shows their card at home only), and says where to go.
    await page.click('button[data-tab=volunteers]');
    await page.fill('input[name=phone]', '13712340002');
    await page.click('form[role=search] button');
    await textOf(page.locator('#volunteer')).toContain('请打开其服务过的需求');

    await page.evaluate(`location.hash = '#request/${yanbei}'`);
    await page.click(`[data-certify="${id}"]`);
    await textOf(page.locator('#view-title')).toBe('冯志愿 的服务记录证明');
    await textOf(page.locator('ul.certificates')).toContain('还没有出具过证明');
    await page.fill('form.issue-certificate input[name=organization]', '岱岳区新时代文明实践中心');
    await page.fill('form.issue-certificate input[name=personInCharge]', '王主任');
    await page.fill('form.issue-certificate input[name=contact]', '0538-7654321');
    await checkPage(page, 'console-certify-elsewhere-360');
    await page.click('form.issue-certificate button[type=submit]');
    await textOf(page.locator('.flash')).toContain('已出具证明');
    // Only the two hours served in 堰北: 科大's 1.5 hours are 泰山区's to certify.
    await textOf(page.locator('ul.certificates li[data-number]')).toContain('2 h');
    const issued = await adapters.certificates.listFor(id);
    expect(issued).toEqual([expect.objectContaining({ issuerAreaId: '370911', totalHours: 2 })]);
    await page.click('button:has-text("返回")');
    await page.locator(`[data-certify="${id}"]`).waitFor();

    // The sign-in expires on their certificates: the next one to sign in in this tab starts on the queue, and no name is kept.
    await page.click(`[data-certify="${id}"]`);
    await textOf(page.locator('#view-title')).toBe('冯志愿 的服务记录证明');
    await page.evaluate(`sessionStorage.setItem('paidan.adminToken', 'expired')`);
    await page.click('form.issue-certificate button[type=submit]');
    await page.locator('input[name=token]').waitFor();
    expect(await page.evaluate('location.hash')).toBe('');
    await page.fill('input[name=token]', daiyue);
    await page.click('#sign-in button');
    await page.locator('#request-list').waitFor();
    await page.evaluate(`location.hash = '#certificates/${id}'`);
    await textOf(page.locator('#view-title')).toBe('志愿服务记录证明');
    expect(errors).toEqual([]);
  });
});
