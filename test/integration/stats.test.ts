import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { addDays } from '#shared/domain/stats-calendar';
import { issueTeamToken } from '#shared/domain/team-token';
import { foldDay } from '#shared/use-cases/fold-stats';
import { statsCounters, statsFacts, statsRollUps } from '#shared/wiring/composition';
import { call, postJson, validSubmission, type Reply } from '../support/http';
import { KEDA, teamFixture } from '../support/fixtures';
import { eventually, useLocalStack } from '../support/local-stack';
import { acceptedAgo } from '../support/visit-time';

const local = useLocalStack();
const YANBEI = '370911001005';
const json = { 'content-type': 'application/json' };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const center = () => bearer(local().stack.adminTokens.center);
const station = () => bearer(local().stack.adminTokens.station);
const teams: Record<string, { authorization: string }> = {};
const created: Record<string, { id: string; accessToken: string }> = {};
/** The Shanghai days the scenario ran on: one, or two when it ran across midnight there (16:00 UTC). */
const ran = { from: '', to: '' };
const shanghaiDay = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

const stats = (query = '', headers = center()) => call(`${local().url}/admin/stats${query}`, { headers });

async function submit(name: string, overrides: Record<string, unknown>) {
  const reply = await postJson(`${local().url}/requests`, validSubmission(overrides));
  expect(reply.status).toBe(201);
  created[name] = reply.json();
  await eventually(async () => (await local().adapters.requests.get(created[name]!.id))?.status === 'OFFERED');
}

const teamCall = (team: string, path: string, body?: unknown) =>
  call(`${local().url}${path}`, { method: 'POST', headers: { ...teams[team]!, ...json }, ...(body ? { body: JSON.stringify(body) } : {}) });
const rate = (name: string, stars: number) =>
  call(`${local().url}/requests/${created[name]!.id}/rating`, {
    method: 'POST',
    headers: { 'x-access-token': created[name]!.accessToken, ...json },
    body: JSON.stringify({ stars }),
  });

/** Waits until the statistics show every fact of the scenario (stored with each change: at once). */
async function settledReport(): Promise<Reply> {
  return eventually(async () => {
    const reply = await stats();
    const t = reply.json().totals;
    return (
      reply.status === 200 && t.requests === 5 && t.offers === 5 && t.accepted === 3 && t.closed === 2 && t.declines.declined === 2 && reply
    );
  });
}

beforeAll(async () => {
  const { adapters } = local();
  ran.from = shanghaiDay();
  const register = async (id: string, servesAreaId: string, service: string, capacity: number) => {
    await adapters.teams.register(teamFixture(id, { stationAreaId: servesAreaId, servesAreaId, services: [service], capacity }), [service]);
    const issued = issueTeamToken(id);
    await adapters.teams.setTokenHash(id, issued.hash);
    teams[id] = bearer(issued.token);
  };
  await register('keda-repair', KEDA, 'appliance-repair', 5);
  await register('yanbei-visit', YANBEI, 'elderly-visit', 4);
  await register('yanbei-spare', YANBEI, 'elderly-visit', 2);
  // The spare team is paused: it counts for fairness (no orders) but is never offered anything.
  await adapters.teams.register(
    teamFixture('yanbei-spare', { stationAreaId: YANBEI, servesAreaId: YANBEI, services: ['elderly-visit'], capacity: 2, paused: true }),
    ['elderly-visit'],
  );

  const visit = { serviceCode: 'elderly-visit', areaId: YANBEI, address: '堰北社区1号楼', attributes: { livesAlone: true } };
  for (const name of ['a1', 'a2', 'a3']) await submit(name, {});
  for (const name of ['b1', 'b2']) await submit(name, visit);

  expect((await teamCall('keda-repair', `/offers/${created.a1!.id}/accept`)).status).toBe(200);
  expect((await teamCall('keda-repair', `/offers/${created.a2!.id}/accept`)).status).toBe(200);
  expect((await teamCall('keda-repair', `/offers/${created.a3!.id}/decline`, { reason: 'no-skill' })).status).toBe(200);
  expect((await teamCall('yanbei-visit', `/offers/${created.b1!.id}/accept`)).status).toBe(200);
  expect((await teamCall('yanbei-visit', `/offers/${created.b2!.id}/decline`, { reason: 'busy' })).status).toBe(200);
  for (const name of ['a1', 'b1']) await acceptedAgo(local(), created[name]!.id);
  expect(
    (await teamCall('keda-repair', `/requests/${created.a1!.id}/complete`, { hours: [{ volunteer: '小李', minutes: 130 }] })).status,
  ).toBe(200);
  expect(
    (await teamCall('yanbei-visit', `/requests/${created.b1!.id}/complete`, { hours: [{ volunteer: '老王', minutes: 60 }] })).status,
  ).toBe(200);
  expect((await rate('a1', 5)).status).toBe(200);
  expect((await rate('b1', 3)).status).toBe(200);
  ran.to = shanghaiDay();
});

