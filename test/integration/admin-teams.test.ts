import { describe, expect, it } from 'vitest';
import { call, postJson, validSubmission } from '../support/http';
import { KEDA } from '../support/fixtures';
import { eventually, useLocalStack } from '../support/local-stack';

const local = useLocalStack();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const center = () => bearer(local().stack.adminTokens.center);
const station = () => bearer(local().stack.adminTokens.station);
const OUTSIDE = 'taian.daiyue.zhoudian.yanbei';
const patch = (path: string, body: unknown, headers: Record<string, string>) =>
  call(`${local().url}${path}`, { method: 'PATCH', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });

const newTeam = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  name: { zh: '科大电器队', en: 'Keda appliance team' },
  stationAreaId: KEDA,
  servesAreaId: 'taian.taishan.taiqian',
  services: ['appliance-repair'],
  capacity: 2,
  channels: [{ kind: 'webhook', url: 'https://robot.example.invalid/cgi-bin/webhook/send?key=robot-key-123', format: 'wecom' }],
  ...overrides,
});

describe('team management by staff', () => {
  it('creates a team that takes orders at once, with a token shown once and no robot key shown back', async () => {
    const { url } = local();
    const created = await postJson(`${url}/admin/teams`, newTeam('keda-appliances'), station());
    expect(created.status).toBe(201);
    const { team, token } = created.json();
    expect(token).toMatch(/^keda-appliances\./);
    expect(team).toMatchObject({ id: 'keda-appliances', rating: 5, paused: false, active: 0, handles: ['appliance-repair'] });
    expect(JSON.stringify(team)).not.toContain('robot-key-123');
    expect((await call(`${url}/team/offers`, { headers: bearer(token) })).json()).toMatchObject({ offers: [] });

    const submitted = (await postJson(`${url}/requests`, validSubmission())).json();
    await eventually(async () => (await local().adapters.requests.get(submitted.id))?.offer?.teamId === 'keda-appliances');
    expect((await postJson(`${url}/admin/teams`, newTeam('keda-appliances'), center())).status).toBe(409);
  });

  it('refuses bad input naming the field, and teams outside a station’s area', async () => {
    const { url } = local();
    const bad = await postJson(`${url}/admin/teams`, newTeam('Bad Id', { services: ['no-such-service'], capacity: 0 }), center());
    expect(bad.status).toBe(400);
    expect(bad.json().error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['capacity', 'id']);
    const unknownService = await postJson(`${url}/admin/teams`, newTeam('svc-check', { services: ['no-such-service'] }), center());
    expect(unknownService.json().error.fields).toEqual([{ field: 'services.0', message: 'No such service' }]);
    expect((await postJson(`${url}/admin/teams`, newTeam('far-away', { stationAreaId: OUTSIDE }), station())).status).toBe(404);
    expect((await postJson(`${url}/admin/teams`, newTeam('far-away', { stationAreaId: OUTSIDE }), center())).status).toBe(201);
    expect((await call(`${url}/admin/teams/far-away`, { headers: station() })).status).toBe(404);
    const listed = (await call(`${url}/admin/teams`, { headers: station() })).json().teams.map((t: { id: string }) => t.id);
    expect(listed).not.toContain('far-away');
    expect((await call(`${url}/admin/teams`, { headers: center() })).json().teams.map((t: { id: string }) => t.id)).toContain('far-away');
  });

  it('changes services and capacity, pauses and resumes, and rotates the token', async () => {
    const { url, adapters } = local();
    const { token } = (await postJson(`${url}/admin/teams`, newTeam('changing'), center())).json();
    const changed = await patch('/admin/teams/changing', { services: ['elderly-visit'], capacity: 7 }, station());
    expect(changed.json()).toMatchObject({ capacity: 7, services: ['elderly-visit'], handles: ['elderly-visit'] });
    expect((await adapters.teams.candidates('appliance-repair', ['taian.taishan.taiqian'])).map((t) => t.id)).not.toContain('changing');
    expect((await patch('/admin/teams/changing', { capacity: -1 }, center())).json().error.fields[0].field).toBe('capacity');

    expect((await call(`${url}/admin/teams/changing/pause`, { method: 'POST', headers: center() })).json().paused).toBe(true);
    expect((await adapters.teams.get('changing'))!.paused).toBe(true);
    expect((await call(`${url}/admin/teams/changing/resume`, { method: 'POST', headers: center() })).json().paused).toBe(false);

    const rotated = (await call(`${url}/admin/teams/changing/token`, { method: 'POST', headers: center() })).json();
    expect((await call(`${url}/team/offers`, { headers: bearer(token) })).status).toBe(401);
    expect((await call(`${url}/team/offers`, { headers: bearer(rotated.token) })).status).toBe(200);
    expect((await call(`${url}/admin/teams/nobody/pause`, { method: 'POST', headers: center() })).status).toBe(404);
  });
});
