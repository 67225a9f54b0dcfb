/**
 * What every TeamRepository (with TeamUpdates) does, checked on the DynamoDB adapter on DynamoDB
 * Local (integration) and on the in-memory one (unit). Each check registers its own teams for
 * its own service codes: the table may hold other checks' teams.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { statusEvent, withStatus } from '#shared/domain/service-request';
import type { RequestRepository } from '#shared/ports/request-repository';
import {
  CapacityBelowLoadError,
  MAX_NEW_TEAM_SERVICES,
  TeamExistsError,
  type TeamRepository,
  type TeamUpdates,
} from '#shared/ports/team-repository';
import { KEDA, requestFixture, teamFixture } from './fixtures';

export interface TeamContractSubjects {
  readonly teams: TeamRepository & TeamUpdates;
  /** To give a team a load: `reserveOffer` takes its capacity. */
  readonly requests: RequestRepository;
}

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const ids = (teams: readonly { id: string }[]) => teams.map((t) => t.id).sort();

export function teamRepositoryContract(name: string, subjects: () => TeamContractSubjects): void {
  describe(name, () => {
    it('finds the teams that handle a service and serve the area or one above it, and those serving within an area', async () => {
      const { teams } = subjects();
      const [svc, other] = [unique('contract-svc'), unique('contract-svc')];
      const [community, district, elsewhere, otherService] = ['community', 'district', 'elsewhere', 'other'].map((n) => unique(n));
      await teams.register(teamFixture(community!, { servesAreaId: KEDA }), [svc]);
      await teams.register(teamFixture(district!, { servesAreaId: '370902' }), [svc]);
      await teams.register(teamFixture(elsewhere!, { servesAreaId: '370911' }), [svc]);
      await teams.register(teamFixture(otherService!, { servesAreaId: KEDA }), [other]);

      expect(ids(await teams.candidates(svc, ['3709', '370902', '370902003', KEDA]))).toEqual([community!, district!].sort());
      expect(ids(await teams.servingWithin([svc], '370902'))).toEqual([community!, district!].sort());
      expect(ids(await teams.servingWithin([svc, other], KEDA))).toEqual([community!, otherService!].sort());
      expect(ids(await teams.servingWithin([svc], '3709'))).toEqual([community!, district!, elsewhere!].sort());
      expect(await teams.handledServices(community!)).toEqual([svc]);
    });

    it('lists the teams stationed within an area a page at a time, by station area then id', async () => {
      const { teams } = subjects();
      // A street of its own (the table may hold other checks' teams): three in one community, one in another, one outside.
      const street = `3709${String(Math.floor(Math.random() * 90_000) + 10_000)}`;
      const [b, a, c, d] = ['b', 'a', 'c', 'd'].map((n) => `${n}-${unique('paged')}`);
      await teams.register(teamFixture(b!, { stationAreaId: `${street}002` }), []);
      await teams.register(teamFixture(a!, { stationAreaId: `${street}001` }), []);
      await teams.register(teamFixture(c!, { stationAreaId: `${street}001` }), []);
      await teams.register(teamFixture(d!, { stationAreaId: `${street}001` }), []);
      await teams.register(teamFixture(unique('outside'), { stationAreaId: `3709${String(Number(street.slice(4)) + 1)}001` }), []);

      const first = await teams.stationedPage(street, 2);
      expect(first.teams.map((t) => t.id)).toEqual([a, c]);
      expect(first.next).toEqual({ stationAreaId: `${street}001`, id: c });
      const second = await teams.stationedPage(street, 2, first.next);
      expect(second.teams.map((t) => t.id)).toEqual([d, b]);
      expect(second.next).toBeUndefined();
      expect((await teams.stationedPage(street, 4)).next).toBeUndefined();
    });

    it('registers a known team again with its load kept and its coverage replaced', async () => {
      const { teams, requests } = subjects();
      const [svc, other] = [unique('contract-svc'), unique('contract-svc')];
      const teamId = unique('contract-team');
      await teams.register(teamFixture(teamId, { capacity: 2 }), [svc]);
      const request = requestFixture();
      await requests.create({ request, events: [], outbox: [] });
      const at = new Date().toISOString();
      const offered = {
        ...withStatus(request, 'OFFERED', at),
        offer: { teamId, teamName: teamId, offeredAt: at, deadline: at, reason: { zh: '-', en: '-' } },
      };
      const event = statusEvent(offered, { zh: '-', en: '-' }, 'system');
      expect(await requests.reserveOffer({ before: request, after: offered, event, teamId })).toBe('offered');

      await teams.register(teamFixture(teamId, { capacity: 4, about: 'again' }), [other]);
      expect(await teams.get(teamId)).toMatchObject({ capacity: 4, about: 'again', active: 1 });
      expect(await teams.handledServices(teamId)).toEqual([other]);
      expect(await teams.candidates(svc, [KEDA])).toEqual([]);
      expect(ids(await teams.candidates(other, [KEDA]))).toEqual([teamId]);
    });

    it('creates a team with its coverage and first token hash; refuses a taken id and changes nothing of it', async () => {
      const { teams } = subjects();
      const [svc, other] = [unique('contract-svc'), unique('contract-svc')];
      const teamId = unique('contract-team');
      await teams.create(teamFixture(teamId, { capacity: 3, about: 'first' }), [svc], 'hash-1');
      expect(await teams.get(teamId)).toMatchObject({ id: teamId, capacity: 3, about: 'first', active: 0 });
      expect(await teams.get(teamId)).not.toHaveProperty('tokenHash');
      expect(await teams.tokenHash(teamId)).toBe('hash-1');
      expect(ids(await teams.candidates(svc, [KEDA]))).toEqual([teamId]);
      expect(ids(await teams.stationedWithin(KEDA))).toContain(teamId);
      // An empty area is a caller's fault, never "every team".
      await expect(teams.stationedWithin('')).rejects.toThrow(/empty area/);

      await expect(teams.create(teamFixture(teamId, { capacity: 9, about: 'second' }), [other], 'hash-2')).rejects.toBeInstanceOf(
        TeamExistsError,
      );
      expect(await teams.get(teamId)).toMatchObject({ capacity: 3, about: 'first' });
      expect(await teams.tokenHash(teamId)).toBe('hash-1');
      expect(await teams.handledServices(teamId)).toEqual([svc]);
      expect(await teams.candidates(other, [KEDA])).toEqual([]);
    });

    it(`refuses a new team with more services than one transaction holds (${MAX_NEW_TEAM_SERVICES}), and writes nothing`, async () => {
      const { teams } = subjects();
      const teamId = unique('contract-team');
      const svc = unique('contract-svc');
      const handles = Array.from({ length: MAX_NEW_TEAM_SERVICES + 1 }, (_, i) => `${svc}-${i}`);
      await expect(teams.create(teamFixture(teamId), handles, 'hash')).rejects.toThrow();
      expect(await teams.get(teamId)).toBeUndefined();
      expect(await teams.tokenHash(teamId)).toBeUndefined();
      expect(await teams.handledServices(teamId)).toEqual([]);
      expect(await teams.candidates(handles[0]!, [KEDA])).toEqual([]);

      await teams.create(teamFixture(teamId), handles.slice(0, MAX_NEW_TEAM_SERVICES), 'hash');
      expect(await teams.handledServices(teamId)).toHaveLength(MAX_NEW_TEAM_SERVICES);
    });

    it('updates only the fields given, and refuses a capacity below the orders held', async () => {
      const { teams, requests } = subjects();
      const svc = unique('contract-svc');
      const teamId = unique('contract-team');
      await teams.register(teamFixture(teamId, { capacity: 2, about: 'before' }), [svc]);
      const request = requestFixture();
      await requests.create({ request, events: [], outbox: [] });
      const at = new Date().toISOString();
      const offered = {
        ...withStatus(request, 'OFFERED', at),
        offer: { teamId, teamName: teamId, offeredAt: at, deadline: at, reason: { zh: '-', en: '-' } },
      };
      await requests.reserveOffer({ before: request, after: offered, event: statusEvent(offered, { zh: '-', en: '-' }, 'system'), teamId });
      const handles = () => [svc];

      await expect(teams.update(teamId, { capacity: 0 }, { handles })).rejects.toBeInstanceOf(CapacityBelowLoadError);
      expect(await teams.update(teamId, { capacity: 1 }, { handles })).toMatchObject({ capacity: 1, about: 'before', active: 1 });
      await expect(
        teams.update(
          teamId,
          { about: 'refused' },
          {
            handles,
            guard: () => {
              throw new Error('guarded');
            },
          },
        ),
      ).rejects.toThrow('guarded');
      expect(await teams.get(teamId)).toMatchObject({ capacity: 1, about: 'before' });
      expect(await teams.update(unique('nobody'), { capacity: 1 }, { handles })).toBeUndefined();
    });

    it('pauses a known team only, and keeps one token hash per team', async () => {
      const { teams } = subjects();
      const teamId = unique('contract-team');
      await teams.register(teamFixture(teamId), [unique('contract-svc')]);
      expect(await teams.setPaused(teamId, true)).toBe(true);
      expect((await teams.get(teamId))?.paused).toBe(true);
      expect(await teams.setPaused(unique('nobody'), true)).toBe(false);
      expect(await teams.tokenHash(teamId)).toBeUndefined();
      await teams.setTokenHash(teamId, 'h1');
      await teams.setTokenHash(teamId, 'h2');
      expect(await teams.tokenHash(teamId)).toBe('h2');
    });
  });
}
