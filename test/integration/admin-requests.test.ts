import { describe, expect, it } from 'vitest';
import type { DevOutboxEntry } from '#shared/adapters/notify/dev-outbox';
import { issueTeamToken } from '#shared/domain/team-token';
import { personKey } from '#shared/domain/volunteer';
import { acceptOffer } from '#shared/use-cases/answer-offer';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { call, postJson, validSubmission } from '../support/http';
import { KEDA, requestFixture, teamFixture } from '../support/fixtures';
import { eventually, useLocalStack } from '../support/local-stack';
import { forgedToken } from '../support/staff-tokens';

const local = useLocalStack();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const center = () => bearer(local().stack.adminTokens.center);
const station = () => bearer(local().stack.adminTokens.station);
const OUTSIDE = '370911001005';
const get = (path: string, headers: Record<string, string>) => call(`${local().url}${path}`, { headers });

async function stored(overrides: Parameters<typeof requestFixture>[0]) {
  const request = requestFixture(overrides);
  await local().adapters.requests.create({ request, events: [], outbox: [] });
  return request;
}

describe('the admins’ request list', () => {
  it('lists with filters and overdue flags, newest first, and station staff only see their area', async () => {
    const old = new Date(Date.now() - 4 * 86_400_000).toISOString();
    const overdue = await stored({
      status: 'WAITING',
      serviceCode: 'elderly-errands',
      createdAt: old,
      updatedAt: old,
      contact: { name: '张秀英', phone: '+8613712345678', address: 'x' },
    });
    const escalated = await stored({ status: 'ESCALATED' });
    const far = await stored({ status: 'WAITING', areaId: OUTSIDE });

    const all = (await get('/admin/requests', center())).json();
    const ids = all.requests.map((r: { id: string }) => r.id);
    expect(ids).toEqual(expect.arrayContaining([overdue.id, escalated.id, far.id]));
    expect(ids.indexOf(far.id)).toBeLessThan(ids.indexOf(overdue.id));
    const row = all.requests.find((r: { id: string }) => r.id === overdue.id);
    expect(row).toMatchObject({ status: 'WAITING', overdue: true, resident: { name: '张**', phone: '137****5678' } });

    expect((await get('/admin/requests?status=ESCALATED', center())).json().requests.map((r: { id: string }) => r.id)).toEqual([
      escalated.id,
    ]);
    expect((await get('/admin/requests?overdue=true', center())).json().requests.map((r: { id: string }) => r.id)).toEqual([overdue.id]);
    expect((await get(`/admin/requests?area=${OUTSIDE}`, center())).json().requests.map((r: { id: string }) => r.id)).toEqual([far.id]);
    const ofService = (await get('/admin/requests?service=elderly-errands', center())).json().requests.map((r: { id: string }) => r.id);
    expect(ofService).toContain(overdue.id);
    expect(ofService).not.toContain(escalated.id);
    // Dates are Shanghai days, both ends included: the four-day-old request alone.
    const shanghaiDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
    const day = shanghaiDay(Date.parse(old));
    const thatDay = (await get(`/admin/requests?from=${day}&to=${day}`, center())).json().requests.map((r: { id: string }) => r.id);
    expect(thatDay).toContain(overdue.id);
    expect(thatDay).not.toContain(escalated.id);
    const sinceYesterday = (await get(`/admin/requests?from=${shanghaiDay(Date.now() - 86_400_000)}`, center()))
      .json()
      .requests.map((r: { id: string }) => r.id);
    expect(sinceYesterday).toEqual(expect.arrayContaining([escalated.id, far.id]));
    expect(sinceYesterday).not.toContain(overdue.id);
    const backwards = await get(`/admin/requests?from=${shanghaiDay(Date.now())}&to=${day}`, center());
    expect(backwards.json().error.fields).toEqual([{ field: 'from', message: 'Must not be after `to`' }]);
    const mine = (await get('/admin/requests', station())).json().requests.map((r: { id: string }) => r.id);
    expect(mine).toContain(escalated.id);
    expect(mine).not.toContain(far.id);
    expect((await get(`/admin/requests?area=${OUTSIDE}`, station())).status).toBe(404);
    for (const query of ['?area=', '?area=%20', '?area=keda']) {
      const empty = await get(`/admin/requests${query}`, station());
      expect(empty.status).toBe(400);
      expect(empty.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['area']);
    }
    expect((await get(`/admin/requests/${far.id}`, station())).status).toBe(404);
    const bad = await get('/admin/requests?status=LOST&limit=0', center());
    expect(bad.status).toBe(400);
    expect(
      bad
        .json()
        .error.fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['limit', 'status']);
    expect((await get('/admin/requests', {})).status).toBe(401);
  });
});

