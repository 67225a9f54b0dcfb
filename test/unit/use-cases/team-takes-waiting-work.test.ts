import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import type { Staff } from '#shared/domain/staff';
import { parseSubmission } from '#shared/domain/submission';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { createTeam, setTeamPaused, updateTeam } from '#shared/use-cases/admin-teams';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
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
});

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
    const {
      rating: _r,
      paused: _p,
      ...team
    } = teamFixture('new-team', { servesAreaId: '370902', capacity: 1, services: ['appliance-repair'] });
    await createTeam(mem, center, team);
    expect(offeredTo(id)).toBe('new-team');
  });
});
