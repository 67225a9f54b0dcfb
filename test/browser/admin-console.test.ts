import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queuePublisher, tableAdapters } from '#shared/wiring/composition';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { type CognitoSignIn, renderAdminConsole } from '#shared/web/admin-console';
import { demoStaff, LOCAL_STAFF_PASSWORD } from '#infra/local/identity-provider';
import { certifiableVolunteer } from '../support/certifiable-volunteer';
import { requestFixture } from '../support/fixtures';
import { postJson, validSubmission } from '../support/http';
import { useLocalStack } from '../support/local-stack';
import { forgedToken } from '../support/staff-tokens';
import { checkPage, horizontalOverflow, textOf, useBrowser } from './support/browser';
import { certificateFormFilled } from './support/console';
import { monthsBetween, statsDay } from '#shared/domain/stats-calendar';

// The demo data with its teams: 瑞迪e修站 repairs appliances in 科大社区.
const local = useLocalStack({ teams: true });
const chromium = useBrowser();

/** Like a function with notify and stats access: what is stored here is counted in the statistics. */
function countingAdapters() {
  const { stack } = local();
  return tableAdapters(
    stack.tableName,
    createDocumentClient(stack.dynamodb),
    queuePublisher({ notify: stack.queues.notify.url }, stack.sqs),
  );
}

async function signIn(page: Page, token: string, path = '/console') {
  await page.goto(`${local().url}${path}`);
  await page.fill('input[name=token]', token);
  await page.click('#sign-in button');
  await page.locator('nav .tabs').waitFor();
}

/** Chooses an area in a console's area select a level at a time (district, street, community), as staff do. */
async function pickArea(page: Page, selector: string, id: string) {
  for (const length of [6, 9, 12]) await page.selectOption(selector, id.slice(0, length));
}

const kpi = (page: Page, name: string) => page.locator(`[data-kpi="${name}"] .value`);

async function kpiNumber(page: Page, name: string): Promise<number> {
  await kpi(page, name).waitFor();
  return Number(await kpi(page, name).textContent());
}

