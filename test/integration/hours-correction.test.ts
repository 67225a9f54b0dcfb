/**
 * Staff correct a closed request's hours on the local stack (POST
 * /admin/requests/{id}/hours-correction): the ledger keeps its postings and gains adjustment lines,
 * the points follow, and the volunteer's page, the service-record export and the dashboard's statistics show the corrected hours.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { keys } from '#shared/adapters/dynamo/keys';
import { KEDA, requestFixture } from '../support/fixtures';
import { call, postJson } from '../support/http';
import { eventually, useLocalStack } from '../support/local-stack';
import { serveOrder } from '../support/served-order';
import { foldsTo, plus, storedFactsOf, teamWithMembers, today, volunteerDashboard } from '../support/volunteer-figures';
import { signedIn } from '../support/volunteer-session';

const local = useLocalStack();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const center = () => bearer(local().stack.adminTokens.center);
const station = () => bearer(local().stack.adminTokens.station);
const reason = '上门实际 4 小时，队长误填 2 小时；吴只待了 1 小时';

/** A team with its token, and two registered members of it (科大社区). */
async function teamOfTwo(teamId: string) {
  const { team, people } = await teamWithMembers(local(), teamId, ['郑志愿', '吴志愿']);
  return { team, up: people[0]!, down: people[1]! };
}

/** /admin/volunteer-stats for 科大社区 this month: its services and hours. */
async function volunteerStats(): Promise<{ services: number; hours: number }> {
  const month = today().slice(0, 7);
  const reply = await call(`${local().url}/admin/volunteer-stats?area=${KEDA}&from=${month}&to=${month}`, { headers: center() });
  expect(reply.status, reply.text).toBe(200);
  const { services, hours } = reply.json();
  return { services, hours };
}

/** The service-record export's hours per record id, for today in 泰山区. */
async function exportedHours(): Promise<Map<string, string>> {
  const period = `from=${today().slice(0, 4)}-01-01&to=${today()}`;
  const text = (await call(`${local().url}/admin/volunteer-records.csv?${period}&area=370902`, { headers: center() })).text;
  const rows = text.trim().split('\r\n').slice(1);
  return new Map(rows.map((line) => line.split(',')).map((cells) => [cells[0]!, cells.at(-1)!]));
}

