/**
 * Erasure from the staff console: on an ended request's detail, a center admin ticks that the
 * resident asked and erases; the detail then says the data was removed, and offers no erasure again.
 */
import { describe, expect, it } from 'vitest';
import { requestFixture } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';
import { textOf, useBrowser } from './support/browser';
import { postsOf, signInToConsole } from './support/console';

const local = useLocalStack();
const chromium = useBrowser();

describe('erasing a resident’s data in the staff console', () => {
  it('asks for the resident’s request first, erases once, and the detail says the data was removed', async () => {
    const { stack, adapters, url } = local();
    const request = requestFixture({
      status: 'CLOSED',
      contact: { name: '祁删除', phone: '+8613912340077', address: '科大社区12号楼' },
    });
    await adapters.requests.create({ request, events: [], outbox: [] });
    const { page, errors } = await chromium().page();
    await signInToConsole(page, url, stack.adminTokens.center);
    await page.evaluate(`location.hash = '#request/${request.id}'`);
    await page.locator('#erase-form').waitFor();
    await textOf(page.locator('main')).toContain('祁删除');
    const sent = postsOf(page);
    await page.click('#erase-form button[type=submit]');
    await textOf(page.locator('.flash')).toContain('请先勾选');
    expect(sent).toEqual([]);
    await page.check('#erase-asked');
    await page.dblclick('#erase-form button[type=submit]');
    await textOf(page.locator('.flash')).toBe('居民个人信息已删除');
    expect(sent).toEqual([`POST /admin/requests/${request.id}/erase`]);
    await textOf(page.locator('main')).toContain('按个人信息保护规定删除');
    expect(await page.locator('main').textContent()).not.toContain('祁删除');
    expect(await page.locator('#erase-form').count()).toBe(0);
    expect((await adapters.requests.get(request.id))!.anonymisedAt).toEqual(expect.any(String));
    expect(errors).toEqual([]);
  });
});