describe('the admin console in a real browser', () => {
  it('signs in with the center token, dispatches an escalated request by hand, and the statistics count it', async () => {
    const { stack } = local();
    const { page, errors } = await chromium().page();

    await page.goto(`${local().url}/console`);
    await checkPage(page, 'console-sign-in');
    // The console's own policy allows its one script and nothing injected.
    await expect(page.addScriptTag({ content: 'window.injected = 1' })).rejects.toThrow(/Content Security Policy/);
    errors.length = 0;

    await signIn(page, stack.adminTokens.center);
    await page.click('button[data-tab=stats]');
    const before = { requests: await kpiNumber(page, 'requests'), offers: await kpiNumber(page, 'offers') };
    await checkPage(page, 'console-stats');

    // Reopened once: the first visit's report is shown with the request.
    const request = requestFixture({
      status: 'ESCALATED',
      contact: { name: '张秀英', phone: '+8613712345678', address: '科大社区2号楼' },
      earlierCompletions: [
        {
          completedAt: new Date().toISOString(),
          team: { id: 'ruidi-repair', name: '瑞迪e修站' },
          hours: [{ volunteer: '小李', minutes: 90 }],
        },
      ],
    });
    await countingAdapters().requests.create({ request, events: [], outbox: [] });

    await page.click('button[data-tab=requests]');
    await page.click('button:has-text("中心待派单")');
    const card = page.locator(`li[data-request="${request.id}"]`);
    await textOf(card).toContain('张**');
    await textOf(card).toContain('中心处理中');
    await checkPage(page, 'console-requests');

    await card.locator('button').click();
    await textOf(page.locator('#detail-status')).toBe('中心处理中');
    await textOf(page.locator('main dl')).toContain('+8613712345678');
    await textOf(page.locator('main dl')).toMatch(/重新派单前的完成报告.*瑞迪e修站.*小李：90 分钟/s);
    await page.locator('#dispatch-form').waitFor();
    await checkPage(page, 'console-request-detail');
    const chosen = await page.locator('#dispatch-form input[name=teamId]').first().getAttribute('value');
    expect(chosen).toBe('ruidi-repair');
    await page.fill('#dispatch-form input[name=note]', '电话确认过');
    await page.click('#dispatch-form button[type=submit]');
    await textOf(page.locator('.flash')).toBe('已派单');
    await textOf(page.locator('#detail-status')).toBe('待接单');
    await textOf(page.locator('ol.timeline')).toContain('中心人工派给');
    expect(await local().adapters.requests.get(request.id)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'ruidi-repair' } });

    // The statistics read the stored facts of today at once.
    await page.click('button[data-tab=stats]');
    await expect
      .poll(
        async () => {
          await page.click('#view form button[type=submit]');
          await page.waitForTimeout(300);
          return { requests: await kpiNumber(page, 'requests'), offers: await kpiNumber(page, 'offers') };
        },
        { timeout: 30_000, interval: 500 },
      )
      .toEqual({ requests: before.requests + 1, offers: before.offers + 1 });
    await page.locator('svg.chart').first().waitFor();
    expect(await page.locator('svg.chart text').allTextContents()).toContain('小家电维修');
    // Unmet demand beside the expired, as the CSV has it.
    await textOf(page.locator('[data-kpi="unmet"]')).toContain('未满足需求');
    await checkPage(page, 'console-stats-after');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    expect(download.suggestedFilename()).toMatch(/^paidan-stats_.*\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFFarea_id,')).toBe(true);
    expect(csv).toContain('appliance-repair');

    // A year is charted month by month (12 or 13 months), the last one holding today's request.
    const [from, to] = [statsDay(new Date(Date.now() - 364 * 86_400_000)), statsDay(new Date())];
    await page.fill('#view input[name=from]', from);
    await page.fill('#view input[name=to]', to);
    await page.click('#view form button[type=submit]');
    const months = page.locator('figure:has(figcaption:text-is("每月需求（浅色）与完成（深色）")) tbody tr');
    await expect.poll(() => months.count(), { timeout: 30_000 }).toBe(monthsBetween(from, to).length);
    expect(Number(await months.last().locator('td').nth(1).textContent())).toBeGreaterThanOrEqual(1);
    // One service asked for: the team load lists the teams that handle it and says their figures are across their services.
    await page.selectOption('#view select[name=service]', 'appliance-repair');
    await page.click('#view form button[type=submit]');
    await textOf(page.locator('#team-load-h + p.hint')).toBe('只列出承接所选服务项目的服务队；各队的数字是其全部服务项目的合计。');
    expect(errors).toEqual([]);
  });

  it('manages teams and shows dead letters; station staff see their own area only', async () => {
    const { stack } = local();
    const { page, errors } = await chromium().page({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await signIn(page, stack.adminTokens.center);

    await page.click('button[data-tab=teams]');
    const ruidi = page.locator('li[data-team="ruidi-repair"]');
    await textOf(ruidi).toContain('瑞迪e修站');
    await checkPage(page, 'console-teams-360');
    await ruidi.locator('button', { hasText: '暂停接单' }).click();
    await textOf(ruidi.locator('.badge')).toBe('已暂停');
    expect((await local().adapters.teams.get('ruidi-repair'))!.paused).toBe(true);
    await ruidi.locator('button', { hasText: '恢复接单' }).click();
    await textOf(ruidi.locator('.badge')).toBe('接单中');

    await page.click('summary:has-text("新建服务队")');
    await page.fill('#create-team input[name=id]', 'console-made');
    await page.fill('#create-team input[name=nameZh]', '控制台新队');
    await pickArea(page, '#create-team select[name=stationAreaId]', '370902003009');
    await page.check('#create-team input[name=services][value="appliance-repair"]');
    await page.click('#create-team button[type=submit]');
    await textOf(page.locator('.flash')).toBe('服务队已创建');
    await textOf(page.locator('details code.token')).toMatch(/^console-made\./);
    await textOf(page.locator('li[data-team="console-made"]')).toContain('控制台新队');
    expect(await local().adapters.teams.get('console-made')).toMatchObject({ servesAreaId: '370902003009', capacity: 5 });
    // The same id again: said in plain words, not as a change of state.
    await page.fill('#create-team input[name=id]', 'console-made');
    await page.fill('#create-team input[name=nameZh]', '又一个新队');
    await pickArea(page, '#create-team select[name=stationAreaId]', '370902003009');
    await page.click('#create-team button[type=submit]');
    await textOf(page.locator('.flash.error')).toBe('已有编号为“console-made”的服务队，请换一个编号');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    await page.click('button[data-tab=dead-letters]');
    await textOf(page.locator('#dead-letters [data-queue="dispatch"]')).toContain('派单队列');
    await checkPage(page, 'console-dead-letters-360');

    // Locally too, signing out goes through the provider's end-session endpoint (with no session of
    // its own there, as this token was pasted, it asks nothing) and comes back.
    await Promise.all([page.waitForRequest(`${stack.identity.issuer}/session/end?**`), page.click('#sign-out')]);
    await textOf(page.locator('.flash')).toBe('已退出');
    await signIn(page, stack.adminTokens.station);
    // Failed messages are the deployment's own admin's: a station's staff have no such tab.
    expect(await page.locator('button[data-tab=dead-letters]').count()).toBe(0);
    await page.click('button[data-tab=requests]');
    await page.locator('#request-list').waitFor();
    expect(errors).toEqual([]);
  });

  it('shows a request ordered for a resident (代点单) with the answers to its service’s own fields', async () => {
    const { stack, url } = local();
    const center = { authorization: `Bearer ${stack.adminTokens.center}` };
    const ordered = await postJson(
      `${url}/admin/requests`,
      validSubmission({
        serviceCode: 'elderly-visit',
        description: '想请志愿者陪老人说说话',
        attributes: { livesAlone: true, mobility: 'bedridden' },
      }),
      center,
    );
    expect(ordered.status).toBe(201);
    const { id } = ordered.json<{ id: string }>();
    const { page, errors } = await chromium().page();
    await signIn(page, stack.adminTokens.center);
    await page.evaluate(`location.hash = '#request/${id}'`);
    const details = page.locator('main dl');
    await textOf(details).toContain('是否独居是');
    await textOf(details).toContain('行动能力卧床');
    await textOf(details).toContain('来源工作人员代点单');
    expect(await details.textContent()).not.toContain('channel_');
    expect(errors).toEqual([]);
  });

  it('records a resident’s rating taken on a callback (回访), which closes it, and reopens a web order for a resident who lost the link', async () => {
    const { stack } = local();
    const completedAt = new Date().toISOString();
    const completed = (channel: 'proxy' | 'web') =>
      requestFixture({
        status: 'COMPLETED',
        channel,
        assignedTeam: { id: 'ruidi-repair', name: '瑞迪e修站' },
        completion: { completedAt, hours: [{ volunteer: '回访志愿者', minutes: 60 }] },
        dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      });
    const [request, ownLink] = [completed('proxy'), completed('web')];
    for (const r of [request, ownLink]) await countingAdapters().requests.create({ request: r, events: [], outbox: [] });
    const { page, errors } = await chromium().page();
    await signIn(page, stack.adminTokens.station);
    await page.evaluate(`location.hash = '#request/${request.id}'`);
    await page.locator('#callback-form').waitFor();
    await checkPage(page, 'console-callback');
    await page.selectOption('#callback-form select[name=stars]', '4');
    await page.fill('#callback-form textarea[name=comment]', '电话回访：很满意');
    await page.click('#callback-form button[type=submit]');
    await textOf(page.locator('.flash')).toBe('已记录评价，需求已结单');
    await textOf(page.locator('#detail-status')).toBe('已结束');
    expect(await page.locator('#callback-form').count()).toBe(0);
    await textOf(page.locator('ol.timeline')).toContain('居民评价：★★★★');
    expect(await local().adapters.requests.get(request.id)).toMatchObject({
      status: 'CLOSED',
      rating: { stars: 4, comment: '电话回访：很满意', by: demoStaff.station.sub },
    });
    // Ordered by the resident on the web, who lost the link and called: staff reopen it for them.
    await page.evaluate(`location.hash = '#request/${ownLink.id}'`);
    await page.locator('#callback-form').waitFor();
    await page.click('button:has-text("问题仍在，代为重新派单")');
    await textOf(page.locator('.flash')).toBe('已重新派单');
    expect(await local().adapters.requests.get(ownLink.id)).toMatchObject({
      reopenedAt: expect.any(String),
      preferredTeam: 'ruidi-repair',
    });
    expect(errors).toEqual([]);
  });

  it('refuses a cancel from a page opened before another staff member rejected the request, saying so', async () => {
    const { stack } = local();
    const request = requestFixture({ status: 'WAITING' });
    await countingAdapters().requests.create({ request, events: [], outbox: [] });
    const { page, errors } = await chromium().page();
    await signIn(page, stack.adminTokens.station);
    await page.evaluate(`location.hash = '#request/${request.id}'`);
    await page.locator('#cancel-form').waitFor();
    // Meanwhile the center rejects it.
    const rejected = await postJson(
      `${local().url}/admin/requests/${request.id}/reject`,
      { reason: '该服务需到社区现场办理', version: request.version },
      { authorization: `Bearer ${stack.adminTokens.center}` },
    );
    expect(rejected.status).toBe(200);
    await page.fill('#cancel-form textarea[name=reason]', '居民来电说已修好');
    await page.click('#cancel-form button[type=submit]');
    await textOf(page.locator('.flash')).toContain('这条需求在你打开之后已有变化');
    expect(await local().adapters.requests.get(request.id)).toMatchObject({ status: 'REJECTED' });
    expect(errors).toEqual([]);
  });

  it('records a team’s visit hours past the bound of its own report, with a reason, in the request’s history', async () => {
    const { stack } = local();
    const completedAt = new Date().toISOString();
    const request = requestFixture({
      status: 'COMPLETED',
      assignedTeam: { id: 'ruidi-repair', name: '瑞迪e修站' },
      acceptedAt: completedAt,
      completion: { completedAt, hours: [{ volunteer: '时长志愿者', minutes: 5 }] },
      dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    await countingAdapters().requests.create({ request, events: [], outbox: [] });
    const { page, errors } = await chromium().page();
    await signIn(page, stack.adminTokens.station);
    await page.evaluate(`location.hash = '#request/${request.id}'`);
    await page.locator('#hours-form').waitFor();
    await checkPage(page, 'console-hours');
    expect(await page.inputValue('#hours-form input[name=volunteer-1]')).toBe('时长志愿者');
    await page.fill('#hours-form input[name=minutes-1]', '90');
    await page.click('#hours-form button[type=submit]');
    await textOf(page.locator('.flash')).toBe('请填写原因');
    await page.fill('#hours-form textarea[name=reason]', '站里电话派单，队员先上门后接单');
    await page.click('#hours-form button[type=submit]');
    await textOf(page.locator('.flash')).toBe('服务时长已登记');
    await textOf(page.locator('ol.timeline')).toContain('工作人员更正了志愿服务时长');
    await textOf(page.locator('ol.timeline')).toContain('站里电话派单，队员先上门后接单 (5 → 90 min)');
    expect((await local().adapters.requests.get(request.id))!.completion!.hours).toEqual([{ volunteer: '时长志愿者', minutes: 90 }]);
    // More than a day is refused, named in Chinese at its field.
    await page.fill('#hours-form input[name=minutes-1]', '1500');
    await page.fill('#hours-form textarea[name=reason]', '再改');
    await page.click('#hours-form button[type=submit]');
    await textOf(page.locator('.flash')).toContain('时长（分钟）');
    expect(errors).toEqual([]);
  });

  it('corrects a closed request’s hours per volunteer, on the ledger, with a reason in the request’s history', async () => {
    const { stack, adapters } = local();
    const completedAt = new Date(Date.now() - 86_400_000).toISOString();
    const request = requestFixture({
      status: 'CLOSED',
      assignedTeam: { id: 'ruidi-repair', name: '瑞迪e修站' },
      acceptedAt: completedAt,
      completion: { completedAt, hours: [{ volunteer: '更正志愿者', minutes: 120 }] },
    });
    await countingAdapters().requests.create({ request, events: [], outbox: [] });
    const ledger = 'ruidi-repair:更正志愿者';
    await adapters.credits.post({
      volunteerKey: ledger,
      requestId: request.id,
      teamId: 'ruidi-repair',
      minutes: 120,
      hours: 2,
      points: 0.5,
      at: completedAt,
    });
    const { page, errors } = await chromium().page();
    await signIn(page, stack.adminTokens.station);
    await page.evaluate(`location.hash = '#request/${request.id}'`);
    await page.locator('#correct-form').waitFor();
    expect(await page.locator('#hours-form').count()).toBe(0);
    await checkPage(page, 'console-correct-hours');
    expect(await page.inputValue('#correct-form input[name=volunteer-1]')).toBe('更正志愿者');
    // A blank minutes field is named by its row, never sent as 0 (which would take the volunteer off).
    await page.fill('#correct-form input[name=minutes-1]', '');
    await page.fill('#correct-form textarea[name=reason]', '上门实际 4 小时，队长误填 2 小时');
    await page.click('#correct-form button[type=submit]');
    await textOf(page.locator('.flash')).toBe('第 1 位志愿者：请填写分钟数');
    expect(await adapters.credits.balance(ledger)).toMatchObject({ hours: 2 });
    expect((await adapters.requests.get(request.id))!.completion!.hours).toEqual([{ volunteer: '更正志愿者', minutes: 120 }]);
    await page.fill('#correct-form input[name=minutes-1]', '240');
    await page.fill('#correct-form textarea[name=reason]', '上门实际 4 小时，队长误填 2 小时');
    await page.click('#correct-form button[type=submit]');
    await textOf(page.locator('.flash')).toBe('服务时长已更正，积分已调整');
    await textOf(page.locator('ol.timeline')).toContain('工作人员更正了已结单的志愿服务时长');
    await textOf(page.locator('ol.timeline')).toContain('上门实际 4 小时，队长误填 2 小时 (120 → 240 min)');
    expect(await adapters.credits.balance(ledger)).toMatchObject({ hours: 4, pointsEarned: 1 });
    // The same again: nothing changes, and it says so.
    await page.fill('#correct-form input[name=minutes-1]', '240');
    await page.fill('#correct-form textarea[name=reason]', '上门实际 4 小时，队长误填 2 小时');
    await page.click('#correct-form button[type=submit]');
    await textOf(page.locator('.flash')).toBe('与现有记录相同，没有改动');
    expect(await adapters.credits.balance(ledger)).toMatchObject({ hours: 4, pointsEarned: 1 });
    expect(errors).toEqual([]);
  });

  it('names the certificates a correction marked, for staff to revoke and reissue (review 63)', async () => {
    const { stack, adapters } = local();
    const volunteerId = 'rv63certvolunteer001';
    const { request, completedAt } = await certifiableVolunteer(adapters, { id: volunteerId, name: '证明志愿者', phone: '+8613900007788' });
    await adapters.volunteers.addMember({ teamId: 'ruidi-repair', volunteerId, since: completedAt });
    const day = completedAt.slice(0, 10);
    const number = '2026-000777-RV63';
    await adapters.certificates.issue({
      number,
      volunteerId,
      person: { name: '证明志愿者' },
      period: { from: day, to: day },
      services: [{ date: day, requestId: request.id, activity: '家电维修', place: '科大社区', team: '瑞迪e修站', hours: 1.5 }],
      totalHours: 1.5,
      issuer: { organization: '泰山区志愿服务中心', personInCharge: '李', contact: '0538-1234567' },
      issuedAt: completedAt,
      issuedBy: { id: 's', name: 's' },
    });
    const { page, errors } = await chromium().page();
    await signIn(page, stack.adminTokens.station);
    await page.evaluate(`location.hash = '#request/${request.id}'`);
    await page.locator('#correct-form').waitFor();
    await textOf(page.locator('#correct-form')).toContain('此前出具的证明不会改动');
    await page.fill('#correct-form input[name=minutes-1]', '60');
    await page.fill('#correct-form textarea[name=reason]', '上门实际 1 小时，队长误填 1.5 小时');
    await page.click('#correct-form button[type=submit]');
    await textOf(page.locator('.flash')).toBe(`服务时长已更正，积分已调整。以下证明含更正前的时长，已标注；请撤销后重新出具：${number}`);
    expect((await adapters.certificates.get(number))!.corrected).toEqual({ [request.id]: expect.objectContaining({ hours: 1 }) });
    expect(errors).toEqual([]);
  });

  it('pages through a long queue with “load more”, a total only once all are shown, and an overdue list oldest first', async () => {
    const { stack, adapters } = local();
    const minute = 60_000;
    const now = Date.now();
    const made = [];
    for (let i = 0; i < 53; i++) {
      const at = new Date(now - (i + 1) * minute).toISOString();
      made.push(requestFixture({ serviceCode: 'calligraphy-class', createdAt: at, updatedAt: at }));
    }
    const late = [25, 15, 20].map((days) => {
      const at = new Date(now - days * 86_400_000).toISOString();
      return requestFixture({ serviceCode: 'red-story-lecture', status: 'WAITING', createdAt: at, updatedAt: at });
    });
    for (const request of [...made, ...late]) await adapters.requests.create({ request, events: [], outbox: [] });

    const { page, errors } = await chromium().page();
    await signIn(page, stack.adminTokens.center);
    await page.selectOption('#view select[name=service]', 'calligraphy-class');
    await page.click('#view form[role=search] button[type=submit]');
    const cards = page.locator('#request-list li[data-request]');
    await textOf(page.locator('#request-count')).toBe('已显示 50 条，还有更多');
    expect(await cards.count()).toBe(50);
    await page.click('#load-more');
    await textOf(page.locator('#request-count')).toBe('共 53 条');
    const shown = await cards.evaluateAll((items) => items.map((item) => item.getAttribute('data-request')));
    expect(shown).toEqual(made.map((r) => r.id));
    expect(await page.locator('#load-more').count()).toBe(0);

    // Overdue: the longest waiting first.
    await page.selectOption('#view select[name=service]', 'red-story-lecture');
    await page.click('button:has-text("超时需求")');
    await textOf(page.locator('#request-count')).toBe('共 3 条');
    const overdue = await cards.evaluateAll((items) => items.map((item) => item.getAttribute('data-request')));
    expect(overdue).toEqual([late[0]!.id, late[2]!.id, late[1]!.id]);
    expect(errors).toEqual([]);
  });

  it('asks before a new team token, the working one kept until staff confirm, and clears a team’s about when its box is emptied', async () => {
    const { stack, adapters } = local();
    const { page, errors } = await chromium().page();
    await signIn(page, stack.adminTokens.center);
    await page.click('button[data-tab=teams]');
    const ruidi = page.locator('li[data-team="ruidi-repair"]');
    const working = await adapters.teams.tokenHash('ruidi-repair');
    await ruidi.locator('button', { hasText: '生成新令牌' }).click();
    await textOf(ruidi.locator('[role=group]')).toContain('服务队现在用的令牌会立即失效');
    await checkPage(page, 'console-team-new-token-confirm');
    expect(await ruidi.locator('code.token').count()).toBe(0);
    expect(await adapters.teams.tokenHash('ruidi-repair')).toBe(working);
    await ruidi.locator('button', { hasText: '不生成' }).click();
    expect(await ruidi.locator('[role=group]').count()).toBe(0);
    expect(await adapters.teams.tokenHash('ruidi-repair')).toBe(working);
    await ruidi.locator('button', { hasText: '生成新令牌' }).click();
    await ruidi.locator('button', { hasText: '确定生成新令牌' }).click();
    await textOf(ruidi.locator('code.token')).toMatch(/^ruidi-repair\.[A-Za-z0-9_-]{43}$/);
    await textOf(page.locator('.flash')).toBe('已生成新令牌，旧令牌已失效');
    expect(await adapters.teams.tokenHash('ruidi-repair')).not.toBe(working);

    await ruidi.locator('button', { hasText: '修改' }).click();
    await ruidi.locator('textarea[name=about]').fill('电子专业的大学生，免费修收音机和饮水机');
    await ruidi.locator('button[type=submit]').click();
    await textOf(page.locator('.flash')).toBe('已保存');
    await textOf(ruidi.locator('dl')).toContain('免费修收音机和饮水机');
    await ruidi.locator('button', { hasText: '修改' }).click();
    await ruidi.locator('textarea[name=about]').fill('');
    await ruidi.locator('button[type=submit]').click();
    await textOf(page.locator('.flash')).toBe('已保存');
    await textOf(ruidi.locator('dl')).not.toContain('免费修收音机和饮水机');
    expect((await adapters.teams.get('ruidi-repair'))?.about ?? '').toBe('');
    expect(errors).toEqual([]);
  });

  it('lists each area and service once after signing in a second time in the same page', async () => {
    const { stack } = local();
    const { page, errors } = await chromium().page();
    // A token the API refuses (mistyped, or expired after its hour): back to the sign-in, in the same page.
    await page.goto(`${local().url}/console`);
    await page.fill('input[name=token]', 'admin.not-a-real-token');
    await page.click('#sign-in button');
    await textOf(page.locator('.flash')).toBe('令牌无效或已过期，请重新登录。');
    await page.fill('input[name=token]', stack.adminTokens.center);
    await page.click('#sign-in button');
    await page.locator('#request-list').waitFor();
    // The area select lists the city's districts once it has read them (a level at a time).
    await page.locator('#view select[name=area] option[value="370902"]').waitFor({ state: 'attached' });
    for (const select of ['service', 'area']) {
      const values = await page.evaluate<string[]>(
        `Array.from(document.querySelectorAll('#view select[name=${select}] option'), (option) => option.value)`,
      );
      expect(values.length).toBeGreaterThan(2);
      expect(new Set(values).size, `${select} options`).toBe(values.length);
    }
    expect(errors).toEqual([]);
  });

  it('registers a volunteer for station staff (代注册), the identity number shown masked, and finds them by phone', async () => {
    const { stack } = local();
    const { page, errors } = await chromium().page({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await signIn(page, stack.adminTokens.station);
    await page.click('button[data-tab=volunteers]');
    await page.click('summary:has-text("代为登记志愿者")');
    await page.fill('#register-volunteer input[name=name]', '林志愿');
    await page.fill('#register-volunteer input[name=phone]', '13412345678');
    await page.selectOption('#register-volunteer select[name=homeAreaId]', '370902003009');
    await page.selectOption('#register-volunteer select[name=identityType]', 'resident-id');
    await page.fill('#register-volunteer input[name=identityNumber]', '370902198503171234');
    await checkPage(page, 'console-volunteer-register-360');
    await page.click('#register-volunteer button[type=submit]');
    await textOf(page.locator('.flash')).toBe('已登记。');
    const card = page.locator('section[data-volunteer]');
    await textOf(card).toContain('370902********1234');
    expect(await page.content()).not.toContain('370902198503171234');
    // Registered once: the same phone again is refused.
    await page.fill('#register-volunteer input[name=name]', '林志愿');
    await page.fill('#register-volunteer input[name=phone]', '13412345678');
    await page.selectOption('#register-volunteer select[name=homeAreaId]', '370902003009');
    await page.click('#register-volunteer button[type=submit]');
    await textOf(page.locator('.flash.error')).toBe('这个手机号已登记过志愿者，就是下面这位。');
    // Registered in a community out of the station's reach: not "find them by phone", which cannot find them (review 63).
    await local().adapters.volunteers.register({
      id: 'rv63elsewhere0000001',
      name: '花园志愿',
      phone: '+8613412340063',
      homeAreaId: '370902001012',
      registeredAt: new Date().toISOString(),
      registeredBy: { kind: 'self' },
    });
    await page.fill('#register-volunteer input[name=name]', '花园志愿');
    await page.fill('#register-volunteer input[name=phone]', '13412340063');
    await page.selectOption('#register-volunteer select[name=homeAreaId]', '370902003009');
    await page.click('#register-volunteer button[type=submit]');
    await textOf(page.locator('.flash.error')).toBe(
      '这个手机号已有志愿者在您负责的区域以外登记，您这里查不到；需要核对的，请联系能查看全部区域的中心管理员。',
    );
    // A new phone with a document registered under another phone, here in the station's own community,
    // and for a center admin of the whole tree (no center above): find them by that phone (review 69).
    const documentUnderOtherPhone =
      '这个证件已有志愿者用另一个手机号登记过。请问清本人当时登记的手机号，按那个号码查找（查不到的，是登记在您负责的区域以外）。';
    const center = await chromium().page({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await signIn(center.page, stack.adminTokens.center);
    for (const staffPage of [page, center.page]) {
      if (staffPage === center.page) {
        await staffPage.click('button[data-tab=volunteers]');
        await staffPage.click('summary:has-text("代为登记志愿者")');
        await pickArea(staffPage, '#register-volunteer select[name=homeAreaId]', '370902003009');
      } else await staffPage.selectOption('#register-volunteer select[name=homeAreaId]', '370902003009');
      await staffPage.fill('#register-volunteer input[name=name]', '林志愿');
      await staffPage.fill('#register-volunteer input[name=phone]', '13412340069');
      await staffPage.selectOption('#register-volunteer select[name=identityType]', 'resident-id');
      await staffPage.fill('#register-volunteer input[name=identityNumber]', '370902198503171234');
      await staffPage.click('#register-volunteer button[type=submit]');
      await textOf(staffPage.locator('.flash.error')).toBe(documentUnderOtherPhone);
    }
    expect(center.errors).toEqual([]);

    // Three 1-hour services at 3 hours a point: 0.9999 points, shown as the ledger and /me show them, not rounded up to 1.
    const person = (await local().adapters.volunteers.findByPhone('+8613412345678'))!;
    for (const requestId of ['lin-1', 'lin-2', 'lin-3']) {
      const line = { volunteerKey: `person#${person.id}`, requestId, minutes: 60, hours: 1, points: 0.3333 };
      await local().adapters.credits.post({ ...line, at: new Date().toISOString() });
    }
    await page.click('button[data-tab=requests]');
    await page.click('button[data-tab=volunteers]');
    await page.fill('input[name=phone]', '134 1234 5678');
    await page.click('form[role=search] button');
    await textOf(page.locator('section[data-volunteer] h3')).toBe('林志愿');
    await textOf(page.locator('section[data-volunteer] dt:has-text("可用积分") + dd')).toBe('0.9999');
    await checkPage(page, 'console-volunteer-found-360');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    // Attached to a team in person, with no invitation (someone without a smartphone).
    await page.click('summary:has-text("代为加入服务队")');
    await page.fill('#attach-team input[name=teamId]', 'ruidi-repair');
    await checkPage(page, 'console-volunteer-attach-360');
    await page.click('#attach-team button[type=submit]');
    await textOf(page.locator('.flash')).toBe('已加入服务队。');
    await textOf(page.locator('section[data-volunteer] dt:has-text("所在服务队") + dd')).toBe('ruidi-repair');
    expect(await local().adapters.volunteers.members('ruidi-repair')).toContainEqual(expect.objectContaining({ volunteerId: person.id }));

    // A new phone (the old number recycled): the card shows it, the old one finds no one.
    await page.click('summary:has-text("更换手机号")');
    await page.fill('#change-phone input[name=newPhone]', '13412345679');
    await page.selectOption('#change-phone select[name=phoneChangeReason]', 'recycled');
    await checkPage(page, 'console-volunteer-phone-360');
    await page.click('#change-phone button[type=submit]');
    await textOf(page.locator('.flash')).toBe('手机号已更换，这位志愿者已在所有设备上退出登录。');
    await textOf(page.locator('section[data-volunteer] dt:has-text("电话") + dd')).toBe('+8613412345679');
    expect(await local().adapters.volunteers.findByPhone('+8613412345678')).toBeUndefined();
    expect(await local().adapters.volunteers.get(person.id)).toMatchObject({ phone: '+8613412345679', sessionVersion: 1 });

    // They move to 泰前社区: a station holds only its own community (no move offered), so the center moves them, with a reason.
    expect(await page.locator('#move-home').count()).toBe(0);
    await center.page.fill('form[role=search] input[name=phone]', '13412345679');
    await center.page.click('form[role=search] button');
    await textOf(center.page.locator('section[data-volunteer] h3')).toBe('林志愿');
    await center.page.click('summary:has-text("迁到其他社区")');
    await pickArea(center.page, '#move-home select[name=moveTo]', '370902003001');
    await center.page.fill('#move-home input[name=moveReason]', '搬到泰前社区');
    await checkPage(center.page, 'console-volunteer-move-360');
    await center.page.click('#move-home button[type=submit]');
    await textOf(center.page.locator('.flash')).toBe('已迁到新社区。');
    await textOf(center.page.locator('section[data-volunteer] dt:has-text("迁移记录") + dd')).toContain('搬到泰前社区');
    expect(await local().adapters.volunteers.get(person.id)).toMatchObject({ homeAreaId: '370902003001' });
    // 科大社区's station no longer finds them.
    await page.fill('form[role=search] input[name=phone]', '13412345679');
    await page.click('form[role=search] button');
    await textOf(page.locator('#volunteer')).toBe('没有找到这个手机号的志愿者（或不在您负责的区域）。');
    expect(center.errors).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('issues a certificate for a center admin, downloads its PDF and revokes it; station staff are told the center issues them', async () => {
    const { stack, adapters } = local();
    const person = 'certbrowser000000001';
    const { request, completedAt } = await certifiableVolunteer(adapters, { id: person, name: '卫志愿', phone: '+8613612345678' });

    // As the credit posting counts it (post-credits): one service of one person, 1.5 hours.
    const month = new Date(Date.parse(completedAt) + 8 * 3600_000).toISOString().slice(0, 7);
    // What other tests of this file counted in the community that month (the correction's test does).
    const [before = { active: 0, services: 0, hours: 0 }] = await adapters.volunteers.monthly('370902003009', month, month);
    await adapters.volunteers.countService({ volunteerId: person, requestId: request.id, areaId: '370902003009', month, hours: 1.5 });
    const { page, errors } = await chromium().page({
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
      acceptDownloads: true,
    });
    await signIn(page, stack.adminTokens.center);
    await certificateFormFilled(page, '13612345678');
    await checkPage(page, 'console-certificate-issue-360');
    await page.click('form.issue-certificate button[type=submit]');
    await textOf(page.locator('.flash')).toContain('已出具证明');
    const line = page.locator('ul.certificates li[data-number]');
    await textOf(line).toContain('1.5 h');
    const number = await line.getAttribute('data-number');

    const [file] = await Promise.all([page.waitForEvent('download'), line.locator('button:has-text("下载 PDF")').click()]);
    expect(file.suggestedFilename()).toBe(`certificate-${number}.pdf`);
    const bytes = await readFile((await file.path())!);
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');

    await line.locator('input[name=reason]').fill('登记有误');
    await line.locator('form.revoke button').click();
    await textOf(line).toContain('已撤销');
    expect(await line.locator('form.revoke').count()).toBe(0);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    // The area's volunteers by month: the service counted once its credit was posted.
    await page.click('summary:has-text("本区域志愿者统计")');
    await pickArea(page, 'details:has(#volunteer-stats) select[name=area]', '370902003009');
    await page.click('details:has(#volunteer-stats) button[type=submit]');
    const row = page.locator('#volunteer-stats tbody tr');
    await textOf(row.locator('th')).toBe(month);
    // Active volunteers, services, hours, hours per active volunteer (new registrations depend on the other tests).
    const [, active, services, hours, perActive] = (await row.locator('td').allTextContents()).map(Number);
    expect([active, services, hours]).toEqual([before.active + 1, before.services + 1, before.hours + 1.5]);
    expect(perActive).toBeCloseTo(hours! / active!, 2);

    // The period's service records, for the national system: the person's row is in the file.
    await page.click('summary:has-text("导出服务记录")');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#export-records button[type=submit]')]);
    expect(csv.suggestedFilename()).toMatch(/^paidan-service-records_all_\d{4}-01-01_\d{4}-\d{2}-\d{2}\.csv$/);
    expect((await readFile((await csv.path())!)).toString('utf8')).toContain(`${request.id}-${person},,卫志愿`);

    // Station staff see the person, not the certificates' form.
    const station = await chromium().page();
    await signIn(station.page, stack.adminTokens.station);
    await station.page.click('button[data-tab=volunteers]');
    await station.page.fill('input[name=phone]', '13612345678');
    await station.page.click('form[role=search] button');
    await textOf(station.page.locator('section[data-volunteer]')).toContain('证明由志愿服务中心');
    expect(await station.page.locator('details[data-certificates]').count()).toBe(0);
    expect([...errors, ...station.errors]).toEqual([]);
  });

  it('takes the periods’ defaults and a correction’s day from Beijing’s calendar, not the browser’s clock', async () => {
    const { stack, adapters } = local();
    const person = 'certbrowser000000002';
    await adapters.volunteers.register({
      id: person,
      name: '岳志愿',
      phone: '+8613612340002',
      homeAreaId: '370902003009',
      registeredAt: new Date().toISOString(),
      registeredBy: { kind: 'self' },
    });
    // A browser in Tokyo at 00:30 on 1 January: 23:30 on 31 December in Beijing.
    const { page, errors } = await chromium().page({ timezoneId: 'Asia/Tokyo' });
    await page.clock.setFixedTime(new Date('2026-12-31T15:30:00.000Z'));
    // A certificate corrected at 00:30 on 1 January in Beijing (16:30 UTC the day before).
    const corrected = { number: 'TA2026000001', period: { from: '2026-01-01', to: '2026-12-31' }, services: 1, totalHours: 1.5 };
    await page.route(`**/admin/volunteers/${person}/certificates`, (route: Route) =>
      route.request().method() === 'GET'
        ? route.fulfill({ json: [{ ...corrected, status: 'valid', correctedAt: '2026-12-31T16:30:00.000Z' }] })
        : route.continue(),
    );
    await signIn(page, stack.adminTokens.center);
    await page.click('button[data-tab=volunteers]');
    await page.fill('input[name=phone]', '13612340002');
    await page.click('form[role=search] button');
    await page.click('summary:has-text("志愿服务记录证明")');
    await textOf(page.locator('ul.certificates li[data-number]')).toContain('2027-01-01');
    const period = (form: string) =>
      Promise.all([page.locator(`${form} input[name=from]`).inputValue(), page.locator(`${form} input[name=to]`).inputValue()]);
    expect(await period('form.issue-certificate')).toEqual(['2026-01-01', '2026-12-31']);
    expect(await period('#export-records')).toEqual(['2026-01-01', '2026-12-31']);
    expect(errors).toEqual([]);
  });

  it('speaks English and large type when asked, and sends an expired token back to sign-in', async () => {
    const { page, errors } = await chromium().page();
    await page.goto(`${local().url}/console?lang=en&size=large`);
    await textOf(page.locator('h1')).toBe('Dispatch console');
    await page.fill('input[name=token]', 'admin.not-a-real-token');
    await page.click('#sign-in button');
    await textOf(page.locator('.flash')).toContain('The token is wrong or has expired');
    await signIn(page, local().stack.adminTokens.center, '/console?lang=en&size=large');
    await textOf(page.locator('button[data-tab=stats]')).toBe('Statistics');
    await checkPage(page, 'console-requests-en-large');
    expect(errors).toEqual([]);
  });
});

describe('the admin console signing in through the local OpenID provider, in a real browser', () => {
  it('sends staff to the provider’s login page, takes the code back with PKCE, works with the ID token, and signs out there too', async () => {
    const { stack } = local();
    const issuer = stack.identity.issuer;
    const { page, errors } = await chromium().page();
    const response = await page.goto(`${local().url}/console`);
    // The page may fetch from the provider's token endpoint and from nowhere else.
    expect(response!.headers()['content-security-policy']).toContain(`connect-src 'self' ${issuer};`);
    // Locally the pasted token stays as a shortcut beside the sign-in.
    expect(await page.locator('input[name=token]').count()).toBe(1);

    const toProvider: URL[] = [];
    const tokenBodies: URLSearchParams[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin !== issuer) return;
      toProvider.push(url);
      if (url.pathname === '/token') tokenBodies.push(new URLSearchParams(request.postData() ?? ''));
    });
    await Promise.all([page.waitForURL(`${issuer}/interaction/**`), page.click('#sign-in-start')]);
    const authorize = toProvider.find((u) => u.pathname === '/auth')!;
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: stack.identity.staffSignIn.clientId,
      redirect_uri: `${local().url}/console`,
      code_challenge_method: 'S256',
      ui_locales: 'zh-CN',
    });
    // A wrong password stays on the provider's page.
    await page.fill('input[name=login]', demoStaff.station.login);
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('button[type=submit]');
    await textOf(page.locator('[role=alert]')).toContain('Wrong login or password');
    expect(await page.evaluate<string | null>("sessionStorage.getItem('paidan.adminToken')")).toBeNull();

    await page.fill('input[name=login]', demoStaff.station.login);
    await page.fill('input[name=password]', LOCAL_STAFF_PASSWORD);
    await Promise.all([page.waitForURL(`${local().url}/console`), page.click('button[type=submit]')]);
    await page.locator('nav .tabs').waitFor();
    await page.locator('#request-list').waitFor();
    // The tab's token is the provider's ID token for the console client, naming the station's area.
    const token = (await page.evaluate<string | null>("sessionStorage.getItem('paidan.adminToken')"))!;
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(claims).toMatchObject({
      iss: issuer,
      aud: stack.identity.staffSignIn.clientId,
      sub: demoStaff.station.sub,
      paidan_area: demoStaff.station.area,
    });
    expect(new URL(page.url()).search).toBe('');
    // The code went back to the provider once, with the verifier whose S256 hash the authorization request carried.
    expect(tokenBodies).toHaveLength(1);
    const verifier = tokenBodies[0]!.get('code_verifier')!;
    expect(base64url(createHash('sha256').update(verifier, 'ascii').digest())).toBe(authorize.searchParams.get('code_challenge'));
    expect(await page.locator('button[data-tab=dead-letters]').count()).toBe(0);

    // Signing out ends the provider's session too (after its confirmation), and comes back here.
    await Promise.all([page.waitForURL(`${issuer}/session/end**`), page.click('#sign-out')]);
    await Promise.all([page.waitForURL(`${local().url}/console`), page.click('button[name=logout]')]);
    await textOf(page.locator('.flash')).toBe('已退出');
    expect(await page.evaluate<string | null>("sessionStorage.getItem('paidan.adminToken')")).toBeNull();
    // So "Sign in" asks for the password again instead of going straight back in.
    await Promise.all([page.waitForURL(`${issuer}/interaction/**`), page.click('#sign-in-start')]);
    await page.locator('input[name=password]').waitFor();
    expect(errors).toEqual([]);
  });
});

// Cognito sign-in. The local stack has no Cognito (its console takes a pasted token), so a small
// server here serves /console as the function does in AWS, with a sign-in domain and client,
// and passes every other path to the local stack as API Gateway would. The Cognito domain is
// fake: the browser's requests to it are answered by `page.route`, the token endpoint with the
// local center token as the ID token, which the local stack's admin routes accept.
const SIGN_IN: CognitoSignIn = {
  domainUrl: 'https://paidan-0a1b2c3d4e5f.auth.ap-east-1.amazoncognito.com',
  clientId: '4abcdefghij5klmnop6qrstuv7',
};

interface HostedConsole {
  readonly url: string;
  /** Calls that reached the API through this server: path and Authorization header. */
  readonly apiCalls: Array<{ path: string; authorization: string | undefined }>;
}

function useHostedConsole(): () => HostedConsole {
  let server: Server | undefined;
  let handle: HostedConsole | undefined;
  const body = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
  beforeAll(async () => {
    const apiCalls: HostedConsole['apiCalls'] = [];
    server = createServer((req, res) => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        if (req.method === 'GET' && url.pathname === '/console') {
          const page = renderAdminConsole({
            lang: url.searchParams.get('lang') === 'en' ? 'en' : 'zh',
            large: url.searchParams.get('size') === 'large',
            signIn: SIGN_IN,
          });
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...page.headers });
          res.end(page.html);
          return;
        }
        apiCalls.push({ path: url.pathname + url.search, authorization: req.headers.authorization });
        const payload = await body(req);
        const headers: Record<string, string> = {};
        for (const name of ['authorization', 'accept', 'content-type']) {
          const value = req.headers[name];
          if (typeof value === 'string') headers[name] = value;
        }
        const upstream = await fetch(`${local().url}${url.pathname}${url.search}`, {
          method: req.method,
          headers,
          body: payload.length ? payload : undefined,
        });
        const out: Record<string, string> = {};
        for (const name of ['content-type', 'content-disposition']) {
          const value = upstream.headers.get(name);
          if (value) out[name] = value;
        }
        res.writeHead(upstream.status, out);
        res.end(Buffer.from(await upstream.arrayBuffer()));
      })().catch((error: unknown) => {
        res.writeHead(502);
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    handle = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, apiCalls };
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });
  return () => {
    if (!handle) throw new Error('hosted console not started');
    return handle;
  };
}

const hosted = useHostedConsole();
const base64url = (bytes: Buffer) => bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** Answers the fake Cognito domain: authorize and logout as given, the token endpoint with `idToken`. */
async function fakeCognito(
  page: Page,
  idToken: string,
  onLogout: (route: Route) => Promise<void> = (route) => route.fulfill({ status: 204 }),
) {
  const seen = { authorize: [] as URL[], token: [] as URLSearchParams[], logout: [] as URL[], other: [] as string[] };
  await page.route(`${SIGN_IN.domainUrl}/**`, async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (url.pathname === '/oauth2/authorize' && request.method() === 'GET') {
      seen.authorize.push(url);
      // No content: the browser stays on the console, where the test reads what it stored.
      await route.fulfill({ status: 204 });
    } else if (url.pathname === '/oauth2/token' && request.method() === 'POST') {
      expect(request.headers()['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
      seen.token.push(new URLSearchParams(request.postData() ?? ''));
      await route.fulfill({
        status: 200,
        headers: { 'content-type': 'application/json', 'access-control-allow-origin': hosted().url, 'cache-control': 'no-store' },
        body: JSON.stringify({
          id_token: idToken,
          access_token: 'not-used',
          refresh_token: 'not-kept',
          token_type: 'Bearer',
          expires_in: 3600,
        }),
      });
    } else if (url.pathname === '/logout') {
      seen.logout.push(url);
      await onLogout(route);
    } else {
      seen.other.push(request.url());
      await route.abort();
    }
  });
  return seen;
}

const pendingSignIn = async (page: Page) =>
  JSON.parse((await page.evaluate<string | null>("sessionStorage.getItem('paidan.adminSignIn')")) ?? 'null') as {
    state: string;
    verifier: string;
    search: string;
  } | null;
const storedToken = (page: Page) => page.evaluate<string | null>("sessionStorage.getItem('paidan.adminToken')");

async function startSignIn(page: Page, seen: { authorize: URL[] }) {
  const before = seen.authorize.length;
  await page.click('#sign-in-start');
  await expect.poll(() => seen.authorize.length).toBe(before + 1);
  return seen.authorize[before]!;
}

describe('the admin console with Cognito sign-in, in a real browser', () => {
  it('signs in with the authorization code grant and PKCE, calls the admin API with the ID token, and signs out through Cognito', async () => {
    const { stack } = local();
    const { page, errors } = await chromium().page();
    const seen = await fakeCognito(page, stack.adminTokens.center, (route) =>
      route.fulfill({ status: 302, headers: { location: `${hosted().url}/console` } }),
    );

    const response = await page.goto(`${hosted().url}/console`);
    expect(response!.headers()['content-security-policy']).toContain(`connect-src 'self' ${SIGN_IN.domainUrl};`);
    await page.locator('#sign-in-start').waitFor();
    expect(await page.locator('input[name=token]').count()).toBe(0);
    await checkPage(page, 'console-hosted-sign-in');
    // Still only its own script, and fetch to nowhere but this origin and the Cognito domain.
    await expect(page.addScriptTag({ content: 'window.injected = 1' })).rejects.toThrow(/Content Security Policy/);
    // (answered if asked, so only the policy can refuse it)
    await page.route('https://elsewhere.example/**', (route) =>
      route.fulfill({ status: 200, headers: { 'access-control-allow-origin': '*' }, body: 'ok' }),
    );
    expect(await page.evaluate<string>("fetch('https://elsewhere.example/x').then(() => 'reached', () => 'refused')")).toBe('refused');
    expect(errors.join('\n')).toMatch(/Content Security Policy/);
    errors.length = 0;

    const authorize = await startSignIn(page, seen);
    const pending = (await pendingSignIn(page))!;
    expect(pending.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pending.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${SIGN_IN.domainUrl}/oauth2/authorize`);
    expect([...authorize.searchParams.keys()]).toEqual([
      'response_type',
      'client_id',
      'redirect_uri',
      'scope',
      'state',
      'code_challenge',
      'code_challenge_method',
      'lang',
    ]);
    expect(Object.fromEntries(authorize.searchParams)).toEqual({
      response_type: 'code',
      client_id: SIGN_IN.clientId,
      redirect_uri: `${hosted().url}/console`,
      scope: 'openid email profile',
      state: pending.state,
      code_challenge: base64url(createHash('sha256').update(pending.verifier, 'ascii').digest()),
      code_challenge_method: 'S256',
      lang: 'zh-CN',
    });
    expect(authorize.search).toContain('scope=openid+email+profile');
    expect(await storedToken(page)).toBeNull();

    // Cognito sends the browser back with a one-time code and the state.
    await page.goto(`${hosted().url}/console?code=one-time-code&state=${encodeURIComponent(pending.state)}`);
    await page.locator('nav .tabs').waitFor();
    await page.locator('#request-list').waitFor();
    expect(seen.token.map((body) => Object.fromEntries(body))).toEqual([
      {
        grant_type: 'authorization_code',
        client_id: SIGN_IN.clientId,
        code: 'one-time-code',
        redirect_uri: `${hosted().url}/console`,
        code_verifier: pending.verifier,
      },
    ]);
    expect(page.url()).toBe(`${hosted().url}/console`);
    expect(await storedToken(page)).toBe(stack.adminTokens.center);
    expect(await pendingSignIn(page)).toBeNull();
    const adminCalls = hosted().apiCalls.filter((c) => c.path.startsWith('/admin/requests'));
    expect(adminCalls.length).toBeGreaterThan(0);
    expect(adminCalls.every((c) => c.authorization === `Bearer ${stack.adminTokens.center}`)).toBe(true);
    await checkPage(page, 'console-hosted-signed-in');

    // Signing out ends Cognito's session too; Cognito returns the browser to the console.
    await Promise.all([page.waitForURL(`${hosted().url}/console`), page.click('#sign-out')]);
    await textOf(page.locator('.flash')).toBe('已退出');
    await page.locator('#sign-in-start').waitFor();
    expect(seen.logout.map((u) => Object.fromEntries(u.searchParams))).toEqual([
      { client_id: SIGN_IN.clientId, logout_uri: `${hosted().url}/console` },
    ]);
    expect(await storedToken(page)).toBeNull();
    expect(seen.other).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('refuses a return with a foreign state, keeps the language chosen before signing in, and asks again when the token is refused', async () => {
    const { stack } = local();
    const { page, errors } = await chromium().page();
    const seen = await fakeCognito(page, stack.adminTokens.station);

    await page.goto(`${hosted().url}/console?lang=en`);
    const first = await startSignIn(page, seen);
    expect(first.searchParams.get('lang')).toBe('en');
    // A code with someone else's state (a forged or replayed redirect) is not exchanged.
    await page.goto(`${hosted().url}/console?code=stolen-code&state=${'x'.repeat(43)}`);
    await textOf(page.locator('.flash')).toBe('登录没有完成，请再试一次。');
    expect(seen.token).toEqual([]);
    expect(new URL(page.url()).search).not.toContain('code');
    expect(await storedToken(page)).toBeNull();

    await page.goto(`${hosted().url}/console?lang=en`);
    await startSignIn(page, seen);
    const pending = (await pendingSignIn(page))!;
    expect(pending.search).toBe('?lang=en');
    await page.goto(`${hosted().url}/console?code=good-code&state=${encodeURIComponent(pending.state)}`);
    // Back in English: the callback URL is the bare /console, so the console reloads with ?lang=en.
    await textOf(page.locator('button[data-tab=stats]')).toBe('Statistics');
    expect(page.url()).toBe(`${hosted().url}/console?lang=en`);
    expect(seen.token.map((body) => body.get('code'))).toEqual(['good-code']);
    expect(await storedToken(page)).toBe(stack.adminTokens.station);

    // A token the API refuses (expired after its hour, say): back to "Sign in", nothing kept.
    await page.evaluate("sessionStorage.setItem('paidan.adminToken', 'admin.expired-token')");
    await page.reload();
    await textOf(page.locator('.flash')).toBe('Your sign-in has expired. Sign in again.');
    await page.locator('#sign-in-start').waitFor();
    expect(await storedToken(page)).toBeNull();
    expect(seen.other).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('has staff sign in again at Cognito before a resident’s details are typed, when under 15 minutes of the sign-in are left', async () => {
    const { stack } = local();
    const { page, errors } = await chromium().page();
    const exp = Math.floor(Date.now() / 1000) + 10 * 60;
    const claims = { sub: 'local-station-staff', groups: ['station-staff'], paidan_area: '370902003009', exp };
    await page.goto(`${hosted().url}/console`);
    await page.evaluate(`sessionStorage.setItem('paidan.adminToken', ${JSON.stringify(await forgedToken(stack, { claims }))})`);
    await page.reload();
    await page.click('#proxy-order');
    await textOf(page.locator('#proxy-sign-in')).toContain('您的登录不到 15 分钟就要过期了');
    expect(await page.locator('#proxy-order-form').count()).toBe(0);
    // No token box here: signing in leaves for Cognito, before anything is typed.
    expect(await page.locator('#proxy-sign-in input').count()).toBe(0);
    await page.click('#proxy-sign-in button');
    await page.locator('#sign-in-start').waitFor();
    await textOf(page.locator('.flash')).toContain('您的登录不到 15 分钟就要过期了');
    expect(await storedToken(page)).toBeNull();
    expect(errors).toEqual([]);
  });
});
