import { describe, expect, it } from 'vitest';
import { call, postJson } from '../support/http';
import { KEDA, requestFixture } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';

const local = useLocalStack();
const station = () => ({ authorization: `Bearer ${local().stack.adminTokens.station}` });

async function stored(overrides: Parameters<typeof requestFixture>[0]) {
  const request = requestFixture(overrides);
  await local().adapters.requests.create({ request, events: [], outbox: [] });
  return request;
}

describe('回访 (a resident’s word recorded by staff)', () => {
  it('records the rating of a request the resident ordered themselves, who phoned the station; the resident’s link is then too late', async () => {
    const completedAt = new Date().toISOString();
    const request = await stored({
      status: 'COMPLETED',
      channel: 'web',
      areaId: KEDA,
      assignedTeam: { id: 'ruidi-repair', name: '瑞迪e修站' },
      completion: { completedAt, hours: [{ volunteer: '回访志愿者', minutes: 60 }] },
      dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    const rated = await postJson(`${local().url}/admin/requests/${request.id}/rating`, { stars: 1 }, station());
    expect(rated.status).toBe(200);
    expect(await local().adapters.requests.get(request.id)).toMatchObject({ rating: { stars: 1 }, version: request.version + 1 });
    // Rated, it is over: no reopening on top of it.
    const reopened = await call(`${local().url}/admin/requests/${request.id}/reopen`, { method: 'POST', headers: station() });
    expect(reopened.status).toBe(409);
  });
});
