import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import type { DevOutboxEntry } from '#shared/adapters/notify/dev-outbox';
import { DynamoTeamRepository } from '#shared/adapters/dynamo/team-repository';
import { CapacityBelowLoadError } from '#shared/ports/team-repository';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { call, postJson, validSubmission } from '../support/http';
import { KEDA, requestFixture, teamFixture } from '../support/fixtures';
import { eventually, useLocalStack } from '../support/local-stack';
import { tapOutput } from '../support/output-tap';

const local = useLocalStack();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const center = () => bearer(local().stack.adminTokens.center);
const station = () => bearer(local().stack.adminTokens.station);
const OUTSIDE = '370911001005';
const STREET = '370902003';
const patch = (path: string, body: unknown, headers: Record<string, string>) =>
  call(`${local().url}${path}`, {
    method: 'PATCH',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const post = (path: string, headers: Record<string, string>) => call(`${local().url}${path}`, { method: 'POST', headers });
const ids = (teams: ReadonlyArray<{ id: string }>) => teams.map((t) => t.id);

const newTeam = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  name: { zh: '科大电器队', en: 'Keda appliance team' },
  stationAreaId: KEDA,
  servesAreaId: STREET,
  services: ['appliance-repair'],
  capacity: 2,
  channels: [{ kind: 'webhook', url: 'https://robot.example.invalid/cgi-bin/webhook/send?key=robot-key-123', format: 'wecom' }],
  ...overrides,
});

/** Offers `count` stored requests of `serviceCode` to whichever team serves it in 科大社区. */
async function offers(serviceCode: string, count: number): Promise<void> {
  const deps = { ...local().adapters, clock: { now: () => new Date() } };
  await Promise.all(
    Array.from({ length: count }, async () => {
      const request = requestFixture({ serviceCode, description: 'team change test' });
      await local().adapters.requests.create({ request, events: [], outbox: [] });
      await dispatchRequest(deps, { requestId: request.id, version: 1 });
    }),
  );
}

/**
 * The team repository on a client of its own whose first transaction waits until `between`
 * has run: whatever `between` does lands after the change read the team and before it writes.
 */
function repositoryRacedBy(between: () => Promise<unknown>): DynamoTeamRepository {
  const client = new DynamoDBClient({ endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB });
  let pending: (() => Promise<unknown>) | undefined = between;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'TransactWriteItemsCommand' && pending) {
        const run = pending;
        pending = undefined;
        await run();
      }
      return next(args);
    },
    { step: 'initialize', name: 'raceBeforeWrite' },
  );
  return new DynamoTeamRepository(createDocumentClient(client), local().stack.tableName);
}