describe('correcting a closed request’s hours', () => {
  it('adjusts one volunteer up and another down, on the ledger, the points, the volunteer’s page, the export and the volunteer statistics; twice changes nothing', async () => {
    const { url, adapters, stack } = local();
    const servedBefore = await volunteerStats();
    const { team, up, down } = await teamOfTwo('correct-team');
    const id = await serveOrder(local(), team, [
      { volunteerId: up.id, minutes: 120 },
      { volunteerId: down.id, minutes: 240 },
    ]);
    await adapters.teams.setPaused('correct-team', true);
    await eventually(
      async () => (await adapters.requests.get(id))?.status === 'CLOSED' && (await adapters.credits.balance(down.key)).hours === 4,
    );
    expect(await adapters.credits.balance(up.key)).toMatchObject({ hours: 2, pointsEarned: 0.5, balance: 0.5 });
    const exported = await exportedHours();
    expect([exported.get(`${id}-${up.id}`), exported.get(`${id}-${down.id}`)]).toEqual(['2', '4']);
    const served = (services: number, hours: number) => ({ services: servedBefore.services + services, hours: servedBefore.hours + hours });
    // Counted after the postings: waited for.
    const closed = JSON.stringify(served(2, 6));
    await eventually(async () => JSON.stringify(await volunteerStats()) === closed);

    const body = {
      hours: [
        { volunteerId: up.id, minutes: 240 },
        { volunteerId: down.id, minutes: 60 },
      ],
      reason,
    };
    const corrected = await postJson(`${url}/admin/requests/${id}/hours-correction`, body, station());
    expect(corrected.status, corrected.text).toBe(200);
    expect(corrected.json().volunteers).toEqual([
      expect.objectContaining({ volunteerId: up.id, outcome: 'adjusted', to: { minutes: 240, hours: 4, points: 1 } }),
      expect.objectContaining({ volunteerId: down.id, outcome: 'adjusted', to: { minutes: 60, hours: 1, points: 0.25 } }),
    ]);

    // The postings stand as uploaded; each correction is a line of its own with the change and the reason.
    const db = createDocumentClient(stack.dynamodb);
    const posted = await db.send(
      new GetCommand({ TableName: stack.tableName, Key: keys.volunteerEarning(up.key, id), ConsistentRead: true }),
    );
    expect(posted.Item).toMatchObject({ minutes: 120, hours: 2, points: 0.5 });
    const lines = async (key: string) =>
      (
        await db.send(
          new QueryCommand({
            TableName: stack.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
            ExpressionAttributeValues: { ':pk': keys.volunteerPartition(key), ':sk': `EARN#${id}#ADJ#` },
            ConsistentRead: true,
          }),
        )
      ).Items ?? [];
    expect(await lines(up.key)).toEqual([
      expect.objectContaining({ entity: 'CreditAdjusted', seq: 1, minutes: 120, hours: 2, points: 0.5, reason }),
    ]);
    expect(await lines(down.key)).toEqual([expect.objectContaining({ minutes: -180, hours: -3, points: -0.75, reason })]);
    expect(await adapters.credits.balance(up.key)).toMatchObject({ hours: 4, pointsEarned: 1, balance: 1 });
    expect(await adapters.credits.balance(down.key)).toMatchObject({ hours: 1, pointsEarned: 0.25, balance: 0.25 });

    // The record and the timeline: who, when, why; no volunteer's name in the note.
    const { request, timeline } = (await adapters.requests.getWithTimeline(id))!;
    expect(request.completion!.hours.map((r) => r.minutes)).toEqual([240, 60]);
    const notes = timeline.filter((e) => e.type === 'NOTE' && e.actor === 'admin');
    expect(notes).toEqual([expect.objectContaining({ detail: expect.stringContaining(`${reason} (360 → 300 min)`) })]);
    expect(JSON.stringify(notes)).not.toMatch(/郑志愿|吴志愿/);

    // The volunteer's own page: the corrected totals, the correction listed.
    const page = (await call(`${url}/me`, { headers: await signedIn(url, up.phone) })).text;
    expect(page).toContain('<dt>服务时长</dt><dd>4 小时</dd>');
    expect(page).toContain('+2 小时');
    expect(page).toContain('工作人员更正');
    // The export uploaded to the national system: the corrected hours, in the same rows.
    const after = await exportedHours();
    expect([after.get(`${id}-${up.id}`), after.get(`${id}-${down.id}`)]).toEqual(['4', '1']);
    // And /admin/volunteer-stats: the corrected hours.
    expect(await volunteerStats()).toEqual(served(2, 5));

    // The same correction again (a retry, a double click): nothing more anywhere.
    const again = await postJson(`${url}/admin/requests/${id}/hours-correction`, body, center());
    expect(again.status, again.text).toBe(200);
    expect(again.json().volunteers.map((v: { outcome: string }) => v.outcome)).toEqual(['unchanged', 'unchanged']);
    expect(await lines(up.key)).toHaveLength(1);
    expect(await lines(down.key)).toHaveLength(1);
    expect(await adapters.credits.balance(up.key)).toMatchObject({ hours: 4, pointsEarned: 1, balance: 1 });
    expect(await adapters.credits.balance(down.key)).toMatchObject({ hours: 1, pointsEarned: 0.25, balance: 0.25 });
    expect((await adapters.requests.getWithTimeline(id))!.timeline.filter((e) => e.type === 'NOTE' && e.actor === 'admin')).toHaveLength(1);
    expect((await adapters.requests.get(id))!.version).toBe(request.version);
    expect(await volunteerStats()).toEqual(served(2, 5));

    // One taken off the record (0 minutes): no service nor hours of theirs counted any more, once.
    const off = { hours: [{ volunteerId: down.id, minutes: 0 }], reason: '吴未到场，记录有误' };
    for (const _ of [1, 2]) expect((await postJson(`${url}/admin/requests/${id}/hours-correction`, off, station())).status).toBe(200);
    expect(await adapters.credits.balance(down.key)).toMatchObject({ hours: 0 });
    expect(await volunteerStats()).toEqual(served(1, 4));

    // Once a complaint is upheld, what stands is voided, and the hours are not corrected any more.
    expect((await postJson(`${url}/admin/requests/${id}/void-credits`, { reason: '居民投诉属实' }, station())).status).toBe(200);
    expect(await adapters.credits.balance(up.key)).toMatchObject({ hours: 0, pointsEarned: 0 });
    expect(await volunteerStats()).toEqual(servedBefore);
    const voided = await postJson(
      `${url}/admin/requests/${id}/hours-correction`,
      { ...body, hours: [{ volunteerId: up.id, minutes: 30 }] },
      station(),
    );
    expect(voided.status).toBe(409);
  });

  it('corrects a request whose guest was merged into a person: every row sent back, each ledger answered once, the person’s ledger corrected', async () => {
    const { url, adapters } = local();
    const { team, up, down } = await teamOfTwo('merged-team');
    const id = await serveOrder(local(), team, [
      { volunteerId: up.id, minutes: 120 },
      { volunteer: '老林', minutes: 60 },
      { volunteerId: down.id, minutes: 240 },
    ]);
    await adapters.teams.setPaused('merged-team', true);
    const guestKey = 'merged-team:老林';
    await eventually(async () => (await adapters.credits.balance(guestKey)).hours === 1);
    // The guest 老林 registers as 郑志愿: the guest's ledger is merged into the person's.
    const merged = await postJson(`${url}/admin/volunteers/${up.id}/merge`, { teamId: 'merged-team', name: '老林' }, station());
    expect(merged.status, merged.text).toBe(200);
    expect(await adapters.credits.balance(up.key)).toMatchObject({ hours: 3, pointsEarned: 0.75 });

    // The console sends back every row of the record, the guest's by name: 郑 30 min more.
    const body = {
      hours: [
        { volunteerId: up.id, minutes: 150 },
        { volunteer: '老林', minutes: 60 },
        { volunteerId: down.id, minutes: 240 },
      ],
      reason,
    };
    const corrected = await postJson(`${url}/admin/requests/${id}/hours-correction`, body, station());
    expect(corrected.status, corrected.text).toBe(200);
    expect(corrected.json().volunteers).toEqual([
      {
        volunteer: '郑志愿',
        volunteerId: up.id,
        outcome: 'adjusted',
        from: { minutes: 180, hours: 3, points: 0.75 },
        to: { minutes: 210, hours: 3.5, points: 0.875 },
      },
      expect.objectContaining({ volunteerId: down.id, outcome: 'unchanged', to: { minutes: 240, hours: 4, points: 1 } }),
    ]);
    expect((await adapters.credits.creditFor(up.key, id))?.entry).toMatchObject({ minutes: 210, hours: 3.5, adjustments: 1 });
    expect(await adapters.credits.balance(up.key)).toMatchObject({ hours: 3.5, pointsEarned: 0.875, balance: 0.875 });
    expect(await adapters.credits.balance(guestKey)).toMatchObject({ hours: 0, pointsEarned: 0, balance: 0 });
    // The record names whom the ledger credits: the person, in the guest's place, their minutes added up.
    expect((await adapters.requests.get(id))!.completion!.hours).toEqual([
      expect.objectContaining({ volunteerId: up.id, minutes: 210 }),
      expect.objectContaining({ volunteerId: down.id, minutes: 240 }),
    ]);

    // Sent again as the console now shows it: nothing more.
    const again = await postJson(
      `${url}/admin/requests/${id}/hours-correction`,
      {
        hours: [
          { volunteerId: up.id, minutes: 210 },
          { volunteerId: down.id, minutes: 240 },
        ],
        reason,
      },
      station(),
    );
    expect(again.status, again.text).toBe(200);
    expect(again.json().volunteers.map((v: { outcome: string }) => v.outcome)).toEqual(['unchanged', 'unchanged']);
    expect(await adapters.credits.balance(up.key)).toMatchObject({ hours: 3.5, pointsEarned: 0.875, balance: 0.875 });
  });

  it('caps a merged guest’s and the person’s rows, made one, as one visit when the console sends them back unchanged', async () => {
    const { url, adapters } = local();
    const { team, up } = await teamOfTwo('capped-team');
    const id = await serveOrder(local(), team, [
      { volunteerId: up.id, minutes: 300 },
      { volunteer: '老林', minutes: 240 },
    ]);
    await adapters.teams.setPaused('capped-team', true);
    await eventually(async () => (await adapters.credits.balance('capped-team:老林')).hours === 4);
    expect((await postJson(`${url}/admin/volunteers/${up.id}/merge`, { teamId: 'capped-team', name: '老林' }, station())).status).toBe(200);
    // Posted as two rows, each under the 8 h cap: 5 h and 4 h, on the person's ledger since the merge.
    expect(await adapters.credits.balance(up.key)).toMatchObject({ hours: 9, pointsEarned: 2.25 });

    const body = {
      hours: [
        { volunteerId: up.id, minutes: 300 },
        { volunteer: '老林', minutes: 240 },
      ],
      reason,
    };
    const corrected = await postJson(`${url}/admin/requests/${id}/hours-correction`, body, station());
    expect(corrected.status, corrected.text).toBe(200);
    // One row of 540 minutes now: one visit, 8 h at most.
    expect(corrected.json().volunteers).toEqual([
      expect.objectContaining({ volunteerId: up.id, outcome: 'adjusted', to: { minutes: 540, hours: 8, points: 2 } }),
    ]);
    expect(await adapters.credits.balance(up.key)).toMatchObject({ hours: 8, pointsEarned: 2, balance: 2 });
  });

  it('moves the dashboard’s volunteer figures to the corrected hours, once, read from the day’s facts and once the day is folded', async () => {
    const { url, adapters } = local();
    const from = today();
    const { read: dashboard, shows } = volunteerDashboard(local(), from);
    // What the tests before this one left on the dashboard (they run in turn, on this file's table).
    const earlier = await dashboard();
    const { team, up, down } = await teamOfTwo('stats-team');
    const id = await serveOrder(local(), team, [
      { volunteerId: up.id, minutes: 120 },
      { volunteerId: down.id, minutes: 600 },
    ]);
    await adapters.teams.setPaused('stats-team', true);
    await eventually(async () => (await adapters.credits.balance(down.key)).hours === 8);
    // At the close: 2 h and 10 h, capped at 8 h a service: 10 h, 2.5 points at 4 h a point.
    await shows(plus(earlier, { people: 2, minutes: 720, hours: 10, points: 2.5 }));

    const body = {
      hours: [
        { volunteerId: up.id, minutes: 240 },
        { volunteerId: down.id, minutes: 0 },
      ],
      reason,
    };
    const corrected = await postJson(`${url}/admin/requests/${id}/hours-correction`, body, station());
    expect(corrected.status, corrected.text).toBe(200);
    // One volunteer of 4 h now: the dashboard follows, as the ledger does.
    const now = plus(earlier, { people: 1, minutes: 240, hours: 4, points: 1 });
    await shows(now);
    expect(await adapters.credits.balance(up.key)).toMatchObject({ hours: 4, pointsEarned: 1 });
    // A repeat changes nothing, so stores no fact: the request's facts are its changes, one each.
    expect((await postJson(`${url}/admin/requests/${id}/hours-correction`, body, station())).status).toBe(200);
    const stored = await storedFactsOf(local(), id, from);
    expect(stored.filter((f) => f.volunteersBefore)).toEqual([
      expect.objectContaining({ from: 'CLOSED', to: 'CLOSED', version: (await adapters.requests.get(id))!.version }),
    ]);
    expect(new Set(stored.map((f) => f.version)).size).toBe(stored.length);
    await foldsTo(local(), from, now);
    await shows(now);
  });

  it('refuses bad input naming the field (400), staff of another area (404), and an open request (409)', async () => {
    const { url, adapters } = local();
    const far = requestFixture({
      areaId: '370911001005',
      status: 'CLOSED',
      assignedTeam: { id: 'far-team', name: '堰北队' },
      completion: { completedAt: new Date().toISOString(), hours: [{ volunteer: '小郑', minutes: 120 }] },
    });
    const open = requestFixture({ status: 'ACCEPTED', assignedTeam: { id: 'far-team', name: '堰北队' } });
    for (const request of [far, open]) await adapters.requests.create({ request, events: [], outbox: [] });
    const correct = (id: string, body: unknown, headers = station()) =>
      postJson(`${url}/admin/requests/${id}/hours-correction`, body, headers);
    const hours = [{ volunteer: '小郑', minutes: 60 }];

    expect((await correct(far.id, { hours, reason })).status).toBe(404);
    expect((await correct('nosuchrequest', { hours, reason })).status).toBe(404);
    const bad = await correct(far.id, { hours: [{ volunteer: '小郑', minutes: -5 }] }, center());
    expect(bad.status).toBe(400);
    expect(
      bad
        .json()
        .error.fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['hours.0.minutes', 'reason']);
    expect((await correct(open.id, { hours, reason }, center())).status).toBe(409);
    expect((await adapters.requests.get(far.id))!.completion!.hours).toEqual([{ volunteer: '小郑', minutes: 120 }]);
    expect((await correct(far.id, {}, bearer('admin.forged'))).status).toBe(401);
  });
});
