/**
 * A complaint upheld on the local stack (POST /admin/requests/{id}/void-credits) takes what the
 * request's close counted off the statistics: the dashboard's volunteer figures for the void's
 * day and period drop by what was credited, once (twins and a repeat take nothing more), read
 * from the day's facts and once the day is folded; /admin/volunteer-stats drops the service.
 */
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { kpisOf, sumCounts } from '#shared/domain/stats';
import { addDays } from '#shared/domain/stats-calendar';
import { issueTeamToken } from '#shared/domain/team-token';
import { foldDay } from '#shared/use-cases/fold-stats';
import { statsCounters, statsFacts, statsRollUps } from '#shared/wiring/composition';
import { KEDA, teamFixture } from '../support/fixtures';
import { call, postJson } from '../support/http';
import { eventually, useLocalStack } from '../support/local-stack';
import { serveOrder, uniquePhone } from '../support/served-order';

const local = useLocalStack();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const center = () => bearer(local().stack.adminTokens.center);
const station = () => bearer(local().stack.adminTokens.station);
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const month = () => today().slice(0, 7);

type Figures = { people: number; minutes: number; hours: number; points: number };
const plus = (figures: Figures, more: Figures): Figures => ({
  people: figures.people + more.people,
  minutes: figures.minutes + more.minutes,
  hours: Math.round((figures.hours + more.hours) * 100) / 100,
  points: Math.round((figures.points + more.points) * 100) / 100,
});

/** A team with its token and one registered member (科大社区). */
async function teamOfOne(teamId: string) {
  const { url, adapters } = local();
  await adapters.teams.register(teamFixture(teamId, { capacity: 5 }), ['appliance-repair']);
  const issued = issueTeamToken(teamId);
  await adapters.teams.setTokenHash(teamId, issued.hash);
  const person = (await postJson(`${url}/admin/volunteers`, { name: '郑志愿', phone: uniquePhone(), homeAreaId: KEDA }, station())).json();
  expect((await postJson(`${url}/admin/volunteers/${person.id}/teams`, { teamId }, station())).status).toBe(200);
  return { team: bearer(issued.token), person: { id: person.id as string, key: `person#${person.id}` } };
}

describe('a complaint upheld for a closed, credited request', () => {
  it('takes its volunteers off the dashboard on the void’s day and period, once, and the service off the volunteer statistics', async () => {
    const { url, adapters, stack } = local();
    const from = today();
    const dashboard = async (): Promise<Figures> => {
      const reply = await call(`${url}/admin/stats?area=${KEDA}&from=${from}&to=${today()}`, { headers: center() });
      expect(reply.status, reply.text).toBe(200);
      return reply.json().totals.volunteers;
    };
    const shows = (expected: Figures) => eventually(async () => JSON.stringify(await dashboard()) === JSON.stringify(expected));
    const volunteerStats = async () => {
      const reply = await call(`${url}/admin/volunteer-stats?area=${KEDA}&from=${month()}&to=${month()}`, { headers: center() });
      expect(reply.status, reply.text).toBe(200);
      const { services, hours } = reply.json();
      return { services, hours };
    };
    const earlier = await dashboard();
    const servedBefore = await volunteerStats();
    const { team, person } = await teamOfOne('void-team');
    // A guest of 2 h and the person's 10 h, capped at 8 h a service: 10 h credited, 2.5 points at 4 h a point.
    const id = await serveOrder(local(), team, [
      { volunteerId: person.id, minutes: 600 },
      { volunteer: '老张', minutes: 120 },
    ]);
    await adapters.teams.setPaused('void-team', true);
    await eventually(async () => (await adapters.credits.balance(person.key)).hours === 8);
    const closed = plus(earlier, { people: 2, minutes: 720, hours: 10, points: 2.5 });
    await shows(closed);
    expect(await volunteerStats()).toEqual({ services: servedBefore.services + 1, hours: servedBefore.hours + 8 });

    // Twins at once, then a repeat: the request's facts are its changes, one each.
    const twins = await Promise.all(
      [0, 1].map(() => postJson(`${url}/admin/requests/${id}/void-credits`, { reason: '居民投诉未上门，核实属实' }, station())),
    );
    expect(twins.map((reply) => reply.status)).toEqual([200, 200]);
    expect((await postJson(`${url}/admin/requests/${id}/void-credits`, { reason: '再次' }, center())).json()).toMatchObject({
      voided: 0,
      alreadyVoided: true,
    });
    await shows(earlier);
    expect(await adapters.credits.balance(person.key)).toMatchObject({ hours: 0, pointsEarned: 0 });
    expect(await volunteerStats()).toEqual(servedBefore);

    const db = createDocumentClient(stack.dynamodb);
    const facts = statsFacts(stack.tableName, db);
    const last = today();
    const stored = [];
    for (let day = from; day <= last; day = addDays(day, 1)) stored.push(...(await facts.ofDay(day)).filter((f) => f.requestId === id));
    const voided = (await adapters.requests.get(id))!;
    expect(stored.filter((f) => f.volunteersBefore)).toEqual([
      expect.objectContaining({ version: voided.version, at: voided.creditsVoided!.at, volunteers: [] }),
    ]);

    // Folded into counters (as the hourly fold does, here before the day is over), twice: the same figures.
    const counters = statsCounters(stack.tableName, db);
    for (let fold = 0; fold < 2; fold++) {
      for (let day = from; day <= last; day = addDays(day, 1)) await foldDay({ facts, counters, ...adapters }, day);
      const rows = await counters.servicePeriod(KEDA, from, last, last);
      expect(kpisOf(sumCounts(rows.map((row) => row.counts))).volunteers).toEqual(earlier);
    }
    await statsRollUps(stack.tableName, db).foldedThrough(last);
    await shows(earlier);
  });
});
