/**
 * A complaint upheld takes the request's volunteers off the statistics: the dashboard's
 * volunteers, minutes, hours and points by the fact of the void's mark, on the void's day, once;
 * /admin/volunteer-stats by taking each registered person's service back, once.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { MemoryDeps } from '#shared/adapters/memory/deps';
import { voidCreditsForComplaint } from '#shared/use-cases/admin-credits';
import { rateForResident } from '#shared/use-cases/admin-requests';
import { announcingChanges } from '#shared/use-cases/change-announcing-repository';
import { postCredits } from '#shared/use-cases/post-credits';
import { sweepDue } from '#shared/use-cases/sweep-due';
import { talliesOf } from '#shared/use-cases/tally-facts';
import { completeRequest } from '#shared/use-cases/team-work';
import { voidRequestCredits } from '#shared/use-cases/volunteer-credits';
import { KEDA } from '../../support/fixtures';
import { KEDA_STAFF, proxyOrderAcceptedByA, type ServedTeam, servedTeam, WU } from '../../support/served-team';

let world: ServedTeam;
let mem: MemoryDeps;
/** The deps as deployed: every versioned write of a request carries its fact. */
const announced = () => ({ ...mem, requests: announcingChanges(mem.requests, mem.clock) });
const factsOf = (id: string) => mem.requests.facts.stored.filter((fact) => fact.requestId === id);
const volunteerCounts = async (id: string) => {
  const tallies = await talliesOf(mem, factsOf(id));
  const sum: Record<string, number> = {};
  for (const { counts } of tallies)
    for (const name of ['volunteers', 'volunteerMinutes', 'volunteerHours', 'points'])
      if (counts[name] !== undefined) sum[name] = (sum[name] ?? 0) + counts[name]!;
  return sum;
};
const servicesOf = async () =>
  (await mem.volunteers.monthly(KEDA, '2026-03', '2026-03')).map(({ services, hours }) => ({ services, hours }));

beforeEach(async () => {
  world = await servedTeam();
  mem = world.mem;
});

/** The team's visit (吴 2 h, the guest 老张 1 h), rated and so closed, its credits still pending. */
async function closedPending(): Promise<string> {
  const requestId = await proxyOrderAcceptedByA(mem);
  world.later(5 * 3600_000);
  await completeRequest(mem, requestId, 'a', {
    hours: [
      { volunteerId: WU, minutes: 120 },
      { volunteer: '老张', minutes: 60 },
    ],
  });
  await rateForResident(mem, KEDA_STAFF, requestId, { stars: 5 });
  expect(mem.requests.requests.get(requestId)).toMatchObject({ status: 'CLOSED', creditsPending: true });
  return requestId;
}

describe('a complaint upheld for a closed, credited request', () => {
  it('takes what the close counted off the dashboard on the void’s day, once, however often and however many at once', async () => {
    const id = await world.closedRequest();
    const closed = mem.requests.requests.get(id)!;
    const body = { reason: '居民投诉未上门，核实属实' };
    await Promise.all([
      voidCreditsForComplaint(announced(), KEDA_STAFF, id, body),
      voidCreditsForComplaint(announced(), KEDA_STAFF, id, body),
    ]);
    world.later(3600_000);
    expect(await voidCreditsForComplaint(announced(), KEDA_STAFF, id, body)).toMatchObject({ voided: 0, alreadyVoided: true });
    const facts = factsOf(id);
    expect(facts).toHaveLength(1);
    expect(facts[0]).toMatchObject({
      from: 'CLOSED',
      to: 'CLOSED',
      version: closed.version + 1,
      at: mem.requests.requests.get(id)!.creditsVoided!.at,
      volunteers: [],
      volunteersBefore: [
        { minutes: 120, hours: 2 },
        { minutes: 60, hours: 1 },
      ],
    });
    // The default rules: a point per 4 hours.
    expect(await volunteerCounts(id)).toEqual({ volunteers: -2, volunteerMinutes: -180, volunteerHours: -3, points: -0.75 });
  });

  it('takes the registered person’s service back from the volunteer statistics once, and a posting retried after counts nothing', async () => {
    const id = await world.closedRequest();
    expect(await servicesOf()).toEqual([{ services: 1, hours: 2 }]);
    await voidCreditsForComplaint(announced(), KEDA_STAFF, id, { reason: '投诉属实' });
    await voidCreditsForComplaint(announced(), KEDA_STAFF, id, { reason: '投诉属实' });
    expect(await servicesOf()).toEqual([{ services: 0, hours: 0 }]);
    // A copy of the request as it was while pending, posted again (a retried posting).
    await mem.volunteers.countService({ volunteerId: WU, requestId: id, areaId: KEDA, month: '2026-03', hours: 2 });
    expect(await servicesOf()).toEqual([{ services: 0, hours: 0 }]);
  });
});

describe('a complaint upheld while the credits are pending (withheld)', () => {
  it('takes the close’s volunteers off the dashboard with the mark, and nothing is counted for the volunteer then or later', async () => {
    const id = await closedPending();
    const pending = mem.requests.requests.get(id)!;
    expect(await voidCreditsForComplaint(announced(), KEDA_STAFF, id, { reason: '投诉属实' })).toMatchObject({ voided: 0 });
    expect(mem.requests.requests.get(id)).toMatchObject({ version: pending.version + 1, creditsWithheld: { reason: '投诉属实' } });
    expect(factsOf(id)).toMatchObject([{ volunteers: [], volunteersBefore: [{ minutes: 120 }, { minutes: 60 }] }]);
    expect(await volunteerCounts(id)).toEqual({ volunteers: -2, volunteerMinutes: -180, volunteerHours: -3, points: -0.75 });
    world.later(3600_000);
    await sweepDue(mem);
    expect(await postCredits(mem, pending)).toBe(0);
    expect(await servicesOf()).toEqual([{ services: 0, hours: 0 }]);
  });

  it('takes back what a posting counted when the complaint lands between its read and its posting', async () => {
    const id = await closedPending();
    const ledger = mem.credits;
    let upheld: Promise<unknown> | undefined;
    const postAll: typeof ledger.postAll = async (entries) => {
      // The void's own steps only: as if it stopped after the ledger, before the volunteer statistics.
      upheld ??= voidRequestCredits(announced(), id, '投诉属实');
      await upheld;
      return ledger.postAll(entries);
    };
    const racing = { ...mem, credits: Object.assign(Object.create(ledger), { postAll }) as typeof ledger };
    expect(await postCredits(racing, mem.requests.requests.get(id)!)).toBe(0);
    expect(await ledger.balance(`person#${WU}`)).toMatchObject({ hours: 0, pointsEarned: 0 });
    expect(await servicesOf()).toEqual([{ services: 0, hours: 0 }]);
  });
});

describe('a posting the ledger refuses as voided', () => {
  it('is not counted in the volunteer statistics', async () => {
    const id = await closedPending();
    const ledger = mem.credits;
    const postAll: typeof ledger.postAll = async (entries) => entries.map(() => 'voided' as const);
    const refusing = { ...mem, credits: Object.assign(Object.create(ledger), { postAll }) as typeof ledger };
    expect(await postCredits(refusing, mem.requests.requests.get(id)!)).toBe(0);
    expect(await servicesOf()).toEqual([{ services: 0, hours: 0 }]);
  });
});
