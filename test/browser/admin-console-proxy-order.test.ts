/**
 * 代点单 in the staff console: station staff fill the form for a resident on the phone (the
 * service's own questions as the resident's form asks them, the community from their own area)
 * and get an order recorded as `proxy`, its tracking code and status link on screen. A refusal
 * marks the field it names and keeps everything typed; a double click, and a retry after a lost
 * answer, make one order. A sign-in about to expire is renewed before a resident's details are
 * taken, and one that expired meanwhile loses nothing typed.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useLocalStack } from '../support/local-stack';
import { checkPage, fitsPhone, textOf, useBrowser } from './support/browser';
import { postsOf, signInToConsole } from './support/console';
import { forgedToken } from '../support/staff-tokens';

const local = useLocalStack();
const chromium = useBrowser();

// The station staff's own community (LOCAL_STATION_AREA): 科大社区.
const KEDA = '370902003009';

interface Resident {
  readonly name: string;
  readonly phone: string;
}

/** Fills the open 代点单 form for `resident`: a radio to repair, at home. */
async function formFilled(page: Page, resident: Resident): Promise<void> {
  await page.selectOption('#proxy-serviceCode', 'appliance-repair');
  await page.selectOption('#proxy-attributes-applianceType', 'radio');
  await page.check('#proxy-attributes-canBringToStation-1');
  await page.fill('#proxy-description', '收音机没有声音了');
  await page.locator(`#proxy-areaId option[value="${KEDA}"]`).waitFor({ state: 'attached' });
  await page.selectOption('#proxy-areaId', KEDA);
  await page.fill('#proxy-contactName', resident.name);
  await page.fill('#proxy-phone', resident.phone);
  await page.fill('#proxy-address', '科大社区3号楼2单元501');
}

