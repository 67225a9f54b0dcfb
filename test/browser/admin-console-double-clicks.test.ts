/**
 * A double click on a staff console form sends its post once (`submitOnce`): the hours form, a
 * certificate's issue and revocation, and a wish's publication; and the confirmation of a team's
 * new token (`askFirst`). A second post would issue a second certificate or token, or be refused
 * and say "changed meanwhile" after the success.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { certifiableVolunteer } from '../support/certifiable-volunteer';
import { requestFixture } from '../support/fixtures';
import { postJson, validSubmission } from '../support/http';
import { eventually, useLocalStack } from '../support/local-stack';
import { textOf, useBrowser } from './support/browser';
import { certificateFormFilled, postsOf as posts, signInToConsole } from './support/console';

// The demo data with its teams: 瑞迪e修站 repairs appliances in 科大社区.
const local = useLocalStack({ teams: true });
const chromium = useBrowser();

const signIn = (page: Page, token: string) => signInToConsole(page, local().url, token);

describe('the staff console’s forms, double-clicked', () => {
  it('records a visit’s hours once', async () => {
    const { stack, adapters } = local();
    const completedAt = new Date().toISOString();
    const request = requestFixture({
      status: 'COMPLETED',
      assignedTeam: { id: 'ruidi-repair', name: '瑞迪e修站' },
      acceptedAt: completedAt,
      completion: { completedAt, hours: [{ volunteer: '双击志愿者', minutes: 5 }] },
      dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    await adapters.requests.create({ request, events: [], outbox: [] });
    const { page, errors } = await chromium().page();
    const sent = posts(page);
    await signIn(page, stack.adminTokens.station);
    await page.evaluate(`location.hash = '#request/${request.id}'`);
    await page.locator('#hours-form').waitFor();
    await page.fill('#hours-form input[name=minutes-1]', '90');
    await page.fill('#hours-form textarea[name=reason]', '站里电话派单');
    await page.dblclick('#hours-form button[type=submit]');
    await textOf(page.locator('.flash')).toBe('服务时长已登记');
    expect(sent).toEqual([`POST /admin/requests/${request.id}/hours`]);
    expect(errors).toEqual([]);
  });

  it('issues one certificate and revokes it once', async () => {
    const { stack, adapters } = local();
    const person = 'certdouble0000000001';
    await certifiableVolunteer(adapters, { id: person, name: '卫双击', phone: '+8613612340001' });
    const { page, errors } = await chromium().page();
    await signIn(page, stack.adminTokens.center);
    await certificateFormFilled(page, '13612340001');
    const sent = posts(page);
    const path = `/admin/volunteers/${person}/certificates`;
    await page.dblclick('form.issue-certificate button[type=submit]');
    await textOf(page.locator('.flash')).toContain('已出具证明');
    const line = page.locator('ul.certificates li[data-number]');
    await textOf(line).toContain('1.5 h');
    expect(sent).toEqual([`POST ${path}`]);
    expect(await line.count()).toBe(1);

    const number = await line.getAttribute('data-number');
    await line.locator('input[name=reason]').fill('登记有误');
    await line.locator('form.revoke button').dblclick();
    await textOf(line).toContain('已撤销');
    await textOf(page.locator('.flash')).toContain('撤销');
    expect(sent).toEqual([`POST ${path}`, `POST /admin/certificates/${number}/revoke`]);
    expect(await page.locator('.flash.error').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('publishes a wish once', async () => {
    const { url, stack, adapters } = local();
    const submitted = await postJson(
      `${url}/requests`,
      validSubmission({
        serviceCode: 'micro-wish',
        description: '孙子上学用',
        attributes: { wishItem: '一个双肩包' },
        contactName: '赵桂兰',
        phone: '13966660001',
        address: '科大社区12号楼',
      }),
    );
    const id = submitted.json().id as string;
    await eventually(async () => (await adapters.requests.get(id))?.status === 'REVIEW');
    const { page, errors } = await chromium().page();
    const sent = posts(page);
    await signIn(page, stack.adminTokens.station);
    await page.click('button[data-tab=wishes]');
    const card = page.locator(`#wishes li[data-wish="${id}"]`);
    await card.locator('input[name=wisher]').fill('赵奶奶');
    await card.locator('button[type=submit]').dblclick();
    await textOf(page.locator('.flash')).toBe('已发布到心愿墙。');
    await card.waitFor({ state: 'detached' });
    expect(sent).toEqual([`POST /admin/wishes/${id}/publish`]);
    expect(errors).toEqual([]);
  });

  it('issues one new team token on a double-clicked confirmation, asked first', async () => {
    const { stack, adapters } = local();
    const { page, errors } = await chromium().page();
    const sent = posts(page);
    await signIn(page, stack.adminTokens.center);
    await page.click('button[data-tab=teams]');
    const ruidi = page.locator('li[data-team="ruidi-repair"]');
    const working = await adapters.teams.tokenHash('ruidi-repair');
    await ruidi.locator('button', { hasText: '生成新令牌' }).click();
    await textOf(ruidi.locator('[role=group]')).toContain('确定生成新令牌吗？');
    await textOf(ruidi.locator('[role=group]')).toContain('服务队现在用的令牌会立即失效');
    expect(sent).toEqual([]);
    await ruidi.locator('button', { hasText: '确定生成新令牌' }).dblclick();
    const shown = ruidi.locator('code.token');
    await textOf(shown).toMatch(/^ruidi-repair\./);
    await textOf(page.locator('.flash')).toBe('已生成新令牌，旧令牌已失效');
    expect(sent).toEqual(['POST /admin/teams/ruidi-repair/token']);
    expect(await adapters.teams.tokenHash('ruidi-repair')).not.toBe(working);
    expect(errors).toEqual([]);
  });
});