describe('the open requests that waited longest', () => {
  it('lists a request escalated 40 days ago under 中心待派单 and 超时需求, and says the period it read', async () => {
    const at = new Date(Date.now() - 40 * 86_400_000).toISOString();
    const old = await stored({ status: 'ESCALATED', createdAt: at, updatedAt: at });
    const fresh = await stored({ status: 'ESCALATED' });
    const shanghaiDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
    const today = shanghaiDay(Date.now());
    for (const headers of [center(), station()]) {
      for (const query of ['?status=ESCALATED', '?overdue=true&order=oldest']) {
        const answer = (await get(`/admin/requests${query}`, headers)).json();
        expect(answer.requests.map((r: { id: string }) => r.id)).toEqual(
          expect.arrayContaining([old.id, ...(query.startsWith('?status') ? [fresh.id] : [])]),
        );
        expect(answer.period.to).toBe(today);
        expect(answer.period.from <= shanghaiDay(Date.parse(at))).toBe(true);
      }
    }
    // Without a filter on open requests, the last 30 days, and the answer says so.
    const recent = (await get('/admin/requests', center())).json();
    expect(recent.requests.map((r: { id: string }) => r.id)).not.toContain(old.id);
    expect(recent.period).toEqual({ from: shanghaiDay(Date.now() - 29 * 86_400_000), to: today });
  });
});