/** The requests in the station's queue, read through the API (the list shows a phone as 139****5678); with `phone`, those for it. */
async function queue(url: string, token: string, phone?: string): Promise<{ id: string }[]> {
  const res = await fetch(`${url}/admin/requests`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { requests: { id: string; resident?: { phone?: string } }[] };
  return body.requests.filter((r) => !phone || r.resident?.phone === `${phone.slice(0, 3)}****${phone.slice(-4)}`);
}

/** A station staff token of 科大社区, for the local provider, expiring `seconds` from now (past, if negative). */
function stationToken(stack: Parameters<typeof forgedToken>[0], seconds: number): Promise<string> {
  const exp = Math.floor(Date.now() / 1000) + seconds;
  return forgedToken(stack, { claims: { sub: 'local-station-staff', groups: ['station-staff'], paidan_area: KEDA, exp } });
}

/** Still on screen, as typed by formFilled. */
async function stillTyped(page: Page, resident: Resident): Promise<void> {
  expect(await page.inputValue('#proxy-contactName')).toBe(resident.name);
  expect(await page.inputValue('#proxy-phone')).toBe(resident.phone);
  expect(await page.inputValue('#proxy-address')).toBe('科大社区3号楼2单元501');
  expect(await page.inputValue('#proxy-description')).toBe('收音机没有声音了');
  expect(await page.inputValue('#proxy-attributes-applianceType')).toBe('radio');
  expect(await page.isChecked('#proxy-attributes-canBringToStation-1')).toBe(true);
  expect(await page.inputValue('#proxy-areaId')).toBe(KEDA);
}

/** Pastes a good token in the sign-in beside the form. */
async function signInBeside(page: Page, token: string): Promise<void> {
  await page.fill('#proxy-sign-in input[name=token]', token);
  await page.click('#proxy-sign-in button[type=submit]');
}

/** The statuses the API answered the page's posts of orders with, in order. */
function orderAnswers(page: Page): number[] {
  const answers: number[] = [];
  page.on('response', (r) => {
    if (r.request().method() === 'POST' && new URL(r.url()).pathname === '/admin/requests') answers.push(r.status());
  });
  return answers;
}

describe('代点单 in the staff console', () => {
  it('orders for a resident: recorded as staff’s for them, the code and status link on screen, then the detail', async () => {
    const { stack, adapters, url } = local();
    const { page, errors } = await chromium().page();
    await signInToConsole(page, url, stack.adminTokens.station);
    await page.click('#proxy-order');
    await formFilled(page, { name: '王秀兰', phone: '13912345678' });
    // Labelled and marked as the resident's form does; a shared station PC suggests no one's data.
    await textOf(page.locator('label[for=proxy-phone]')).toBe('手机号（必填）');
    await textOf(page.locator('label[for=proxy-attributes-model]')).toBe('品牌型号（选填）');
    await textOf(page.locator('label[for=proxy-attributes-applianceType]')).toBe('电器类型（必填）');
    for (const id of ['proxy-contactName', 'proxy-phone', 'proxy-address']) {
      expect(await page.getAttribute(`#${id}`, 'autocomplete'), id).toBe('off');
    }
    expect(await page.getAttribute('#proxy-phone', 'type')).toBe('tel');
    await checkPage(page, 'console-proxy-order');
    await fitsPhone(page, 'console-proxy-order-360');

    const sent = postsOf(page);
    await page.click('#proxy-order-form button[type=submit]');
    await textOf(page.locator('#proxy-code')).toMatch(/^\d{4} \d{4}$/);
    const code = ((await page.textContent('#proxy-code')) ?? '').replace(' ', '');
    await textOf(page.locator('#proxy-done')).toContain(`${url}/lookup`);
    expect(await page.evaluate('document.activeElement.id')).toBe('proxy-done-title');
    await textOf(page.locator('.flash')).toContain('已下单');
    expect(sent).toEqual(['POST /admin/requests']);
    await checkPage(page, 'console-proxy-order-done');

    const [order] = await queue(url, stack.adminTokens.station, '13912345678');
    await textOf(page.locator('#proxy-status-link')).toMatch(new RegExp(`^${url}/requests/${order!.id}\\?token=`));
    const stored = await adapters.requests.get(order!.id);
    expect(stored).toMatchObject({
      channel: 'proxy',
      trackingCode: code,
      areaId: KEDA,
      attributes: { applianceType: 'radio', canBringToStation: false },
    });

    await page.click('#proxy-open');
    await textOf(page.locator('#view')).toContain('工作人员代点单');
    await textOf(page.locator('#view')).toContain('收音机');
    expect(await page.evaluate('location.hash')).toBe(`#request/${order!.id}`);

    // The next resident gets an empty form.
    await page.evaluate(`location.hash = '#requests'`);
    await page.click('#proxy-order');
    await page.locator('#proxy-contactName').waitFor();
    expect(await page.inputValue('#proxy-contactName')).toBe('');
    expect(errors).toEqual([]);
  });

  it('shows a missing phone beside the field and in a focused summary, keeps what was typed, and orders nothing', async () => {
    const { stack, url } = local();
    const { page, errors } = await chromium().page();
    await signInToConsole(page, url, stack.adminTokens.station);
    const answers = orderAnswers(page);
    const before = await queue(url, stack.adminTokens.station);
    await page.click('#proxy-order');
    await formFilled(page, { name: '缺电话', phone: '' });
    await page.click('#proxy-order-form button[type=submit]');
    await textOf(page.locator('#proxy-phone-error')).toContain('请填写居民的手机号');
    expect(await page.getAttribute('#proxy-phone', 'aria-invalid')).toBe('true');
    const summary = page.locator('#proxy-problems');
    await textOf(summary).toContain('手机号：请填写居民的手机号');
    expect(await page.evaluate('document.activeElement.id')).toBe('proxy-problems');
    expect(answers).toEqual([400]);
    expect(await queue(url, stack.adminTokens.station)).toEqual(before);
    // Nothing typed is lost.
    expect(await page.inputValue('#proxy-contactName')).toBe('缺电话');
    expect(await page.inputValue('#proxy-description')).toBe('收音机没有声音了');
    expect(await page.inputValue('#proxy-attributes-applianceType')).toBe('radio');
    expect(await page.inputValue('#proxy-areaId')).toBe(KEDA);
    await checkPage(page, 'console-proxy-order-refused');
    // The summary's link goes to the field, not away from the form.
    await summary.locator('a').click();
    expect(await page.evaluate('document.activeElement.id')).toBe('proxy-phone');
    expect(await page.locator('#proxy-order-form').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('makes one order of a double click, and of a send again after a lost answer', async () => {
    const { stack, url } = local();
    const { page, errors } = await chromium().page();
    await signInToConsole(page, url, stack.adminTokens.station);
    const sent = postsOf(page);
    await page.click('#proxy-order');
    await formFilled(page, { name: '双击居民', phone: '13912340051' });
    await page.dblclick('#proxy-order-form button[type=submit]');
    await textOf(page.locator('#proxy-code')).toMatch(/^\d{4} \d{4}$/);
    expect(sent).toEqual(['POST /admin/requests']);
    expect(await queue(url, stack.adminTokens.station, '13912340051')).toHaveLength(1);

    // The order reaches the API, its answer is lost on the way back: sent again, the same order comes back.
    await page.click('#proxy-next');
    await formFilled(page, { name: '断网居民', phone: '13912340052' });
    const keys: (string | undefined)[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/admin/requests') keys.push(r.headers()['idempotency-key']);
    });
    await page.route('**/admin/requests', async (route) => {
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.click('#proxy-order-form button[type=submit]');
    await textOf(page.locator('#proxy-problems')).toContain('这张单可能已经下好了');
    expect(await queue(url, stack.adminTokens.station, '13912340052')).toHaveLength(1);
    await page.unroute('**/admin/requests');
    await page.click('#proxy-order-form button[type=submit]');
    await textOf(page.locator('#proxy-code')).toMatch(/^\d{4} \d{4}$/);
    const [order] = await queue(url, stack.adminTokens.station, '13912340052');
    expect(await queue(url, stack.adminTokens.station, '13912340052')).toHaveLength(1);
    await textOf(page.locator('#proxy-status-link')).toContain(`/requests/${order!.id}?token=`);
    // One key for the filled form, sent both times.
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(errors).toEqual([]);
  });

  it('with less than 15 minutes left on the sign-in, asks staff to sign in again before a resident’s details are typed', async () => {
    const { stack, url } = local();
    const { page, errors } = await chromium().page();
    await signInToConsole(page, url, await stationToken(stack, 10 * 60));
    await page.click('#proxy-order');
    await textOf(page.locator('#proxy-sign-in')).toContain('您的登录不到 15 分钟就要过期了');
    expect(await page.locator('#proxy-order-form').count()).toBe(0);
    await checkPage(page, 'console-proxy-order-sign-in-first');
    // Signed in again right there, the form is offered.
    await signInBeside(page, stack.adminTokens.station);
    await page.locator('#proxy-contactName').waitFor();
    expect(await page.locator('#proxy-sign-in').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('keeps everything typed when the sign-in has expired at send: nothing sent, sign in beside the form, send again', async () => {
    const { stack, url } = local();
    const { page, errors } = await chromium().page();
    await signInToConsole(page, url, stack.adminTokens.station);
    const resident = { name: '过期居民', phone: '13912340061' };

    // The API answers 401 (the token expired on its clock): the form stays, the console is not signed out.
    await page.click('#proxy-order');
    await formFilled(page, resident);
    await page.route('**/admin/requests', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({ status: 401, contentType: 'application/json', body: '{"error":{"code":"UNAUTHORIZED","message":"expired"}}' })
        : route.continue(),
    );
    await page.click('#proxy-order-form button[type=submit]');
    await textOf(page.locator('#proxy-sign-in')).toContain('登录已过期，这张单还没有提交');
    await stillTyped(page, resident);
    await page.locator('nav .tabs').waitFor();
    expect(await queue(url, stack.adminTokens.station, resident.phone)).toEqual([]);
    await checkPage(page, 'console-proxy-order-expired');
    await page.unroute('**/admin/requests');
    await signInBeside(page, stack.adminTokens.station);
    await textOf(page.locator('.flash')).toContain('已重新登录');
    expect(await page.locator('#proxy-sign-in').count()).toBe(0);
    await page.click('#proxy-order-form button[type=submit]');
    await textOf(page.locator('#proxy-code')).toMatch(/^\d{4} \d{4}$/);
    expect(await queue(url, stack.adminTokens.station, resident.phone)).toHaveLength(1);

    // The token's own exp has passed: the console sends nothing and asks the same.
    const next = { name: '过期居民二', phone: '13912340062' };
    await page.click('#proxy-next');
    await formFilled(page, next);
    await page.evaluate(`sessionStorage.setItem('paidan.adminToken', ${JSON.stringify(await stationToken(stack, -60))})`);
    const sent = postsOf(page);
    await page.click('#proxy-order-form button[type=submit]');
    await textOf(page.locator('#proxy-sign-in')).toContain('登录已过期，这张单还没有提交');
    await stillTyped(page, next);
    expect(sent).toEqual([]);
    await signInBeside(page, stack.adminTokens.station);
    await page.click('#proxy-order-form button[type=submit]');
    await textOf(page.locator('#proxy-code')).toMatch(/^\d{4} \d{4}$/);
    expect(await queue(url, stack.adminTokens.station, next.phone)).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('takes an order on a PC whose clock is hours ahead (a wrong time zone): the token counts from when the tab kept it', async () => {
    const { stack, url } = local();
    const { page, errors } = await chromium().page();
    await page.clock.setFixedTime(new Date(Date.now() + 8 * 3600 * 1000));
    await signInToConsole(page, url, stack.adminTokens.station);
    await page.click('#proxy-order');
    await formFilled(page, { name: '钟快居民', phone: '13912340063' });
    expect(await page.locator('#proxy-sign-in').count()).toBe(0);
    await page.click('#proxy-order-form button[type=submit]');
    await textOf(page.locator('#proxy-code')).toMatch(/^\d{4} \d{4}$/);
    expect(await queue(url, stack.adminTokens.station, '13912340063')).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});
