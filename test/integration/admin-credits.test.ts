import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { keys } from '#shared/adapters/dynamo/keys';
import { newAccessToken, sha256 } from '#shared/domain/identifiers';
import { postCredits } from '#shared/use-cases/post-credits';
import { call, postJson } from '../support/http';
import { requestFixture, teamFixture } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';

const local = useLocalStack();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const center = () => bearer(local().stack.adminTokens.center);
const station = () => bearer(local().stack.adminTokens.station);
const OUTSIDE = '370911001005';

async function earn(volunteerKey: string, points: number, requestId = `r-${Math.random().toString(36).slice(2)}`) {
  const at = new Date().toISOString();
  await local().adapters.credits.post({
    volunteerKey,
    requestId,
    teamId: volunteerKey.split(':')[0]!,
    minutes: points * 240,
    hours: points * 4,
    points,
    at,
  });
}

describe('the admin credit routes', () => {
  it('answer 401 without an admin token, with a wrong one, and with a team token', async () => {
    const { url } = local();
    const body = { volunteer: 'keda-team:小李', points: 1, item: '大米' };
    expect((await postJson(`${url}/admin/redemptions`, body)).status).toBe(401);
    expect((await postJson(`${url}/admin/redemptions`, body, bearer('admin.forged'))).status).toBe(401);
    expect((await postJson(`${url}/admin/redemptions`, body, bearer('keda-team.secret'))).status).toBe(401);
  });

  it('redeem once per Idempotency-Key, however often or concurrently the same redemption is sent', async () => {
    const { url, adapters } = local();
    await adapters.teams.register(teamFixture('keda-team'), []);
    await earn('keda-team:小周', 3);
    const body = { volunteer: 'keda-team:小周', points: 2, item: '大米一袋' };
    const once = { ...center(), 'idempotency-key': 'counter-7f3a9c21' };
    const replies = await Promise.all([1, 2, 3].map(() => postJson(`${url}/admin/redemptions`, body, once)));
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(replies.map((r) => r.json().pickupCode)).size).toBe(1);
    expect(await adapters.credits.balance('keda-team:小周')).toMatchObject({ pointsSpent: 2, balance: 1 });
    const other = await postJson(`${url}/admin/redemptions`, { ...body, points: 1, item: '毛巾' }, once);
    expect(other.status).toBe(409);
    const bad = await postJson(`${url}/admin/redemptions`, body, { ...center(), 'idempotency-key': 'x' });
    expect([bad.status, bad.json().error.fields[0].field]).toEqual([400, 'Idempotency-Key']);
    expect(await adapters.credits.balance('keda-team:小周')).toMatchObject({ pointsSpent: 2, balance: 1 });
    // 小周 registered since: the guest's ledger, the code with it, merged into the person's. The retry still gets the code.
    await adapters.credits.merge('keda-team:小周', 'person#xiaozhou0xiaozhou0xia', '2026-12-07T00:00:00.000Z');
    const retry = await postJson(`${url}/admin/redemptions`, body, once);
    expect([retry.status, retry.json().pickupCode]).toEqual([201, replies[0]!.json().pickupCode]);
    // Any other redemption from the merged guest's ledger is refused, naming it: its point is the person's.
    const merged = await postJson(
      `${url}/admin/redemptions`,
      { ...body, points: 1 },
      { ...center(), 'idempotency-key': 'counter-9d2e4f10' },
    );
    expect([merged.status, merged.json().error.message]).toEqual([409, expect.stringContaining('keda-team:小周 was merged into')]);
    expect(await adapters.credits.balance('person#xiaozhou0xiaozhou0xia')).toMatchObject({ pointsSpent: 2, balance: 1 });
  });

  it('redeem points at the counter with a pickup code, never below zero even when ten run at once', async () => {
    const { url, adapters } = local();
    await adapters.teams.register(teamFixture('keda-team'), []);
    await earn('keda-team:小李', 3);
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        postJson(`${url}/admin/redemptions`, { volunteer: 'keda-team:小李', points: 1, item: '大米一袋' }, center()),
      ),
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
    expect(
      bad
        .json()
        .error.fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['item', 'points']);
    const unknownTeam = await postJson(`${url}/admin/redemptions`, { volunteer: 'no-such-team:x', points: 1, item: '面' }, center());
    expect(unknownTeam.json().error.fields).toEqual([{ field: 'volunteer', message: 'No such team' }]);
    expect(await adapters.credits.balance('keda-team:老王')).toMatchObject({ pointsSpent: 0, balance: 2 });
  });

  it('let station staff redeem for teams of their own area only (404 outside it)', async () => {
    const { url, adapters } = local();
    await adapters.teams.register(teamFixture('far-team', { stationAreaId: OUTSIDE, servesAreaId: OUTSIDE }), []);
    // 小冯: a guest of this test alone (小周 of keda-team is merged into a person by the test above).
    await earn('far-team:小冯', 2);
    await earn('keda-team:小冯', 2);
    expect((await postJson(`${url}/admin/redemptions`, { volunteer: 'far-team:小冯', points: 1, item: '油' }, station())).status).toBe(404);
    expect((await postJson(`${url}/admin/redemptions`, { volunteer: 'keda-team:小冯', points: 1, item: '油' }, station())).status).toBe(
      201,
    );
    expect((await postJson(`${url}/admin/redemptions`, { volunteer: 'far-team:小冯', points: 1, item: '油' }, center())).status).toBe(201);
  });

  it('void what a request earned once, and note who and why in its timeline', async () => {
    const { url, adapters } = local();
    const request = requestFixture({
      status: 'CLOSED',
      version: 6,
      assignedTeam: { id: 'keda-team', name: '科大队' },
      completion: {
        completedAt: new Date().toISOString(),
        hours: [
          { volunteer: '小吴', minutes: 240 },
          { volunteer: '小郑', minutes: 480 },
        ],
      },
    });
    await adapters.requests.create({ request, events: [], outbox: [] });
    await earn('keda-team:小吴', 1, request.id);
    await earn('keda-team:小郑', 2, request.id);
    const far = requestFixture({
      areaId: OUTSIDE,
      status: 'CLOSED',
      assignedTeam: { id: 'far-team', name: '远队' },
      completion: { completedAt: new Date().toISOString(), hours: [{ volunteer: 'x', minutes: 60 }] },
    });
    await adapters.requests.create({ request: far, events: [], outbox: [] });

    expect((await postJson(`${url}/admin/requests/${request.id}/void-credits`, {}, station())).status).toBe(400);
    expect((await postJson(`${url}/admin/requests/${far.id}/void-credits`, { reason: '居民投诉未上门' }, station())).status).toBe(404);
    const voided = await postJson(`${url}/admin/requests/${request.id}/void-credits`, { reason: '居民投诉未上门' }, station());
    expect(voided.json()).toEqual({ id: request.id, voided: 2 });
    expect((await postJson(`${url}/admin/requests/${request.id}/void-credits`, { reason: '再次' }, center())).json()).toEqual({
      id: request.id,
      voided: 0,
      alreadyVoided: true,
    });
    expect(await adapters.credits.balance('keda-team:小郑')).toMatchObject({ balance: 0 });
    // A repeat changes nothing: the resident's timeline keeps the one true note.
    const notes = (await adapters.requests.getWithTimeline(request.id))!.timeline.filter((e) => e.type === 'NOTE');
    expect(notes.map((n) => [n.actor, n.detail])).toEqual([['admin', 'keda-station@paidan.local: 居民投诉未上门']]);
    expect(
      (
        await call(`${url}/admin/requests/nosuchrequest/void-credits`, {
          method: 'POST',
          headers: { ...center(), 'content-type': 'application/json' },
          body: '{"reason":"x"}',
        })
      ).status,
    ).toBe(404);
  });
});