describe('the center’s actions on a request', () => {
  it('dispatches an escalated request by hand within the team’s capacity, recording who and why', async () => {
    const { adapters } = local();
    await adapters.teams.register(teamFixture('hand-team', { name: { zh: '手工队', en: 'Hand team' }, capacity: 1 }), ['appliance-repair']);
    const first = await stored({ status: 'ESCALATED', excludedTeams: ['hand-team'] });
    const second = await stored({ status: 'ESCALATED' });

    const detail = (await get(`/admin/requests/${first.id}`, station())).json();
    expect(detail.request.contact).toEqual(first.contact);
    expect(detail.request.accessTokenHash).toBeUndefined();
    expect(detail.candidates).toEqual([expect.objectContaining({ teamId: 'hand-team', free: 1, capacity: 1, declinedBefore: true })]);

    const noVersion = await postJson(`${local().url}/admin/requests/${first.id}/dispatch`, { teamId: 'hand-team' }, center());
    expect(noVersion.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['version']);
    const unknown = await postJson(
      `${local().url}/admin/requests/${first.id}/dispatch`,
      { teamId: 'nobody', version: first.version },
      center(),
    );
    expect(unknown.json().error.fields).toEqual([{ field: 'teamId', message: 'Not a team this request can be dispatched to' }]);
    const ok = await postJson(
      `${local().url}/admin/requests/${first.id}/dispatch`,
      { teamId: 'hand-team', note: '电话确认过', version: first.version },
      center(),
    );
    expect(ok.json()).toMatchObject({ id: first.id, status: 'OFFERED' });
    const full = await postJson(
      `${local().url}/admin/requests/${second.id}/dispatch`,
      { teamId: 'hand-team', version: second.version },
      center(),
    );
    expect(full.status).toBe(409);
    expect((await adapters.teams.get('hand-team'))!.active).toBe(1);
    const timeline = (await get(`/admin/requests/${first.id}`, center())).json().timeline;
    expect(timeline.at(-1)).toMatchObject({
      status: 'OFFERED',
      actor: 'admin',
      detail: 'center-admin@paidan.local: 电话确认过',
      message: { zh: '中心人工派给 手工队' },
    });
    // A page loaded before the dispatch: its dispatch or cancel is refused, and the offer stands.
    const again = await postJson(
      `${local().url}/admin/requests/${first.id}/dispatch`,
      { teamId: 'hand-team', version: first.version },
      center(),
    );
    expect(again.status).toBe(409);
    expect(again.json().error.message).toContain('changed since you loaded it (it is OFFERED now)');
    const stale = await postJson(
      `${local().url}/admin/requests/${first.id}/cancel`,
      { reason: '旧页面', version: first.version },
      station(),
    );
    expect(stale.status).toBe(409);
    expect((await adapters.requests.get(first.id))!.status).toBe('OFFERED');

    // Cancelling the offered request gives the capacity back, and the team is told.
    const cancelled = await postJson(
      `${local().url}/admin/requests/${first.id}/cancel`,
      { reason: '居民来电说已修好', version: (await get(`/admin/requests/${first.id}`, station())).json().request.version },
      station(),
    );
    expect(cancelled.json()).toMatchObject({ status: 'CANCELLED' });
    await eventually(async () => (await adapters.teams.get('hand-team'))!.active === 0);
    const afterCancel = (await get(`/admin/requests/${first.id}`, center())).json().timeline;
    expect(afterCancel.at(-1)).toMatchObject({
      status: 'CANCELLED',
      actor: 'admin',
      detail: 'keda-station@paidan.local',
      message: { zh: '社区已取消需求：居民来电说已修好' },
    });
  });

  it('rejects with a reason the resident sees and is texted about, and refuses a rejection without one', async () => {
    const request = await stored({ status: 'WAITING', contact: { name: '李', phone: '+8613612340000', address: 'x' } });
    const noReason = await postJson(
      `${local().url}/admin/requests/${request.id}/reject`,
      { reason: ' ', version: request.version },
      center(),
    );
    expect(noReason.status).toBe(400);
    expect(noReason.json().error.fields[0].field).toBe('reason');
    const rejected = await postJson(
      `${local().url}/admin/requests/${request.id}/reject`,
      { reason: '该服务需到社区现场办理', version: request.version },
      center(),
    );
    expect(rejected.json()).toMatchObject({ status: 'REJECTED' });
    const { timeline } = (await local().adapters.requests.getWithTimeline(request.id))!;
    expect(timeline.at(-1)).toMatchObject({
      message: { zh: '未能受理：该服务需到社区现场办理' },
      actor: 'admin',
      detail: 'center-admin@paidan.local',
    });
    const sms = await eventually(async () =>
      ((await call(`${local().url}/dev/outbox`)).json().entries as DevOutboxEntry[]).find(
        (e) => e.to === '+8613612340000' && e.kind === 'rejected',
      ),
    );
    expect(sms.text).toContain(request.trackingCode);
    const version = (await local().adapters.requests.get(request.id))!.version;
    expect((await postJson(`${local().url}/admin/requests/${request.id}/reject`, { reason: '再次', version }, center())).status).toBe(409);
  });
});

