import { describe, expect, it } from 'vitest';
import { offerUrls, signOfferLink, type OfferLinkParams } from '#shared/domain/offer-link';
import { issueTeamToken } from '#shared/domain/team-token';
import { demoServices } from '#shared/seed/menu';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { call, postJson } from '../support/http';
import { requestFixture, teamFixture } from '../support/fixtures';
import { eventually, useLocalStack } from '../support/local-stack';

const local = useLocalStack();

async function offeredTo(teamId: string, serviceCode: string) {
  const { adapters } = local();
  await adapters.teams.register(teamFixture(teamId, { services: [serviceCode], capacity: 10 }), [serviceCode]);
  const request = requestFixture({ serviceCode, contact: { name: '郑桂芳', phone: '+8613911112222', address: '科大社区5号楼3单元' } });
  await adapters.requests.create({ request, events: [], outbox: [] });
  return request;
}

async function linkFor(requestId: string) {
  const { adapters, url } = local();
  const key = await adapters.signingKeys.current();
  const link = signOfferLink((await adapters.requests.get(requestId))!, key);
  return { link, urls: offerUrls(url, requestId, link) };
}

describe('a team answering through its signed link', () => {
  it('sees the resident masked, accepts, and only then sees the full contact', async () => {
    const { adapters } = local();
    const request = await offeredTo('linked', 'link-test');
    await dispatchRequest({ ...adapters, clock: { now: () => new Date() } }, { requestId: request.id, version: 1 });
    const { urls } = await linkFor(request.id);

    const before = (await call(urls.view)).json();
    expect(before).toMatchObject({ state: 'open', resident: { name: '郑**', phone: '139****2222' } });
    expect(JSON.stringify(before)).not.toContain('5号楼');
    const page = await call(urls.view, { headers: { accept: 'text/html' } });
    expect(page.text).toContain(`action="${urls.accept.replaceAll('&', '&amp;')}"`);

    expect((await call(urls.accept, { method: 'POST' })).json()).toEqual({ id: request.id, answer: 'accepted' });
    const after = (await call(urls.view)).json();
    expect(after).toMatchObject({
      state: 'accepted',
      resident: { name: '郑桂芳', phone: '+8613911112222', address: '科大社区5号楼3单元' },
    });
    expect((await adapters.requests.get(request.id))!.status).toBe('ACCEPTED');
    // The form sent twice (a double tap, a retry): the team is told it holds the order, not that it lost it.
    const again = await call(urls.accept, { method: 'POST' });
    expect([again.status, again.json()]).toEqual([200, { id: request.id, answer: 'accepted' }]);
    expect((await adapters.teams.get('linked'))!.active).toBe(1);
  });

  it('sees numbers and addresses in the description and answers masked, and a personal field withheld, on its page and in its list until it accepts', async () => {
    const { adapters, url } = local();
    const repair = demoServices.find((s) => s.code === 'appliance-repair')!;
    // A field saved before the menu refused such fields (admin-menu.test.ts): its answer waits for the acceptance too.
    const backupPhone = { code: 'backupPhone', label: { zh: '备用电话', en: 'Another phone' }, type: 'string' as const, required: false };
    await adapters.catalog.putService({ ...repair, code: 'masked-test', fields: [...repair.fields, backupPhone] });
    await adapters.teams.register(teamFixture('masked', { services: ['masked-test'], capacity: 10 }), ['masked-test']);
    const token = issueTeamToken('masked');
    await adapters.teams.setTokenHash('masked', token.hash);
    const bearer = { authorization: `Bearer ${token.token}` };
    const request = requestFixture({
      serviceCode: 'masked-test',
      description:
        '收音机没有声音，白天请打13800001111，晚上打幺三九零零零零二二二二，我家在财源街道13号楼2单元501室，12月1号楼下见，' +
        '或打139,5555,6666，微信号 li_xz88，预算1,200元',
      attributes: { applianceType: 'radio', model: '熊猫 0538-6212345，Room 602, Building 7', backupPhone: '13977778888' },
    });
    await adapters.requests.create({ request, events: [], outbox: [] });
    await dispatchRequest({ ...adapters, clock: { now: () => new Date() } }, { requestId: request.id, version: 1 });
    const { urls } = await linkFor(request.id);
    const hidden = [
      '13800001111',
      '6212345',
      '13977778888',
      '幺三九零零零零',
      '13号楼2单元501室',
      'Room 602, Building 7',
      '139,5555',
      'li_xz88',
    ];
    const seen = async (list: 'offers' | 'orders') => ({
      page: (await call(urls.view, { headers: { accept: 'text/html' } })).text,
      json: JSON.stringify((await call(urls.view)).json()),
      list: JSON.stringify((await call(`${url}/team/${list}`, { headers: bearer })).json()[list]),
    });

    const before = await seen('offers');
    expect(before.list).toContain(request.id);
    for (const shown of Object.values(before)) for (const number of hidden) expect(shown).not.toContain(number);
    expect(before.page).toContain(
      '收音机没有声音，白天请打*******1111，晚上打*******二二二二，我家在财源街道**号楼*单元***室，12月1号楼下见，' +
        '或打***,****,6666，微信号 *******，预算1,200元',
    );
    expect(before.page).toContain('熊猫 ****-***2345，Room ***, Building *');
    expect(before.page).toMatch(/备用电话<\/dt><dd class="pre">接单后可见/);

    expect((await call(urls.accept, { method: 'POST' })).status).toBe(200);
    const after = await seen('orders');
    expect(after.list).toContain(request.id);
    for (const shown of Object.values(after)) for (const number of hidden) expect(shown).toContain(number);
  });

  it('refuses forged links with 404 and changes nothing', async () => {
    const { adapters, url } = local();
    const request = await offeredTo('forged', 'forge-test');
    await dispatchRequest({ ...adapters, clock: { now: () => new Date() } }, { requestId: request.id, version: 1 });
    const { link } = await linkFor(request.id);
    const forgeries: OfferLinkParams[] = [
      // The first character carries six whole bits of the MAC (the last one partly padding).
      { ...link, sig: (link.sig.startsWith('A') ? 'B' : 'A') + link.sig.slice(1) },
      { ...link, team: 'another-team' },
      { ...link, exp: String(Number(link.exp) + 86_400) },
      { ...link, v: '1' },
    ];
    for (const forged of forgeries) {
      const urls = offerUrls(url, request.id, forged);
      expect((await call(urls.view)).status).toBe(404);
      expect((await call(urls.accept, { method: 'POST' })).status).toBe(404);
      expect(
        (await call(urls.decline, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"reason":"busy"}' })).status,
      ).toBe(404);
    }
    expect((await call(`${url}/offers/${request.id}`)).status).toBe(404);
    expect((await adapters.requests.get(request.id))!.status).toBe('OFFERED');
  });

  it('answers 409 to an accept after the deadline, and shows the offer as closed', async () => {
    const { adapters } = local();
    const request = await offeredTo('late', 'late-test');
    // Offered yesterday at 9:00 Beijing: its 4 service hours ended at 13:00 that day, whatever the
    // time now (five clock hours ago could be evening, its window running on into tomorrow).
    const yesterday = new Date(Date.now() + 8 * 3600_000 - 24 * 3600_000).toISOString().slice(0, 10);
    await dispatchRequest(
      { ...adapters, clock: { now: () => new Date(`${yesterday}T09:00:00+08:00`) } },
      { requestId: request.id, version: 1 },
    );
    const { urls } = await linkFor(request.id);
    const accept = await call(urls.accept, { method: 'POST' });
    expect(accept.status).toBe(409);
    expect(accept.json().error.message).toBe('This offer expired at its deadline');
    expect((await call(urls.view)).json().state).toBe('closed');

    // A page caller is shown the offer again, the reason at its top in the team's words (review 55).
    const page = await call(urls.accept, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: '',
    });
    expect(page.status).toBe(409);
    expect(page.text).toContain(
      '<div class="error-summary" role="alert" tabindex="-1"><p>这个派单已经结束（已过期、被收回或已派给其他服务队）',
    );
    expect(page.text).toContain('这个派单已经结束（已过期、已婉拒、已取消或已派给其他服务队）。');
    expect(page.text).not.toContain('返回首页');
    // A link cut short in a chat: no word of residents' tracking codes, a way to the team console.
    const cut = await call(urls.accept.replace(/sig=[^&]+/, 'sig=abc'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: '',
    });
    expect(cut.status).toBe(404);
    expect(cut.text).toContain('派单链接无效');
    expect(cut.text).toContain('href="/team"');
    expect(cut.text).not.toContain('查询码');
    // The offer's page itself, opened from a link that lost its `sig` (the last parameter) or part of it,
    // and an answer whose `sig` was cut off whole (review 62, finding 1).
    const html = { accept: 'text/html' };
    const post = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body: '' };
    for (const [url, init] of [
      [urls.view.replace(/&sig=[^&]+/, ''), { headers: html }],
      [urls.view.replace(/sig=([^&]{10})[^&]+/, 'sig=$1'), { headers: html }],
      [urls.accept.replace(/&sig=[^&]+/, ''), post],
    ] as const) {
      expect(url).not.toBe(urls.view);
      const refused = await call(url, init);
      expect(refused.status).toBe(404);
      expect(refused.text).toContain('派单链接无效');
      expect(refused.text).toContain('href="/team"');
      expect(refused.text).not.toContain('查询码');
    }
  });

  it('declines with a reason and a note for staff, and the old link can no longer accept', async () => {
    const { adapters } = local();
    const request = await offeredTo('decliner', 'decline-test');
    await dispatchRequest({ ...adapters, clock: { now: () => new Date() } }, { requestId: request.id, version: 1 });
    const { urls } = await linkFor(request.id);
    const bad = await call(urls.decline, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"reason":"tired"}' });
    expect(bad.status).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('reason');
    const byForm = await call(`${urls.decline}&lang=en&size=large`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ reason: 'busy', note: '本周志愿者都在外地' }).toString(),
    });
    expect(byForm.status).toBe(303);
    // Back to the offer page in the reader's language and type size.
    expect(byForm.headers.get('location')).toMatch(/[?&]lang=en/);
    expect(byForm.headers.get('location')).toMatch(/[?&]size=large/);
    const found = await eventually(async () => {
      const f = await adapters.requests.getWithTimeline(request.id);
      return f?.request.status === 'WAITING' && f;
    });
    expect(Object.keys(found.request.coolingOff ?? {})).toEqual(['decliner']); // busy: for a while
    expect(found.timeline.at(-1)).toMatchObject({ detail: '本周志愿者都在外地' });
    expect((await adapters.teams.get('decliner'))!.active).toBe(0);
    expect((await call(urls.accept, { method: 'POST' })).status).toBe(409);
    // A second tap of the decline (a slow network, back and send again) is told it stands, not refused (review 55).
    const again = await call(urls.decline, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ reason: 'busy' }).toString(),
    });
    expect(again.status).toBe(303);
    const json = await call(urls.decline, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"reason":"busy"}' });
    expect(json.json()).toEqual({ id: request.id, answer: 'declined' });
    const { timeline } = (await adapters.requests.getWithTimeline(request.id))!;
    expect(timeline.filter((e) => e.release)).toHaveLength(1);
    expect((await adapters.teams.get('decliner'))!.active).toBe(0);
    expect((await call(urls.view)).json()).toEqual({ requestId: request.id, state: 'declined' });
    const page = await call(urls.view, { headers: { accept: 'text/html' } });
    expect(page.text).toContain('您的服务队已婉拒这个派单');
  });

  it('answers 409 to an accept after the offer went to another team, whose own link then works', async () => {
    const { adapters, url, stack } = local();
    const request = await offeredTo('first-taker', 'elsewhere-test');
    await dispatchRequest({ ...adapters, clock: { now: () => new Date() } }, { requestId: request.id, version: 1 });
    const first = await linkFor(request.id);
    await adapters.teams.register(teamFixture('second-taker', { services: ['elsewhere-test'], capacity: 10 }), ['elsewhere-test']);
    const moved = await postJson(
      `${url}/admin/requests/${request.id}/reassign`,
      { teamId: 'second-taker', reason: '第一支队伍联系不上' },
      { authorization: `Bearer ${stack.adminTokens.center}` },
    );
    expect(moved.json()).toMatchObject({ status: 'OFFERED' });

    const late = await call(first.urls.accept, { method: 'POST' });
    expect(late.status).toBe(409);
    expect(late.json().error.message).toBe('This offer is no longer open: it was withdrawn or went to another team');
    expect((await call(first.urls.view)).json()).toEqual({ requestId: request.id, state: 'gone' });
    expect((await adapters.requests.get(request.id))!.offer?.teamId).toBe('second-taker');

    const second = await linkFor(request.id);
    expect((await call(second.urls.accept, { method: 'POST' })).status).toBe(200);
    expect((await adapters.requests.get(request.id))!).toMatchObject({ status: 'ACCEPTED', assignedTeam: { id: 'second-taker' } });
    expect((await adapters.teams.get('first-taker'))!.active).toBe(0);
  });
});