describe('voiding credits at once from several places', () => {
  it('voids each credit once and notes the complaint once, whatever runs at the same time', async () => {
    const { url, adapters } = local();
    const request = requestFixture({
      status: 'CLOSED',
      version: 6,
      assignedTeam: { id: 'race-team', name: '并发队' },
      completion: {
        completedAt: new Date().toISOString(),
        hours: [
          { volunteer: '小甲', minutes: 240 },
          { volunteer: '小乙', minutes: 240 },
          { volunteer: '小丙', minutes: 240 },
        ],
      },
    });
    await adapters.requests.create({ request, events: [], outbox: [] });
    for (const name of ['小甲', '小乙', '小丙']) await earn(`race-team:${name}`, 1, request.id);

    const answers = await Promise.all(
      Array.from({ length: 5 }, () => postJson(`${url}/admin/requests/${request.id}/void-credits`, { reason: '居民投诉属实' }, center())),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    const bodies = answers.map((a) => a.json() as { voided: number; alreadyVoided?: boolean });
    expect(bodies.reduce((sum, b) => sum + b.voided, 0)).toBe(3);
    expect(bodies.filter((b) => !b.alreadyVoided)).toHaveLength(1);
    const notes = (await adapters.requests.getWithTimeline(request.id))!.timeline.filter((e) => e.type === 'NOTE');
    expect(notes).toHaveLength(1);
  });
});

describe('the pickup code lookup at the supermarket', () => {
  it('tells what a code was given for, by whom and when; 404 unknown or outside a station’s area, 400 not a code', async () => {
    const { url, adapters } = local();
    await adapters.teams.register(teamFixture('pickup-team'), []);
    await adapters.teams.register(teamFixture('pickup-far', { stationAreaId: OUTSIDE, servesAreaId: OUTSIDE }), []);
    await earn('pickup-team:小秦', 3);
    await earn('pickup-far:小鲁', 3);
    const near = (
      await postJson(`${url}/admin/redemptions`, { volunteer: 'pickup-team:小秦', points: 2, item: '食用油一桶' }, station())
    ).json();
    const far = (await postJson(`${url}/admin/redemptions`, { volunteer: 'pickup-far:小鲁', points: 1, item: '肥皂' }, center())).json();

    const looked = await call(`${url}/admin/redemptions/${near.pickupCode}`, { headers: center() });
    expect(looked.status).toBe(200);
    expect(looked.json()).toEqual({
      pickupCode: near.pickupCode,
      volunteer: 'pickup-team:小秦',
      points: 2,
      item: '食用油一桶',
      at: expect.any(String),
      by: 'keda-station@paidan.local',
    });
    expect(Math.abs(Date.parse(looked.json().at) - Date.now())).toBeLessThan(60_000);
    const typed = `${near.pickupCode.slice(0, 4).toLowerCase()}-${near.pickupCode.slice(4)}`;
    expect((await call(`${url}/admin/redemptions/${typed}`, { headers: station() })).json().pickupCode).toBe(near.pickupCode);

    expect((await call(`${url}/admin/redemptions/${far.pickupCode}`, { headers: station() })).status).toBe(404);
    expect((await call(`${url}/admin/redemptions/${far.pickupCode}`, { headers: center() })).json()).toMatchObject({
      volunteer: 'pickup-far:小鲁',
      by: 'center-admin@paidan.local',
    });
    const unknown = ['2', '3', '4', '5', '6', '7', '8', '9']
      .find((c) => ![near.pickupCode, far.pickupCode].includes(c.repeat(8)))!
      .repeat(8);
    expect((await call(`${url}/admin/redemptions/${unknown}`, { headers: center() })).status).toBe(404);
    const malformed = await call(`${url}/admin/redemptions/NOT-A-CODE-0`, { headers: center() });
    expect(malformed.status).toBe(400);
    expect(malformed.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['code']);
    expect((await call(`${url}/admin/redemptions/${near.pickupCode}`)).status).toBe(401);
  });
});

describe('the credit rules (积分规则)', () => {
  const put = (body: unknown, headers = center(), query = '') =>
    call(`${local().url}/admin/credit-rules${query}`, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const get = (headers = center()) => call(`${local().url}/admin/credit-rules`, { headers });

  /** A completed request of `teamId` with one volunteer's minutes, rated over HTTP (which posts the credit). */
  async function rateCompleted(teamId: string, volunteer: string, minutes: number, areaId?: string) {
    const { url, adapters } = local();
    const token = newAccessToken();
    const request = requestFixture({
      ...(areaId ? { areaId } : {}),
      status: 'COMPLETED',
      version: 5,
      accessTokenHash: sha256(token),
      assignedTeam: { id: teamId, name: teamId },
      completion: { completedAt: new Date().toISOString(), hours: [{ volunteer, minutes }] },
    });
    await adapters.requests.create({ request, events: [], outbox: [] });
    const rated = await call(`${url}/requests/${request.id}/rating`, {
      method: 'POST',
      headers: { 'x-access-token': token, 'content-type': 'application/json' },
      body: '{"stars":5}',
    });
    expect(rated.status).toBe(200);
    return request;
  }

  it('are for center admins only: 401 without a token, 404 for station staff, who change nothing', async () => {
    expect((await call(`${local().url}/admin/credit-rules`)).status).toBe(401);
    expect((await get(station())).status).toBe(404);
    expect((await put({ hoursPerPoint: 1 }, station())).status).toBe(404);
    expect((await get()).json()).toEqual({
      rules: { hoursPerPoint: 4, maxHoursPerActivity: 8 },
      from: { hoursPerPoint: 'default', maxHoursPerActivity: 'default' },
      overrides: {},
      defaults: { hoursPerPoint: 4, maxHoursPerActivity: 8 },
    });
  });

  it('change partly, keeping the other rule, refuse bad values naming the field, and apply to credits posted afterwards', async () => {
    const { adapters } = local();
    await rateCompleted('rules-team', '小孔', 300);
    expect(await adapters.credits.balance('rules-team:小孔')).toMatchObject({ hours: 5, pointsEarned: 1.25 });

    const capped = await put({ maxHoursPerActivity: 2 });
    expect(capped.status).toBe(200);
    expect(capped.json()).toMatchObject({
      rules: { hoursPerPoint: 4, maxHoursPerActivity: 2 },
      overrides: { maxHoursPerActivity: 2 },
      updatedBy: 'center-admin@paidan.local',
    });
    const perHour = await put({ hoursPerPoint: 1 });
    expect(perHour.json()).toMatchObject({
      rules: { hoursPerPoint: 1, maxHoursPerActivity: 2 },
      overrides: { hoursPerPoint: 1, maxHoursPerActivity: 2 },
    });

    const bad = await put({ hoursPerPoint: 0, maxHoursPerActivity: 'eight' });
    expect(bad.status).toBe(400);
    expect(bad.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['hoursPerPoint', 'maxHoursPerActivity']);
    expect((await put({ pointsPerHour: 1 })).json().error.fields).toEqual([{ field: 'pointsPerHour', message: 'Unknown field' }]);
    expect((await put({})).status).toBe(400);
    expect((await get()).json().rules).toEqual({ hoursPerPoint: 1, maxHoursPerActivity: 2 });

    // 300 minutes: 5 hours, capped at 2, a point an hour. The credit posted before stays as it was.
    await rateCompleted('rules-team', '小孟', 300);
    expect(await adapters.credits.balance('rules-team:小孟')).toMatchObject({ hours: 2, pointsEarned: 2, balance: 2 });
    expect(await adapters.credits.balance('rules-team:小孔')).toMatchObject({ hours: 5, pointsEarned: 1.25 });

    const reset = await put({ hoursPerPoint: null, maxHoursPerActivity: null });
    expect(reset.json()).toMatchObject({ rules: { hoursPerPoint: 4, maxHoursPerActivity: 8 }, overrides: {} });
  });

  it("credit an area that sets one rule by the deployment's other rule, and by the deployment's alone once it clears its own", async () => {
    const yanbei = `?area=${OUTSIDE}`;
    await put({ hoursPerPoint: 1, maxHoursPerActivity: 2 });
    const own = await put({ hoursPerPoint: 4 }, center(), yanbei);
    expect(own.status).toBe(200);
    expect(own.json()).toMatchObject({
      area: OUTSIDE,
      rules: { hoursPerPoint: 4, maxHoursPerActivity: 2 },
      from: { hoursPerPoint: OUTSIDE, maxHoursPerActivity: 'deployment' },
      overrides: { hoursPerPoint: 4 },
    });
    // 300 minutes in 堰北社区: 5 hours, capped at the deployment's 2, 4 hours a point.
    await rateCompleted('rules-team', '小严', 300, OUTSIDE);
    expect(await local().adapters.credits.balance('rules-team:小严')).toMatchObject({ hours: 2, pointsEarned: 0.5 });

    const cleared = await put({ hoursPerPoint: null }, center(), yanbei);
    expect(cleared.json()).toMatchObject({ rules: { hoursPerPoint: 1, maxHoursPerActivity: 2 }, overrides: {} });
    await rateCompleted('rules-team', '小北', 300, OUTSIDE);
    expect(await local().adapters.credits.balance('rules-team:小北')).toMatchObject({ hours: 2, pointsEarned: 2 });
    await put({ hoursPerPoint: null, maxHoursPerActivity: null });
  });

  it('post nothing with a hand-written item that does not validate, show it, and post once it is repaired', async () => {
    const { stack, adapters } = local();
    const db = createDocumentClient(stack.dynamodb);
    await db.send(new PutCommand({ TableName: stack.tableName, Item: { ...keys.creditRules(), hoursPerPoint: '2' } }));
    expect((await get()).json()).toMatchObject({ rules: null, overrides: { hoursPerPoint: '2' }, invalid: [{ field: 'hoursPerPoint' }] });

    const request = await rateCompleted('rules-team', '小曾', 240);
    expect(await adapters.credits.balance('rules-team:小曾')).toMatchObject({ hours: 0, balance: 0 });
    const waiting = (await adapters.requests.get(request.id))!;
    expect(waiting).toMatchObject({ status: 'CLOSED', creditsPending: true });
    expect(Date.parse(waiting.dueAt!)).toBeGreaterThan(Date.now() + 30 * 60_000);

    const kept = await put({ maxHoursPerActivity: 4 });
    expect(kept.status).toBe(400);
    expect(kept.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['hoursPerPoint']);
    expect((await put({ hoursPerPoint: 2 })).json().rules).toEqual({ hoursPerPoint: 2, maxHoursPerActivity: 8 });
    // The sweep's next look (here called at once): posted with the repaired rules.
    expect(await postCredits({ ...adapters, clock: { now: () => new Date() } }, waiting)).toBe(1);
    expect(await adapters.credits.balance('rules-team:小曾')).toMatchObject({ hours: 4, pointsEarned: 2 });
    await put({ hoursPerPoint: null });
  });
});