describe('reassigning', () => {
  it('takes an accepted order back from its team, tells it, and offers it to the chosen team', async () => {
    const { adapters, url } = local();
    const clock = { now: () => new Date() };
    await adapters.teams.register(
      teamFixture('first-team', { services: ['reassign-test'], channels: [{ kind: 'email', address: 'first@example.invalid' }] }),
      ['reassign-test'],
    );
    const request = await stored({ serviceCode: 'reassign-test' });
    await dispatchRequest({ ...adapters, clock }, { requestId: request.id, version: 1 });
    await acceptOffer({ ...adapters, clock, publisher: { publish: async () => undefined } }, request.id, 'first-team');
    await adapters.teams.register(teamFixture('second-team', { services: ['reassign-test'] }), ['reassign-test']);
    const noReason = await postJson(`${url}/admin/requests/${request.id}/reassign`, { teamId: 'second-team' }, center());
    expect(noReason.json().error.fields[0].field).toBe('reason');
    const same = await postJson(`${url}/admin/requests/${request.id}/reassign`, { teamId: 'first-team', reason: 'x' }, center());
    expect(same.json().error.fields[0]).toEqual({ field: 'teamId', message: 'The request is already with this team' });
    // From a page loaded before the acceptance: refused, nothing moves.
    const stale = await postJson(
      `${url}/admin/requests/${request.id}/reassign`,
      { teamId: 'second-team', reason: '旧页面', version: 1 },
      station(),
    );
    expect(stale.status).toBe(409);
    expect((await adapters.requests.get(request.id))!.assignedTeam).toMatchObject({ id: 'first-team' });
    // Without a version (API callers from before it), as before: it acts on the request as it is.
    const moved = await postJson(
      `${url}/admin/requests/${request.id}/reassign`,
      { teamId: 'second-team', reason: '原队伍人手不足' },
      station(),
    );
    expect(moved.json()).toMatchObject({ status: 'OFFERED' });
    const after = (await adapters.requests.get(request.id))!;
    expect(after).toMatchObject({ offer: { teamId: 'second-team' }, excludedTeams: ['first-team'] });
    expect(after.assignedTeam).toBeUndefined();
    expect((await adapters.teams.get('second-team'))!.active).toBe(1);
    expect((await adapters.teams.get('first-team'))!.active).toBe(0);
    const { timeline } = (await adapters.requests.getWithTimeline(request.id))!;
    const who = timeline.filter((e) => e.actor === 'admin').map((e) => [e.status, e.detail]);
    expect(who).toEqual([
      ['WAITING', 'keda-station@paidan.local: 原队伍人手不足'],
      ['OFFERED', expect.stringContaining('keda-station@paidan.local')],
    ]);
    const told = await eventually(async () =>
      ((await call(`${url}/dev/outbox`)).json().entries as DevOutboxEntry[]).find(
        (e) => e.to === 'first@example.invalid' && e.kind === 'offer-cancelled',
      ),
    );
    expect(told.title).toContain('已取消');
  });
});

describe('ordering for a resident (代点单)', () => {
  it('records the request as ordered by the station staff member, within their area only', async () => {
    const { url, adapters } = local();
    const ordered = await postJson(`${url}/admin/requests`, validSubmission({ contactName: '赵大爷', phone: '13511112222' }), station());
    expect(ordered.status).toBe(201);
    const body = ordered.json();
    expect(body).toMatchObject({ status: 'SUBMITTED', trackingCode: expect.stringMatching(/^\d{8}$/) });
    expect(body.statusUrl).toBe(`${url}/requests/${body.id}?token=${body.accessToken}`);
    const { request, timeline } = (await adapters.requests.getWithTimeline(body.id))!;
    expect(request.channel).toBe('proxy');
    expect(timeline[0]).toMatchObject({
      type: 'SUBMITTED',
      actor: 'admin',
      detail: 'keda-station@paidan.local',
      message: { zh: '工作人员已代为提交需求' },
    });
    const sms = await eventually(async () =>
      ((await call(`${url}/dev/outbox`)).json().entries as DevOutboxEntry[]).find(
        (e) => e.to === '+8613511112222' && e.kind === 'received',
      ),
    );
    expect(sms.text).toContain(`查询码${body.trackingCode}`);
    expect(sms.text).toContain(`${url}/lookup`);

    const outside = await postJson(`${url}/admin/requests`, validSubmission({ areaId: OUTSIDE }), station());
    expect(outside.status).toBe(404);
    const bad = await postJson(`${url}/admin/requests`, validSubmission({ phone: '12' }), station());
    expect(bad.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['phone']);
  });
});

