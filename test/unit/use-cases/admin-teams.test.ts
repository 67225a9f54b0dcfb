import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '#shared/domain/errors';
import { sha256 } from '#shared/domain/identifiers';
import type { Staff } from '#shared/domain/staff';
import type { Team, TeamChanges, TeamLoad } from '#shared/domain/team';
import { demoData } from '#shared/seed/seed-demo-data';
import { MAX_NEW_TEAM_SERVICES, TeamChangeContendedError, type TeamUpdateOptions } from '#shared/ports/team-repository';
import { areaQuery, createTeam, listTeams, setTeamPaused, updateTeam } from '#shared/use-cases/admin-teams';
import { parseOrThrow } from '#shared/domain/validation';
import { memoryDeps } from '#shared/adapters/memory/deps';
import { MemoryTeams } from '#shared/adapters/memory/team-repository';
import { KEDA, teamFixture } from '../../support/fixtures';

const STREET = '370902003';
const center: Staff = { id: 'c1', name: 'center-admin@paidan.local', role: 'center' };
const station: Staff = { id: 's1', name: 'keda-station@paidan.local', role: 'station', areaId: KEDA };

/** The teams, recording each change that lands; `failWith` refuses a change after its guard. */
class Teams extends MemoryTeams {
  readonly updates: TeamChanges[] = [];
  failWith?: Error;
  override async update(teamId: string, changes: TeamChanges, options: TeamUpdateOptions): Promise<TeamLoad | undefined> {
    const guard = (stored: TeamLoad) => {
      options.guard?.(stored);
      if (this.failWith) throw this.failWith;
    };
    const updated = await super.update(teamId, changes, { ...options, guard });
    if (updated) this.updates.push(changes);
    return updated;
  }
}

let teams: Teams;
const deps = () => memoryDeps({ teams, categories: demoData.categories, services: demoData.services, areas: demoData.areas });

