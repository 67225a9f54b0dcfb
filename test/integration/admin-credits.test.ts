import { describe, expect, it } from 'vitest';
import { call, postJson } from '../support/http';
import { requestFixture, teamFixture } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';

const local = useLocalStack();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const center = () => bearer(local().stack.adminTokens.center);
const station = () => bearer(local().stack.adminTokens.station);
const OUTSIDE = 'taian.daiyue.zhoudian.yanbei';

async function earn(volunteerKey: string, points: number, requestId = `r-${Math.random().toString(36).slice(2)}`) {
  const at = new Date().toISOString();
  await local().adapters.credits.post({ volunteerKey, requestId, teamId: volunteerKey.split(':')[0]!, minutes: points * 240, hours: points * 4, points, at });
}

describe('the admin credit routes', () => {
  it('answer 401 without an admin token, with a wrong one, and with a team token', async () => {
    const { url } = local();
    const body = { volunteer: 'keda-team:小李', points: 1, item: '大米' };
    expect((await postJson(`${url}/admin/redemptions`, body)).status).toBe(401);
    expect((await postJson(`${url}/admin/redemptions`, body, bearer('admin.forged'))).status).toBe(401);
    expect((await postJson(`${url}/admin/redemptions`, body, bearer('keda-team.secret'))).status).toBe(401);
  });

  it('redeem points at the counter with a pickup code, never below zero even when ten run at once', async () => {
    const { url, adapters } = local();
    await adapters.teams.register(teamFixture('keda-team'), []);
    await earn('keda-team:小李', 3);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => postJson(`${url}/admin/redemptions`, { volunteer: 'keda-team:小李', points: 1, item: '大米一袋' }, center())),
    );
    const ok = results.filter((r) => r.status === 201).map((r) => r.json());
    expect(ok).toHaveLength(3);
    expect(new Set(ok.map((r) => r.pickupCode)).size).toBe(3);
    expect(ok.every((r) => /^[2-9A-HJ-NP-Z]{8}$/.test(r.pickupCode))).toBe(true);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
    expect(await adapters.credits.balance('keda-team:小李')).toMatchObject({ pointsSpent: 3, balance: 0 });
  });

  it('refuse bad input with 400 naming the field, and write nothing', async () => {
    const { url, adapters } = local();
    await earn('keda-team:老王', 2);
    const bad = await postJson(`${url}/admin/redemptions`, { volunteer: 'keda-team:老王', points: 1.5, item: '' }, center());
    expect(bad.status).toBe(400);
    expect(bad.json().error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['item', 'points']);
    const unknownTeam = await postJson(`${url}/admin/redemptions`, { volunteer: 'no-such-team:x', points: 1, item: '面' }, center());
    expect(unknownTeam.json().error.fields).toEqual([{ field: 'volunteer', message: 'No such team' }]);
    expect(await adapters.credits.balance('keda-team:老王')).toMatchObject({ pointsSpent: 0, balance: 2 });
  });

  it('let station staff redeem for teams of their own area only (404 outside it)', async () => {
    const { url, adapters } = local();
    await adapters.teams.register(teamFixture('far-team', { stationAreaId: OUTSIDE, servesAreaId: OUTSIDE }), []);
    await earn('far-team:小周', 2);
    await earn('keda-team:小周', 2);
    expect((await postJson(`${url}/admin/redemptions`, { volunteer: 'far-team:小周', points: 1, item: '油' }, station())).status).toBe(404);
    expect((await postJson(`${url}/admin/redemptions`, { volunteer: 'keda-team:小周', points: 1, item: '油' }, station())).status).toBe(201);
    expect((await postJson(`${url}/admin/redemptions`, { volunteer: 'far-team:小周', points: 1, item: '油' }, center())).status).toBe(201);
  });

  it('void what a request earned once, and note who and why in its timeline', async () => {
    const { url, adapters } = local();
    const request = requestFixture({
      status: 'CLOSED',
      version: 6,
      assignedTeam: { id: 'keda-team', name: '科大队' },
      completion: { completedAt: new Date().toISOString(), hours: [{ volunteer: '小吴', minutes: 240 }, { volunteer: '小郑', minutes: 480 }] },
    });
    await adapters.requests.create({ request, events: [], outbox: [] });
    await earn('keda-team:小吴', 1, request.id);
    await earn('keda-team:小郑', 2, request.id);
    const far = requestFixture({ areaId: OUTSIDE, status: 'CLOSED', assignedTeam: { id: 'far-team', name: '远队' }, completion: { completedAt: new Date().toISOString(), hours: [{ volunteer: 'x', minutes: 60 }] } });
    await adapters.requests.create({ request: far, events: [], outbox: [] });

    expect((await postJson(`${url}/admin/requests/${request.id}/void-credits`, {}, station())).status).toBe(400);
    expect((await postJson(`${url}/admin/requests/${far.id}/void-credits`, { reason: '居民投诉未上门' }, station())).status).toBe(404);
    const voided = await postJson(`${url}/admin/requests/${request.id}/void-credits`, { reason: '居民投诉未上门' }, station());
    expect(voided.json()).toEqual({ id: request.id, voided: 2 });
    expect((await postJson(`${url}/admin/requests/${request.id}/void-credits`, { reason: '再次' }, center())).json()).toEqual({ id: request.id, voided: 0 });
    expect(await adapters.credits.balance('keda-team:小郑')).toMatchObject({ balance: 0 });
    const notes = (await adapters.requests.getWithTimeline(request.id))!.timeline.filter((e) => e.type === 'NOTE');
    expect(notes.map((n) => [n.actor, n.detail])).toEqual([
      ['admin', 'keda-station@paidan.local: 居民投诉未上门'],
      ['admin', 'center-admin@paidan.local: 再次'],
    ]);
    expect((await call(`${url}/admin/requests/nosuchrequest/void-credits`, { method: 'POST', headers: { ...center(), 'content-type': 'application/json' }, body: '{"reason":"x"}' })).status).toBe(404);
  });
});
