import { expect, it } from 'vitest';
import { memoryDeps } from '#shared/adapters/memory/deps';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { teamWork } from '#shared/use-cases/team-work';
import { requestFixture, teamFixture } from '../../support/fixtures';

it('lists all of a team’s accepted orders, past a hundred: a big team sees its newest too', async () => {
  const mem = memoryDeps({ services: demoServices, areas: demoAreas });
  await mem.teams.register(teamFixture('big-team', { capacity: 300 }), ['appliance-repair']);
  for (let i = 0; i < 130; i++) {
    const at = new Date(Date.parse('2026-12-01T00:00:00.000Z') + i * 60_000).toISOString();
    mem.requests.put(requestFixture({ status: 'ACCEPTED', assignedTeam: { id: 'big-team', name: '大队' }, updatedAt: at, createdAt: at }));
  }
  let serviceReads = 0;
  const editedService = mem.catalog.editedService.bind(mem.catalog);
  mem.catalog.editedService = (code) => (serviceReads++, editedService(code));
  const orders = await teamWork(mem, 'big-team', 'orders');
  expect(orders).toHaveLength(130);
  // One service for all 130: read once for the list, not once an order; never saved since, so no earlier forms read.
  expect(serviceReads).toBe(1);
  let formReads = 0;
  mem.catalog.earlierForms = async () => (formReads++, []);
  await teamWork(mem, 'big-team', 'orders');
  expect(formReads).toBe(0);
});