async function refusal<E extends Error>(attempt: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

const body = (overrides: Partial<Team> = {}) => {
  const { rating: _r, paused: _p, ...team } = teamFixture('new-team', { servesAreaId: KEDA, ...overrides });
  return team;
};

beforeEach(async () => {
  teams = new Teams();
  await teams.register(teamFixture('keda-team', { servesAreaId: KEDA, capacity: 4 }), ['appliance-repair']);
  await teams.register(teamFixture('city-team', { servesAreaId: '3709' }), ['appliance-repair']);
});

describe('listing teams by area', () => {
  beforeEach(async () => {
    await teams.register(teamFixture('yanbei-team', { stationAreaId: '370911001005', servesAreaId: '370911001005' }), []);
  });

  it('refuses an empty or malformed area naming it, for station staff and the center alike', async () => {
    for (const area of ['', ' ', 'keda', '37090']) {
      const error = await refusal(
        Promise.resolve().then(() => parseOrThrow(areaQuery, { area })),
        ValidationError,
      );
      expect(error.issues.map((i) => i.field)).toEqual(['area']);
    }
    expect(parseOrThrow(areaQuery, { area: '370902003009' }).area).toBe(KEDA);
  });

  it('checks the scope of any area given, an empty one included, and never lists all teams to a station', async () => {
    await refusal(listTeams(deps(), station, ''), NotFoundError);
    await refusal(listTeams(deps(), station, '370911001005'), NotFoundError);
    expect((await listTeams(deps(), station, undefined)).teams.map((t) => t.id)).not.toContain('yanbei-team');
    expect((await listTeams(deps(), center, undefined)).teams.map((t) => t.id)).toContain('yanbei-team');
    await expect(deps().areas.subtree('')).rejects.toThrow(/empty area/);
  });
});

describe('the areas station staff may set', () => {
  it('refuses a served area outside their own on create and change, naming the field, and writes nothing', async () => {
    for (const servesAreaId of ['3709', STREET, '370911001005']) {
      const created = await refusal(createTeam(deps(), station, body({ servesAreaId })), NotFoundError);
      expect(created.message).toBe('Area in servesAreaId not found');
      const changed = await refusal(updateTeam(deps(), station, 'keda-team', { servesAreaId, capacity: 9 }), NotFoundError);
      expect(changed.message).toBe('Area in servesAreaId not found');
    }
    expect((await refusal(updateTeam(deps(), station, 'keda-team', { stationAreaId: STREET }), NotFoundError)).message).toBe(
      'Area in stationAreaId not found',
    );
    expect(teams.updates).toEqual([]);
    expect(await teams.get('new-team')).toBeUndefined();
    expect(await teams.get('keda-team')).toMatchObject({ servesAreaId: KEDA, capacity: 4 });
  });

  it('lets them set one within their area, keep a wider one the center set, and the center set any', async () => {
    expect((await createTeam(deps(), station, body({ servesAreaId: KEDA }))).team.servesAreaId).toBe(KEDA);
    const kept = await updateTeam(deps(), station, 'city-team', { servesAreaId: '3709', capacity: 6 });
    expect(kept).toMatchObject({ servesAreaId: '3709', capacity: 6 });
    expect(teams.updates.at(-1)).toEqual({ capacity: 6 });
    expect(await updateTeam(deps(), center, 'keda-team', { servesAreaId: '370911' })).toMatchObject({ servesAreaId: '370911' });
  });

  it('refuses areas, services and categories that do not exist, every one named', async () => {
    const error = await refusal(
      updateTeam(deps(), center, 'keda-team', {
        servesAreaId: '370999',
        stationAreaId: '370999001',
        services: ['appliance-repair', 'nope'],
        categories: ['none'],
      }),
      ValidationError,
    );
    expect(error.issues).toEqual([
      { field: 'stationAreaId', message: 'No such area' },
      { field: 'servesAreaId', message: 'No such area' },
      { field: 'services.1', message: 'No such service' },
      { field: 'categories.0', message: 'No such category' },
    ]);
    expect(teams.updates).toEqual([]);
  });
});

describe('channels where email is off', () => {
  const email = { kind: 'email', address: 'team@example.org' } as const;
  const sms = { kind: 'sms', phone: '+8613700001111' } as const;

  it('refuses an email channel on create and change with 400 naming it, and writes nothing', async () => {
    const off = { ...deps(), emailOff: true };
    const created = await refusal(createTeam(off, center, body({ channels: [sms, email] })), ValidationError);
    expect(created.issues).toEqual([{ field: 'channels.1', message: 'Email is off in this deployment; use SMS or a webhook' }]);
    const changed = await refusal(updateTeam(off, center, 'keda-team', { channels: [email] }), ValidationError);
    expect(changed.issues).toEqual([{ field: 'channels.0', message: 'Email is off in this deployment; use SMS or a webhook' }]);
    expect(teams.updates).toEqual([]);
    expect(await teams.get('new-team')).toBeUndefined();
  });

  it('takes other channels, and email channels where email is sent', async () => {
    expect((await createTeam({ ...deps(), emailOff: true }, center, body({ channels: [sms] }))).team.channels).toEqual([sms]);
    expect((await updateTeam(deps(), center, 'keda-team', { channels: [email] })).channels).toEqual([email]);
  });
});

describe('changing a team', () => {
  it('writes only the fields that change, with the coverage of the team as it will be', async () => {
    await updateTeam(deps(), center, 'keda-team', { capacity: 4, servesAreaId: KEDA, categories: ['elderly-care'], about: '新' });
    expect(teams.updates).toEqual([{ categories: ['elderly-care'], about: '新' }]);
    const elderly = demoData.services.filter((s) => s.category === 'elderly-care').map((s) => s.code);
    expect(await teams.handledServices('keda-team')).toEqual(['appliance-repair', ...elderly].sort());
  });

  it('clears the about text when given empty (the console sends it so when its box is emptied)', async () => {
    await updateTeam(deps(), center, 'keda-team', { about: '修收音机的大学生' });
    expect(await updateTeam(deps(), center, 'keda-team', { about: '' })).toMatchObject({ about: '' });
    expect((await teams.get('keda-team'))!.about).toBe('');
  });

  it('answers 409 naming capacity and the open orders when the team holds more', async () => {
    teams.patch('keda-team', { active: 3 });
    const error = await refusal(updateTeam(deps(), center, 'keda-team', { capacity: 2 }), ConflictError);
    expect(error.message).toMatch(/^capacity: the team holds 3 open order\(s\) .*more than 2; lower it once they are finished/);
    expect((await teams.get('keda-team'))!.capacity).toBe(4);
    expect(await updateTeam(deps(), center, 'keda-team', { capacity: 3 })).toMatchObject({ capacity: 3, active: 3 });
  });

  it('answers 409 when other changes keep winning, and 404 for a team gone or moved out of reach meanwhile', async () => {
    teams.failWith = new TeamChangeContendedError('keda-team');
    expect((await refusal(updateTeam(deps(), center, 'keda-team', { capacity: 5 }), ConflictError)).message).toContain('try again');
    teams.failWith = undefined;
    const gone = { ...deps(), teams: Object.assign(Object.create(teams) as Teams, { update: async () => undefined }) };
    await refusal(updateTeam(gone, center, 'keda-team', { capacity: 5 }), NotFoundError);
    // The guard sees the team as stored at the write: stationed elsewhere by then, it is out of reach.
    const moved = {
      ...deps(),
      teams: Object.assign(Object.create(teams) as Teams, {
        update: (id: string, changes: TeamChanges, options: TeamUpdateOptions) => {
          options.guard!({ ...teams.teams.get(id)!, stationAreaId: '370911001005' });
          return teams.update(id, changes, options);
        },
      }),
    };
    await refusal(updateTeam(moved, station, 'keda-team', { capacity: 5 }), NotFoundError);
    expect((await teams.get('keda-team'))!.capacity).toBe(4);
  });

  it('leaves the pause to its own endpoints', async () => {
    expect((await refusal(updateTeam(deps(), center, 'keda-team', { paused: true }), ValidationError)).issues).toEqual([
      { field: 'paused', message: 'Unknown field' },
    ]);
    expect(await setTeamPaused(deps(), station, 'keda-team', true)).toMatchObject({ paused: true });
  });
});

describe('creating a team', () => {
  it('writes nothing when its one write fails, and the same team sent again is created whole', async () => {
    const d = deps();
    const create = teams.create.bind(teams);
    teams.create = async () => {
      throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
    };
    await expect(createTeam(d, center, body())).rejects.toThrow('throttled');
    teams.create = create;
    expect(await teams.get('new-team')).toBeUndefined();
    expect(await teams.tokenHash('new-team')).toBeUndefined();
    expect(await teams.handledServices('new-team')).toEqual([]);

    const created = await createTeam(d, center, body());
    expect(await teams.tokenHash('new-team')).toBe(sha256(created.token.split('.')[1]!));
    expect(await teams.handledServices('new-team')).toEqual(['appliance-repair']);
  });

  it('gives one of two creations sent at once the team and a token that works, and tells the other it exists', async () => {
    const outcomes = await Promise.allSettled([createTeam(deps(), center, body()), createTeam(deps(), center, body({ capacity: 9 }))]);
    const created = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    expect(created).toHaveLength(1);
    expect(outcomes.find((o) => o.status === 'rejected')?.reason).toBeInstanceOf(ConflictError);
    expect(await teams.tokenHash('new-team')).toBe(sha256(created[0]!.token.split('.')[1]!));
    expect((await teams.get('new-team'))?.capacity).toBe(created[0]!.team.capacity);
  });

  it(`refuses more services than one transaction holds (${MAX_NEW_TEAM_SERVICES}) with 400 naming the field, and writes nothing`, async () => {
    const [repair] = demoData.services.filter((s) => s.code === 'appliance-repair');
    const many = Array.from({ length: MAX_NEW_TEAM_SERVICES }, (_, i) => ({ ...repair!, code: `extra-${i}`, category: 'extra' }));
    const big = () =>
      memoryDeps({
        teams,
        categories: [...demoData.categories, { ...demoData.categories[0]!, code: 'extra' }],
        services: [...demoData.services, ...many],
        areas: demoData.areas,
      });
    const byCategory = await refusal(createTeam(big(), center, body({ categories: ['extra'] })), ValidationError);
    expect(byCategory.issues).toEqual([
      { field: 'categories', message: expect.stringMatching(/^A new team handles at most 99 services.*make 100/) },
    ]);
    const listed = await refusal(
      createTeam(big(), center, body({ services: ['appliance-repair', ...many.map((s) => s.code)] })),
      ValidationError,
    );
    expect(listed.issues.map((i) => i.field)).toEqual(['services']);
    expect(await teams.get('new-team')).toBeUndefined();

    await createTeam(big(), center, body({ services: many.map((s) => s.code) }));
    expect(await teams.handledServices('new-team')).toHaveLength(MAX_NEW_TEAM_SERVICES);
  });
});