describe('a team’s visit hours recorded by staff (the visit came before the acceptance)', () => {
  it('refuses the team’s report past the bound, takes the station’s, and credits the volunteer once however often it is sent', async () => {
    const { adapters, url, stack } = local();
    const clock = { now: () => new Date() };
    await adapters.teams.register(teamFixture('phoned-team', { services: ['hours-test'], capacity: 1 }), ['hours-test']);
    const issued = issueTeamToken('phoned-team');
    await adapters.teams.setTokenHash('phoned-team', issued.hash);
    const volunteerId = 'w0w0w0w0w0w0w0w0w0w0';
    await adapters.volunteers.register({
      id: volunteerId,
      name: '吴志愿',
      phone: '+8613700009999',
      homeAreaId: KEDA,
      registeredAt: clock.now().toISOString(),
      registeredBy: { kind: 'self' },
    });
    await adapters.volunteers.addMember({ teamId: 'phoned-team', volunteerId, since: clock.now().toISOString() });
    // Phoned in and ordered by the station (代点单): the resident has no link, so staff record their rating.
    const request = await stored({ serviceCode: 'hours-test', areaId: KEDA, channel: 'proxy' });
    await dispatchRequest({ ...adapters, clock }, { requestId: request.id, version: 1 });
    await acceptOffer({ ...adapters, clock, publisher: { publish: async () => undefined } }, request.id, 'phoned-team');
    const hours = [{ volunteerId, minutes: 90 }];

    // Accepted just now: the team's own report of 90 minutes is past the bound.
    const byTeam = await postJson(`${url}/requests/${request.id}/complete`, { hours }, { authorization: `Bearer ${issued.token}` });
    expect(byTeam.status).toBe(400);
    expect(byTeam.json().error.fields).toEqual([{ field: 'hours.0.minutes', message: expect.stringMatching(/^At most \d+ minutes?: /) }]);

    const path = `${url}/admin/requests/${request.id}/hours`;
    const reason = '站里电话派单，队员先上门后接单';
    const otherArea = await forgedToken(stack, {
      claims: { sub: 'yanbei-staff', email: 'yanbei@paidan.local', groups: ['station-staff'], paidan_area: '370911001005' },
    });
    const outside = await postJson(path, { hours, reason }, bearer(otherArea));
    expect(outside.status).toBe(404);
    const noReason = await postJson(path, { hours }, station());
    expect(noReason.json().error.fields).toEqual([{ field: 'reason', message: expect.any(String) }]);
    const pastADay = await postJson(path, { hours: [{ volunteerId, minutes: 1441 }], reason }, station());
    expect(pastADay.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['hours.0.minutes']);
    expect((await adapters.requests.get(request.id))!.status).toBe('ACCEPTED');

    const recorded = await postJson(path, { hours, reason }, station());
    expect(recorded.status).toBe(200);
    expect(recorded.json()).toMatchObject({ id: request.id, status: 'COMPLETED' });
    const again = await postJson(path, { hours, reason }, station());
    expect(again.json()).toEqual(recorded.json());
    expect((await adapters.teams.get('phoned-team'))!.active).toBe(0);
    const { request: completed, timeline } = (await adapters.requests.getWithTimeline(request.id))!;
    expect(completed.completion!.hours).toEqual([{ volunteer: '吴志愿', volunteerId, minutes: 90 }]);
    expect(timeline.filter((e) => e.actor === 'admin')).toEqual([
      expect.objectContaining({ status: 'COMPLETED', detail: `keda-station@paidan.local: ${reason} (90 min)` }),
    ]);

    const rated = await postJson(`${url}/admin/requests/${request.id}/rating`, { stars: 5 }, station());
    expect(rated.json()).toMatchObject({ status: 'CLOSED' });
    expect((await adapters.requests.get(request.id))!.rating).toMatchObject({ stars: 5, by: 'local-station-keda' });
    // The sweep posts the credits (admin-requests has no ledger access); twice, as two sweeps may.
    const sweep = stack.schedules.find((s) => s.functionName === 'sweep-due')!;
    await sweep.runNow();
    await sweep.runNow();
    expect(await adapters.credits.balance(personKey(volunteerId))).toMatchObject({ hours: 1.5, pointsEarned: 0.375 });
    // Closed: the ledger has the hours, staff can no longer change them.
    expect((await postJson(path, { hours, reason }, station())).status).toBe(409);
    expect(await adapters.credits.history(personKey(volunteerId))).toEqual([
      expect.objectContaining({ kind: 'earn', requestId: request.id, hours: 1.5 }),
    ]);
  });
});
