import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import type { Staff } from '#shared/domain/staff';
import { parseSubmission } from '#shared/domain/submission';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { createTeam, setTeamPaused, updateTeam } from '#shared/use-cases/admin-teams';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { offerWaitingTo } from '#shared/use-cases/offer-waiting';
import { submitRequest } from '#shared/use-cases/submit-request';
import { teamFixture } from '../../support/fixtures';
import { validSubmission } from '../../support/http';

// A team that becomes able to take work is offered the requests waiting for it at once, not at
// their next re-check (up to 10 minutes later).
const center: Staff = { id: 'c1', name: 'center-admin@paidan.local', role: 'center' };
let mem: MemoryDeps;

async function waiting(): Promise<string> {
  const { submitted } = await submitRequest(mem, { submission: parseSubmission(validSubmission()), channel: 'api' });
  await dispatchRequest(mem, { requestId: submitted.id, version: 1 });
  expect(mem.requests.requests.get(submitted.id)!.status).toBe('WAITING');
  return submitted.id;
}
const offeredTo = (id: string) => mem.requests.requests.get(id)!.offer?.teamId;

beforeEach(async () => {
  const clock = new Date('2026-03-09T02:00:00.000Z');
  mem = memoryDeps({ services: demoServices, areas: demoAreas, clock: { now: () => clock } });
  // A paused team serves the area: the requests wait for a team (with none that could ever take them, they would go to the center at once).
  await mem.teams.register(teamFixture('standby', { servesAreaId: '370902', paused: true }), ['appliance-repair']);
});

/** Team new-team, free for one request of appliance-repair in 泰山区, created as the console creates it. */
async function createNewTeam() {
  const {
    rating: _r,
    paused: _p,
    ...team
  } = teamFixture('new-team', { servesAreaId: '370902', capacity: 1, services: ['appliance-repair'] });
  await createTeam(mem, center, team);
}

describe('a team that can take more work', () => {
  it('is offered the waiting requests when resumed', async () => {
    await mem.teams.register(teamFixture('a', { servesAreaId: '370902', capacity: 1, paused: true }), ['appliance-repair']);
    const id = await waiting();
    await setTeamPaused(mem, center, 'a', false);
    expect(offeredTo(id)).toBe('a');
  });

  it('is offered them when its capacity is raised', async () => {
    await mem.teams.register(teamFixture('a', { servesAreaId: '370902', capacity: 1 }), ['appliance-repair']);
    const held = await submitRequest(mem, { submission: parseSubmission(validSubmission()), channel: 'api' });
    await dispatchRequest(mem, { requestId: held.submitted.id, version: 1 });
    const id = await waiting();
    await updateTeam(mem, center, 'a', { capacity: 2 });
    expect(offeredTo(id)).toBe('a');
  });

  it('is offered them when it comes to serve their area, or takes on their service', async () => {
    await mem.teams.register(teamFixture('a', { servesAreaId: '370911', capacity: 2, services: ['appliance-repair'] }), [
      'appliance-repair',
    ]);
    await mem.teams.register(teamFixture('b', { servesAreaId: '370902', capacity: 2, services: [], categories: [] }), []);
    const first = await waiting();
    await updateTeam(mem, center, 'a', { servesAreaId: '370902' });
    expect(offeredTo(first)).toBe('a');
    mem.teams.patch('a', { paused: true });
    const second = await waiting();
    await updateTeam(mem, center, 'b', { services: ['appliance-repair'] });
    expect(offeredTo(second)).toBe('b');
  });

  it('is offered them when created', async () => {
    const id = await waiting();
    await createNewTeam();
    expect(offeredTo(id)).toBe('new-team');
  });
});

/**
 * From now on the teams' coverage index answers as it stands now, whatever is written after: in
 * AWS it lags a team's write by up to a second (DynamoDB Local and the memory adapter do not).
 */
async function indexLagsFromNow(): Promise<void> {
  const coverage = new Map<string, { area: string; services: Set<string> }>();
  for (const team of mem.teams.teams.values()) {
    coverage.set(team.id, { area: team.servesAreaId, services: new Set(await mem.teams.handledServices(team.id)) });
  }
  mem.teams.candidates = async (serviceCode, areaIds) => {
    const named = [...coverage].filter(([, c]) => c.services.has(serviceCode) && areaIds.includes(c.area));
    return Promise.all(named.map(async ([id]) => (await mem.teams.get(id))!));
  };
}

describe('a team that can take more work, while the coverage index lags its write', () => {
  it('is offered the waiting requests when created', async () => {
    const id = await waiting();
    await indexLagsFromNow();
    await createNewTeam();
    expect(offeredTo(id)).toBe('new-team');
  });

  it('is offered them when it comes to serve their area, or takes on their service', async () => {
    await mem.teams.register(teamFixture('a', { servesAreaId: '370911', capacity: 2, services: ['appliance-repair'] }), [
      'appliance-repair',
    ]);
    await mem.teams.register(teamFixture('b', { servesAreaId: '370902', capacity: 2, services: [], categories: [] }), []);
    const both = [await waiting(), await waiting()];
    await indexLagsFromNow();
    await updateTeam(mem, center, 'a', { servesAreaId: '370902', capacity: 1 });
    expect(both.map(offeredTo).sort()).toEqual(['a', undefined]);
    await updateTeam(mem, center, 'b', { services: ['appliance-repair'] });
    expect(both.map(offeredTo).sort()).toEqual(['a', 'b']);
  });

  it('is offered no more than its capacity, however many offer it work at once', async () => {
    const ids = [await waiting(), await waiting(), await waiting()];
    await indexLagsFromNow();
    const {
      rating: _r,
      paused: _p,
      ...team
    } = teamFixture('new-team', { servesAreaId: '370902', capacity: 2, services: ['appliance-repair'] });
    await Promise.all([createTeam(mem, center, team).then(() => offerWaitingTo(mem, 'new-team')), offerWaitingTo(mem, 'new-team')]);
    expect(ids.filter((id) => offeredTo(id) === 'new-team')).toHaveLength(2);
    mem.requests.auditCapacity();
  });

  it('is not offered a request of an area it no longer serves', async () => {
    await mem.teams.register(teamFixture('a', { servesAreaId: '370902', capacity: 2, services: ['appliance-repair'] }), [
      'appliance-repair',
    ]);
    await indexLagsFromNow();
    await updateTeam(mem, center, 'a', { servesAreaId: '370911' });
    // The index still names it for 370902; its own item says it serves 370911 now.
    await waiting();
  });
});