describe('needs statistics on the local stack', () => {
  it('counts every transition once, from the facts committed with it', async () => {
    const report = (await settledReport()).json();
    expect(report.area).toMatchObject({ id: '3709', level: 'city' });
    expect(report.period.days).toBe(30);
    expect(report.totals).toMatchObject({
      requests: 5,
      dispatched: 5,
      offers: 5,
      accepted: 3,
      completed: 2,
      closed: 2,
      expired: 0,
      cancelled: 0,
      onTimeAcceptanceRate: 1,
      onTimeCompletionRate: 1,
      offersPerRequest: 1,
      timeToAccept: { count: 3 },
      timeToComplete: { count: 2 },
      declines: { declined: 2, lapsed: 0, declineRate: 0.4 },
      satisfaction: { ratings: 2, meanStars: 4, shareFourOrFive: 0.5, stars: [0, 0, 1, 0, 1] },
      volunteers: { people: 2, minutes: 190, hours: 3, points: 0.75 },
    });
    expect(report.totals.timeToAccept.p90Minutes).toBeLessThanOrEqual(5);
    // Over time: every day of the period, today last. All the work lies on the day the scenario
    // ran (or the two, across midnight in Shanghai), whichever day the report is asked on.
    type Day = { day: string; requests: number; accepted: number; completed: number };
    expect(report.byDay).toHaveLength(30);
    expect(report.byDay.at(-1).day).toBe(report.period.to);
    const worked = report.byDay.filter((d: Day) => d.day >= ran.from && d.day <= ran.to);
    expect(worked.map((d: Day) => d.day)).toEqual(ran.from === ran.to ? [ran.from] : [ran.from, ran.to]);
    const sum = (key: 'requests' | 'accepted' | 'completed') => worked.reduce((n: number, d: Day) => n + d[key], 0);
    expect({ requests: sum('requests'), accepted: sum('accepted'), completed: sum('completed') }).toEqual({
      requests: 5,
      accepted: 3,
      completed: 2,
    });
    if (worked.length === 1) expect(worked[0]).toMatchObject({ meanStars: 4 });
    expect(report.byDay.filter((d: Day) => !worked.includes(d)).every((d: Day) => d.requests === 0)).toBe(true);
    expect(
      report.byService.map((s: { serviceCode: string; requests: number; accepted: number }) => [s.serviceCode, s.requests, s.accepted]),
    ).toEqual([
      ['appliance-repair', 3, 2],
      ['elderly-visit', 2, 1],
    ]);
    const districts = Object.fromEntries(report.byChildArea.map((a: { id: string; requests: number }) => [a.id, a.requests]));
    expect(districts).toMatchObject({ '370902': 3, '370911': 2 });
    expect(Object.values(districts).reduce((a, b) => (a as number) + (b as number), 0)).toBe(5);
    expect(report.teamLoad.teams).toEqual(
      [
        {
          teamId: 'yanbei-visit',
          name: { zh: 'yanbei-visit', en: 'yanbei-visit' },
          capacity: 4,
          offers: 2,
          accepted: 1,
          takenBack: 0,
          completed: 1,
          declined: 1,
          lapsed: 0,
          acceptedPerCapacity: 0.25,
        },
        {
          teamId: 'keda-repair',
          name: { zh: 'keda-repair', en: 'keda-repair' },
          capacity: 5,
          offers: 3,
          accepted: 2,
          takenBack: 0,
          completed: 1,
          declined: 1,
          lapsed: 0,
          acceptedPerCapacity: 0.4,
        },
        {
          teamId: 'yanbei-spare',
          name: { zh: 'yanbei-spare', en: 'yanbei-spare' },
          capacity: 2,
          offers: 0,
          accepted: 0,
          takenBack: 0,
          completed: 0,
          declined: 0,
          lapsed: 0,
          acceptedPerCapacity: 0,
        },
      ].sort((a, b) => b.acceptedPerCapacity - a.acceptedPerCapacity),
    );
    expect(report.teamLoad.giniAcceptedPerCapacity).toBe(0.4103);
    // a3, declined for good (`no-skill`) by the one repair team serving there, went to the center
    // at once: waiting there, not yet unmet.
    expect(report.recruitmentHints).toMatchObject([
      { areaId: '370902', serviceCode: 'appliance-repair', expired: 0, unmet: 0, escalated: 1 },
    ]);
  });

  it('counts declines by the reason the team gave', async () => {
    const report = (await settledReport()).json();
    expect(report.totals.declines.byReason).toEqual({
      busy: { count: 1, rate: 0.2 },
      'out-of-area': { count: 0, rate: 0 },
      'no-skill': { count: 1, rate: 0.2 },
      other: { count: 0, rate: 0 },
    });
  });

  it("answers 409 naming the bad field, not 500, while an area's credit rules written by hand are invalid", async () => {
    // 老王's visit in 堰北 today is not folded. Its fact carries the rules the request kept, so the
    // area's rules are not read for it: as a fact stored before facts carried them, it needs them.
    const { tableName, dynamodb } = local().stack;
    const db = createDocumentClient(dynamodb);
    for (let day = ran.from; day <= ran.to; day = addDays(day, 1)) {
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `FACTS#${day}` },
        }),
      );
      for (const item of Items.filter((i) => i.body?.creditRules !== undefined))
        await db.send(
          new UpdateCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk }, UpdateExpression: 'REMOVE body.creditRules' }),
        );
    }
    const key = { pk: 'CONFIG#credit-rules', sk: `AREA#${YANBEI}` };
    await db.send(new PutCommand({ TableName: tableName, Item: { ...key, hoursPerPoint: 0 } }));
    try {
      // A dashboard read uses the rules it read for a few seconds (READ_AGAIN_MS).
      const refused = await eventually(async () => {
        const reply = await stats(`?area=${YANBEI}&from=${ran.from}&to=${ran.to}`);
        return reply.status !== 200 && reply;
      });
      expect(refused.status).toBe(409);
      expect(refused.json().error).toMatchObject({ code: 'CREDIT_RULES_INVALID', message: expect.stringContaining('hoursPerPoint') });
    } finally {
      await db.send(new DeleteCommand({ TableName: tableName, Key: key }));
    }
    await eventually(async () => (await stats(`?area=${YANBEI}&from=${ran.from}&to=${ran.to}`)).status === 200);
  });

  it('reads the same once its days are folded into counters, and after folding them again', async () => {
    const { stack, adapters } = local();
    // One fixed period before and after, so midnight in between cannot move the default one.
    const { from, to } = (await settledReport()).json().period;
    const period = `?from=${from}&to=${to}`;
    const before = (await stats(period)).json();
    const db = createDocumentClient(stack.dynamodb);
    const folding = { facts: statsFacts(stack.tableName, db), counters: statsCounters(stack.tableName, db), ...adapters };
    const rollUps = statsRollUps(stack.tableName, db);
    // As the hourly fold does once the days are over (here: now, with the days marked folded after).
    let facts = 0;
    for (let day = ran.from; day <= ran.to; day = addDays(day, 1)) facts += (await foldDay(folding, day)).facts;
    expect(facts).toBeGreaterThanOrEqual(19);
    expect((await stats(period)).json()).toEqual(before);
    await rollUps.foldedThrough(ran.to);
    expect((await rollUps.progress()).foldedThrough).toBe(ran.to);
    expect((await stats(period)).json()).toEqual(before);
    for (let day = ran.from; day <= ran.to; day = addDays(day, 1)) await foldDay(folding, day);
    expect((await stats(period)).json()).toEqual(before);
  });

  it('narrows to an area and a service, for the center and for a station', async () => {
    const yanbei = (await stats(`?area=${YANBEI}&service=elderly-visit`)).json();
    expect(yanbei.area.id).toBe(YANBEI);
    expect(yanbei.totals).toMatchObject({ requests: 2, accepted: 1, completed: 1, satisfaction: { meanStars: 3 } });
    expect(yanbei.byChildArea).toEqual([]);
    const own = await stats('', station());
    expect(own.status).toBe(200);
    expect(own.json().area.id).toBe(KEDA);
    expect(own.json().totals).toMatchObject({ requests: 3, accepted: 2, completed: 1 });
    expect(own.json().byService.map((s: { serviceCode: string }) => s.serviceCode)).toEqual(['appliance-repair']);
  });

  it('answers 404 to a station outside its area, 400 naming a bad field, 401 without an admin token', async () => {
    expect((await stats(`?area=${YANBEI}`, station())).status).toBe(404);
    expect((await stats('?area=3709', station())).status).toBe(404);
    expect((await call(`${local().url}/admin/stats.csv?area=370911`, { headers: station() })).status).toBe(404);
    const bad = await stats('?from=2026-02-30&service=Nope');
    expect(bad.status).toBe(400);
    expect(
      bad
        .json()
        .error.fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['from', 'service']);
    expect((await stats('')).status).toBe(200);
    expect((await call(`${local().url}/admin/stats`)).status).toBe(401);
    expect((await call(`${local().url}/admin/stats.csv`)).status).toBe(401);
    expect((await stats('', teams['keda-repair']!)).status).toBe(401);
  });

  it('exports the breakdown as CSV for Excel: one row per child area and service', async () => {
    await settledReport();
    const reply = await call(`${local().url}/admin/stats.csv?area=3709`, { headers: center() });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(reply.headers.get('content-disposition')).toMatch(
      /^attachment; filename="paidan-stats_3709_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const bytes = new Uint8Array(await (await fetch(`${local().url}/admin/stats.csv?area=3709`, { headers: center() })).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = reply.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    const header = lines[0]!.split(',');
    expect(header.slice(0, 8)).toEqual([
      'area_id',
      'area_zh',
      'area_en',
      'service_code',
      'service_zh',
      'service_en',
      'requests',
      'dispatched',
    ]);
    const rows = lines.slice(1).map((line) => Object.fromEntries(line.split(',').map((v, i) => [header[i], v])));
    expect(rows.map((r) => [r.area_id, r.area_zh, r.service_code, r.requests, r.accepted, r.completed, r.mean_stars])).toEqual([
      ['370902', '泰山区', 'appliance-repair', '3', '2', '1', '5'],
      ['370911', '岱岳区', 'elderly-visit', '2', '1', '1', '3'],
    ]);
  });

  it('never scans: counters and facts are found by key, in the statistics adapters and every other but retention’s one search', () => {
    const dir = 'shared/adapters/dynamo';
    // The one scan: retention's first run finds the month of the table's oldest request on gsi4 (adapter-grants.test.ts).
    for (const file of readdirSync(dir).filter((f) => f !== 'request-retention.ts'))
      expect(readFileSync(`${dir}/${file}`, 'utf8'), file).not.toMatch(/ScanCommand|new Scan/);
    expect(readFileSync(`${dir}/stats-months.ts`, 'utf8')).toMatch(/KeyConditionExpression: 'pk = :pk AND sk BETWEEN :start AND :end'/);
  });
});
