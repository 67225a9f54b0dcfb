/**
 * The dashboard's volunteer figures on the local stack, for the tests of what changes them after a
 * close (hours corrections, upheld complaints): a team of registered members to serve an order,
 * the request's stored facts, and its day folded.
 */
import { expect } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import type { RequestFact } from '#shared/domain/request-fact';
import { kpisOf, sumCounts } from '#shared/domain/stats';
import { addDays } from '#shared/domain/stats-calendar';
import { issueTeamToken } from '#shared/domain/team-token';
import { foldDay } from '#shared/use-cases/fold-stats';
import { statsCounters, statsFacts, statsRollUps } from '#shared/wiring/composition';
import { KEDA, teamFixture } from './fixtures';
import { call, postJson } from './http';
import { eventually, type StackHandle } from './local-stack';
import { uniquePhone } from './served-order';

export type Figures = { people: number; minutes: number; hours: number; points: number };

/** The dashboard's volunteer figures with `more` added, rounded as it rounds them. */
export const plus = (figures: Figures, more: Figures): Figures => ({
  people: figures.people + more.people,
  minutes: figures.minutes + more.minutes,
  hours: Math.round((figures.hours + more.hours) * 100) / 100,
  points: Math.round((figures.points + more.points) * 100) / 100,
});

/** Today in Shanghai, as the statistics' days are. */
export const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * 科大社区's dashboard volunteer figures from `from` to today, as the center sees them, and a wait
 * until they are `expected` (the dashboard reuses a day's facts it read for a few seconds).
 */
export function volunteerDashboard({ url, stack }: StackHandle, from: string) {
  const read = async (): Promise<Figures> => {
    const reply = await call(`${url}/admin/stats?area=${KEDA}&from=${from}&to=${today()}`, {
      headers: { authorization: `Bearer ${stack.adminTokens.center}` },
    });
    expect(reply.status, reply.text).toBe(200);
    return reply.json().totals.volunteers;
  };
  const shows = (expected: Figures) => eventually(async () => JSON.stringify(await read()) === JSON.stringify(expected));
  return { read, shows };
}

/** A team with its token and a registered member of it (科大社区) for each name. */
export async function teamWithMembers({ url, adapters, stack }: StackHandle, teamId: string, names: readonly string[]) {
  const station = { authorization: `Bearer ${stack.adminTokens.station}` };
  await adapters.teams.register(teamFixture(teamId, { capacity: 5 }), ['appliance-repair']);
  const issued = issueTeamToken(teamId);
  await adapters.teams.setTokenHash(teamId, issued.hash);
  const people = [];
  for (const name of names) {
    const phone = uniquePhone();
    const person = (await postJson(`${url}/admin/volunteers`, { name, phone, homeAreaId: KEDA }, station)).json();
    expect((await postJson(`${url}/admin/volunteers/${person.id}/teams`, { teamId }, station)).status).toBe(200);
    people.push({ id: person.id as string, phone, key: `person#${person.id}` });
  }
  return { team: { authorization: `Bearer ${issued.token}` }, people };
}

/** The request's facts stored from `from` to today. */
export async function storedFactsOf({ stack }: StackHandle, requestId: string, from: string): Promise<RequestFact[]> {
  const facts = statsFacts(stack.tableName, createDocumentClient(stack.dynamodb));
  const stored = [];
  for (let day = from; day <= today(); day = addDays(day, 1))
    stored.push(...(await facts.ofDay(day)).filter((f) => f.requestId === requestId));
  return stored;
}

/**
 * Folds the days from `from` to today into counters twice (as the hourly fold does, here before
 * the day is over), checking 科大社区's volunteer figures are `expected` each time, then marks
 * them folded, so the dashboard reads the counters.
 */
export async function foldsTo({ stack, adapters }: StackHandle, from: string, expected: Figures): Promise<void> {
  const db = createDocumentClient(stack.dynamodb);
  const facts = statsFacts(stack.tableName, db);
  const counters = statsCounters(stack.tableName, db);
  const last = today();
  for (let fold = 0; fold < 2; fold++) {
    for (let day = from; day <= last; day = addDays(day, 1)) await foldDay({ facts, counters, ...adapters }, day);
    const rows = await counters.servicePeriod(KEDA, from, last, last);
    expect(kpisOf(sumCounts(rows.map((row) => row.counts))).volunteers).toEqual(expected);
  }
  await statsRollUps(stack.tableName, db).foldedThrough(last);
}