describe('team management by staff', () => {
  it('creates a team that takes orders at once, with a token shown once and no robot key shown back', async () => {
    const { url } = local();
    const created = await postJson(`${url}/admin/teams`, newTeam('keda-appliances', { servesAreaId: KEDA }), station());
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
    expect(
      bad
        .json()
        .error.fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['capacity', 'id']);
    const unknownService = await postJson(`${url}/admin/teams`, newTeam('svc-check', { services: ['no-such-service'] }), center());
    expect(unknownService.json().error.fields).toEqual([{ field: 'services.0', message: 'No such service' }]);
    const unknownArea = await postJson(`${url}/admin/teams`, newTeam('area-check', { servesAreaId: '370999' }), center());
    expect(unknownArea.status).toBe(400);
    expect(unknownArea.json().error.fields).toEqual([{ field: 'servesAreaId', message: 'No such area' }]);
    expect((await call(`${url}/admin/teams/area-check`, { headers: center() })).status).toBe(404);
    expect((await postJson(`${url}/admin/teams`, newTeam('far-away', { stationAreaId: OUTSIDE }), station())).status).toBe(404);
    expect((await postJson(`${url}/admin/teams`, newTeam('far-away', { stationAreaId: OUTSIDE }), center())).status).toBe(201);
    expect((await call(`${url}/admin/teams/far-away`, { headers: station() })).status).toBe(404);
    const listed = (await call(`${url}/admin/teams`, { headers: station() })).json().teams.map((t: { id: string }) => t.id);
    expect(listed).not.toContain('far-away');
    expect((await call(`${url}/admin/teams`, { headers: center() })).json().teams.map((t: { id: string }) => t.id)).toContain('far-away');
  });

  it('refuses an empty or malformed ?area= naming it, and another area to station staff, rather than list every team', async () => {
    const { url } = local();
    for (const query of ['?area=', '?area=%20', '?area=keda']) {
      for (const headers of [station(), center()]) {
        const answer = await call(`${url}/admin/teams${query}`, { headers });
        expect(answer.status).toBe(400);
        expect(answer.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['area']);
      }
    }
    expect((await call(`${url}/admin/teams?area=${OUTSIDE}`, { headers: station() })).status).toBe(404);
    expect((await call(`${url}/admin/teams?area=${KEDA}`, { headers: station() })).status).toBe(200);
    // An area the deployment lacks is not found, as for the statistics: a typo is not "no teams here".
    for (const path of ['/admin/teams?area=99', '/admin/teams?area=370902999999', '/admin/stats?area=99'])
      expect((await call(`${url}${path}`, { headers: center() })).status, path).toBe(404);
  });

  it('changes services and capacity, pauses and resumes, and rotates the token', async () => {
    const { url, adapters } = local();
    const { token } = (await postJson(`${url}/admin/teams`, newTeam('changing'), center())).json();
    const changed = await patch('/admin/teams/changing', { services: ['elderly-visit'], capacity: 7 }, station());
    expect(changed.json()).toMatchObject({ capacity: 7, services: ['elderly-visit'], handles: ['elderly-visit'] });
    expect((await adapters.teams.candidates('appliance-repair', [STREET])).map((t) => t.id)).not.toContain('changing');
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

describe('the log of team changes', () => {
  it('logs a change that happened, not a read nor a refused change', async () => {
    const { url, adapters } = local();
    await adapters.teams.register(teamFixture('logged', { services: ['logged-test'], capacity: 3 }), ['logged-test']);
    await offers('logged-test', 2);
    const tap = tapOutput();
    try {
      expect((await call(`${url}/admin/teams/logged`, { headers: center() })).status).toBe(200);
      expect((await patch('/admin/teams/logged', { capacity: 1 }, center())).status).toBe(409);
      expect((await patch('/admin/teams/logged', { capacity: 'many' }, center())).status).toBe(400);
      expect((await patch('/admin/teams/logged', { capacity: 2 }, center())).status).toBe(200);
      expect((await post('/admin/teams/logged/pause', center())).status).toBe(200);
    } finally {
      tap.stop();
    }
    const changes = tap
      .text()
      .split('\n')
      .filter((line) => line.includes('team changed'));
    expect(changes).toHaveLength(2);
    expect(changes[0]).toMatch(/action=PATCH/);
    expect(changes[1]).toMatch(/action=pause/);
  });
});

describe('the areas a team serves and is stationed in', () => {
  it('lets station staff have a team serve only within their own area', async () => {
    const { url, adapters } = local();
    const wide = await postJson(`${url}/admin/teams`, newTeam('citywide', { servesAreaId: '3709' }), station());
    expect(wide.status).toBe(404);
    expect(wide.json().error.message).toContain('servesAreaId');
    expect((await call(`${url}/admin/teams/citywide`, { headers: center() })).status).toBe(404);

    expect((await postJson(`${url}/admin/teams`, newTeam('own-area', { servesAreaId: KEDA }), station())).status).toBe(201);
    for (const outside of ['3709', STREET, OUTSIDE]) {
      const refused = await patch('/admin/teams/own-area', { servesAreaId: outside, capacity: 3 }, station());
      expect(refused.status, outside).toBe(404);
      expect(refused.json().error.message).toContain('servesAreaId');
    }
    const stored = (await adapters.teams.get('own-area'))!;
    expect(stored).toMatchObject({ servesAreaId: KEDA, capacity: 2 });
    expect(ids(await adapters.teams.candidates('appliance-repair', ['3709']))).not.toContain('own-area');
    expect((await patch('/admin/teams/own-area', { stationAreaId: OUTSIDE }, station())).json().error.message).toContain('stationAreaId');

    // The center may widen it; station staff then change other fields, sending the area back unchanged as the console does.
    expect((await patch('/admin/teams/own-area', { servesAreaId: '3709' }, center())).json()).toMatchObject({ servesAreaId: '3709' });
    const formLike = await patch('/admin/teams/own-area', { servesAreaId: '3709', capacity: 3 }, station());
    expect(formLike.status).toBe(200);
    expect(formLike.json()).toMatchObject({ servesAreaId: '3709', capacity: 3 });
    expect((await patch('/admin/teams/own-area', { servesAreaId: '370911' }, station())).status).toBe(404);
    expect((await patch('/admin/teams/own-area', { servesAreaId: '370999' }, center())).json().error.fields).toEqual([
      { field: 'servesAreaId', message: 'No such area' },
    ]);
  });

  it('moves a team’s served area and station, and its coverage and listing with them', async () => {
    const { url, adapters } = local();
    await postJson(
      `${url}/admin/teams`,
      newTeam('mover', { servesAreaId: KEDA, services: ['appliance-repair', 'elderly-visit'] }),
      center(),
    );
    expect(ids(await adapters.teams.candidates('elderly-visit', [KEDA]))).toContain('mover');

    const widened = await patch('/admin/teams/mover', { servesAreaId: STREET }, center());
    expect(widened.json()).toMatchObject({ servesAreaId: STREET, stationAreaId: KEDA, handles: ['appliance-repair', 'elderly-visit'] });
    for (const service of ['appliance-repair', 'elderly-visit']) {
      expect(ids(await adapters.teams.candidates(service, [STREET])), service).toContain('mover');
      expect(ids(await adapters.teams.candidates(service, [KEDA])), service).not.toContain('mover');
      expect(ids(await adapters.teams.servingWithin([service], STREET)), service).toContain('mover');
    }

    const moved = await patch(
      '/admin/teams/mover',
      { stationAreaId: OUTSIDE, servesAreaId: OUTSIDE, services: ['elderly-visit'] },
      center(),
    );
    expect(moved.json()).toMatchObject({ stationAreaId: OUTSIDE, servesAreaId: OUTSIDE, handles: ['elderly-visit'] });
    expect(ids(await adapters.teams.candidates('elderly-visit', [OUTSIDE]))).toContain('mover');
    expect(ids(await adapters.teams.candidates('elderly-visit', [STREET]))).not.toContain('mover');
    expect(ids(await adapters.teams.servingWithin(['appliance-repair'], '3709'))).not.toContain('mover');
    expect(await adapters.teams.handledServices('mover')).toEqual(['elderly-visit']);
    expect(ids((await call(`${url}/admin/teams?area=${OUTSIDE}`, { headers: center() })).json().teams)).toContain('mover');
    expect(ids((await call(`${url}/admin/teams?area=${KEDA}`, { headers: center() })).json().teams)).not.toContain('mover');
    expect(ids((await call(`${url}/admin/teams`, { headers: station() })).json().teams)).not.toContain('mover');
    expect((await call(`${url}/admin/teams/mover`, { headers: station() })).status).toBe(404);
    expect((await patch('/admin/teams/mover', { capacity: 9 }, station())).status).toBe(404);
    expect((await adapters.teams.get('mover'))!.capacity).toBe(2);
  });
});

describe('a team’s channels', () => {
  const secret = 'json-signing-secret-0123456789';
  const channels = [
    { kind: 'webhook', format: 'json', url: 'https://hooks.example.invalid/paidan?token=hook-token-456', secret },
    {
      kind: 'webhook',
      format: 'dingtalk',
      url: 'https://oapi.example.invalid/robot/send?access_token=ding-key-789',
      secret: 'SEC-dingtalk-signing-0001',
    },
    { kind: 'sms', phone: '+8613912345678' },
    { kind: 'email', address: 'duty@example.invalid' },
  ];

  it('replaces them all, keeps secrets and robot keys and never shows them back', async () => {
    const { url, adapters } = local();
    await postJson(`${url}/admin/teams`, newTeam('channelled'), center());
    const changed = await patch('/admin/teams/channelled', { channels }, station());
    expect(changed.status).toBe(200);
    const shown = [
      { kind: 'webhook', format: 'json', url: 'https://hooks.example.invalid/paidan?token=***', hasSecret: true },
      { kind: 'webhook', format: 'dingtalk', url: 'https://oapi.example.invalid/robot/send?access_token=***', hasSecret: true },
      { kind: 'sms', phone: '+8613912345678' },
      { kind: 'email', address: 'duty@example.invalid' },
    ];
    expect(changed.json().channels).toEqual(shown);
    const detail = (await call(`${url}/admin/teams/channelled`, { headers: center() })).json();
    expect(detail.channels).toEqual(shown);
    const listing = (await call(`${url}/admin/teams`, { headers: center() })).text;
    for (const text of [changed.text, JSON.stringify(detail), listing]) {
      for (const hidden of [secret, 'SEC-dingtalk-signing-0001', 'hook-token-456', 'ding-key-789', 'robot-key-123'])
        expect(text).not.toContain(hidden);
    }
    expect((await adapters.teams.get('channelled'))!.channels).toEqual(channels);
  });

  it('refuses a bad channel naming it, and writes nothing of that change', async () => {
    const { url, adapters } = local();
    await postJson(`${url}/admin/teams`, newTeam('bad-channels', { channels }), center());
    const unsigned = await patch(
      '/admin/teams/bad-channels',
      { capacity: 5, channels: [{ kind: 'webhook', format: 'json', url: 'https://hooks.example.invalid/x' }] },
      center(),
    );
    expect(unsigned.status).toBe(400);
    expect(unsigned.json().error.fields).toEqual([{ field: 'channels.0.secret', message: 'A json webhook needs a secret to sign with' }]);
    const badPhone = await patch('/admin/teams/bad-channels', { channels: [channels[3], { kind: 'sms', phone: '13912345678' }] }, center());
    expect(badPhone.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['channels.1.phone']);
    expect(
      (await patch('/admin/teams/bad-channels', { channels: Array(11).fill(channels[3]) }, center())).json().error.fields[0].field,
    ).toBe('channels');
    expect((await patch('/admin/teams/bad-channels', { capacity: 5, servesAreaId: '370999' }, center())).status).toBe(400);
    expect(await adapters.teams.get('bad-channels')).toMatchObject({ capacity: 2, servesAreaId: STREET, channels });
  });

  it('sends the team’s next offer to its new channels', async () => {
    const { url, adapters } = local();
    await adapters.teams.register(
      teamFixture('notified', { services: ['channel-test'], channels: [{ kind: 'email', address: 'old@example.invalid' }] }),
      ['channel-test'],
    );
    await patch(
      '/admin/teams/notified',
      {
        channels: [
          { kind: 'email', address: 'new@example.invalid' },
          { kind: 'sms', phone: '+8613700001111' },
        ],
      },
      center(),
    );
    await offers('channel-test', 1);
    const outbox = async () => ((await call(`${url}/dev/outbox`)).json().entries as DevOutboxEntry[]).filter((e) => e.kind === 'offer');
    await eventually(async () => (await outbox()).some((e) => e.to === 'new@example.invalid'));
    await eventually(async () => (await outbox()).some((e) => e.to === '+8613700001111'));
    expect((await outbox()).some((e) => e.to === 'old@example.invalid')).toBe(false);
  });
});

describe('offers a team is made by a change', () => {
  it('tells the team of an offer its resumption makes at once, not at the outbox relay’s next run', async () => {
    const { url, adapters } = local();
    await adapters.teams.register(
      teamFixture('resumed', {
        services: ['resume-test'],
        paused: true,
        channels: [{ kind: 'email', address: 'resumed@example.invalid' }],
      }),
      ['resume-test'],
    );
    const request = requestFixture({ serviceCode: 'resume-test', description: 'resume test' });
    await adapters.requests.create({ request, events: [], outbox: [] });
    await dispatchRequest({ ...adapters, clock: { now: () => new Date() } }, { requestId: request.id, version: 1 });
    expect((await adapters.requests.get(request.id))!.status).toBe('WAITING');
    expect((await post('/admin/teams/resumed/resume', center())).status).toBe(200);
    expect((await adapters.requests.get(request.id))!.offer?.teamId).toBe('resumed');
    // The stack's schedules do not run here: only a notice sent at once reaches the outbox page.
    const outbox = async () => ((await call(`${url}/dev/outbox`)).json().entries as DevOutboxEntry[]).filter((e) => e.kind === 'offer');
    await eventually(async () => (await outbox()).some((e) => e.to === 'resumed@example.invalid'));
  });
});

describe('capacity and open orders', () => {
  it('refuses a capacity below the orders the team holds, saying how many, and takes it once they allow', async () => {
    const { adapters } = local();
    await adapters.teams.register(teamFixture('busy', { services: ['busy-test'], capacity: 3 }), ['busy-test']);
    await offers('busy-test', 2);
    expect((await adapters.teams.get('busy'))!.active).toBe(2);

    const refused = await patch('/admin/teams/busy', { capacity: 1, about: '人手减少' }, center());
    expect(refused.status).toBe(409);
    expect(refused.json().error.code).toBe('CONFLICT');
    expect(refused.json().error.message).toMatch(/^capacity: the team holds 2 open order/);
    expect(await adapters.teams.get('busy')).toMatchObject({ capacity: 3, active: 2 });
    expect((await adapters.teams.get('busy'))!.about).toBeUndefined();

    expect((await patch('/admin/teams/busy', { capacity: 2 }, center())).json()).toMatchObject({ capacity: 2, active: 2 });
  });

  it('refuses the capacity when offers land between its read and its write', async () => {
    const { adapters } = local();
    await adapters.teams.register(teamFixture('raced', { services: ['raced-test'], capacity: 4 }), ['raced-test']);
    const repository = repositoryRacedBy(() => offers('raced-test', 2));
    const change = repository.update('raced', { capacity: 1 }, { handles: () => ['raced-test'] });
    await expect(change).rejects.toBeInstanceOf(CapacityBelowLoadError);
    await expect(change).rejects.toMatchObject({ active: 2, capacity: 1 });
    expect(await adapters.teams.get('raced')).toMatchObject({ capacity: 4, active: 2 });
  });

  it('keeps active within capacity while offers race a capacity drop over HTTP', async () => {
    const { adapters } = local();
    await adapters.teams.register(teamFixture('racing', { services: ['racing-test'], capacity: 6 }), ['racing-test']);
    let watching = true;
    const breaches: string[] = [];
    const watcher = (async () => {
      while (watching) {
        const team = (await adapters.teams.get('racing'))!;
        if (team.active > team.capacity) breaches.push(`${team.active}/${team.capacity}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const [, drop] = await Promise.all([
      offers('racing-test', 10),
      (async () => {
        await new Promise((r) => setTimeout(r, 30));
        return patch('/admin/teams/racing', { capacity: 3 }, center());
      })(),
    ]);
    watching = false;
    await watcher;

    const team = (await adapters.teams.get('racing'))!;
    expect(breaches).toEqual([]);
    expect(team.active).toBeLessThanOrEqual(team.capacity);
    expect((await adapters.requests.openForTeam('racing', 'OFFERED', 50)).length).toBe(team.active);
    if (drop.status === 200) expect(team).toMatchObject({ capacity: 3, active: 3 });
    else {
      expect(drop.status).toBe(409);
      expect(drop.json().error.message).toMatch(/^capacity: the team holds [4-6] open order/);
      expect(team).toMatchObject({ capacity: 6, active: 6 });
    }
  });
});

describe('changes at the same time', () => {
  it('lands concurrent changes of different fields and a pause, coverage included', async () => {
    const { url, adapters } = local();
    await postJson(`${url}/admin/teams`, newTeam('busy-admins', { servesAreaId: KEDA }), center());
    for (const [round, services, area] of [
      [1, ['appliance-repair', 'elderly-visit'], STREET],
      [2, ['elderly-errands'], KEDA],
      [3, ['appliance-repair', 'elderly-errands'], STREET],
    ] as const) {
      const paused = round % 2 === 1;
      const answers = await Promise.all([
        patch('/admin/teams/busy-admins', { capacity: 10 + round }, center()),
        patch('/admin/teams/busy-admins', { about: `第${round}轮` }, station()),
        patch('/admin/teams/busy-admins', { name: { zh: `第${round}队`, en: `Round ${round}` } }, center()),
        patch('/admin/teams/busy-admins', { services }, station()),
        patch('/admin/teams/busy-admins', { servesAreaId: area }, center()),
        patch('/admin/teams/busy-admins', { blackoutDates: [`2030-01-0${round}`] }, center()),
        post(`/admin/teams/busy-admins/${paused ? 'pause' : 'resume'}`, center()),
      ]);
      expect(
        answers.map((a) => a.status),
        `round ${round}`,
      ).toEqual([200, 200, 200, 200, 200, 200, 200]);
      const team = (await adapters.teams.get('busy-admins'))!;
      expect(team, `round ${round}`).toMatchObject({
        capacity: 10 + round,
        about: `第${round}轮`,
        name: { zh: `第${round}队`, en: `Round ${round}` },
        services,
        servesAreaId: area,
        blackoutDates: [`2030-01-0${round}`],
        paused,
        active: 0,
      });
      expect(await adapters.teams.handledServices('busy-admins'), `round ${round}`).toEqual([...services].sort());
      for (const service of services)
        expect(ids(await adapters.teams.candidates(service, [area])), `round ${round} ${service}`).toContain('busy-admins');
    }
  });

  it('rewrites coverage for a change of services made between its read and its write', async () => {
    const { adapters } = local();
    await adapters.teams.register(teamFixture('late-services', { services: ['appliance-repair'] }), ['appliance-repair']);
    const repository = repositoryRacedBy(async () => {
      expect((await patch('/admin/teams/late-services', { services: ['elderly-visit'] }, center())).status).toBe(200);
      expect((await post('/admin/teams/late-services/pause', center())).status).toBe(200);
    });
    const changed = await repository.update('late-services', { servesAreaId: STREET }, { handles: (team) => team.services });
    expect(changed).toMatchObject({ services: ['elderly-visit'], servesAreaId: STREET, paused: true });
    expect(await adapters.teams.handledServices('late-services')).toEqual(['elderly-visit']);
    expect(ids(await adapters.teams.candidates('elderly-visit', [STREET]))).toContain('late-services');
    expect(ids(await adapters.teams.candidates('elderly-visit', [KEDA]))).not.toContain('late-services');
    expect(ids(await adapters.teams.servingWithin(['appliance-repair'], '3709'))).not.toContain('late-services');
  });

  it('never writes the live load: offers made during a change keep their count', async () => {
    const { adapters } = local();
    await adapters.teams.register(teamFixture('loaded', { services: ['loaded-test'], capacity: 5 }), ['loaded-test']);
    const repository = repositoryRacedBy(() => offers('loaded-test', 3));
    await repository.update('loaded', { about: '改个介绍' }, { handles: () => ['loaded-test'] });
    const team = (await adapters.teams.get('loaded'))!;
    expect(team).toMatchObject({ about: '改个介绍', active: 3 });
    expect(Object.values(team.recentOrders ?? {})).toEqual([3]);
  });
});
