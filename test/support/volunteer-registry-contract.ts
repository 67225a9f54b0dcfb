/**
 * What every VolunteerRegistry does, checked on the DynamoDB adapter on DynamoDB Local
 * (integration) and on the in-memory one (unit). Each check registers people of its own.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Volunteer } from '#shared/domain/volunteer';
import type { VolunteerRegistry } from '#shared/ports/volunteer-registry';

const unique = (prefix: string) => `${prefix}${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const phone = () => `+86139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

const person = (overrides: Partial<Volunteer> = {}): Volunteer => ({
  id: unique('v'),
  name: '王志愿',
  phone: phone(),
  homeAreaId: '370902003009',
  registeredAt: '2026-12-05T01:00:00.000Z',
  registeredBy: { kind: 'staff', staffId: 'staff-1' },
  ...overrides,
});

export function volunteerRegistryContract(name: string, subjects: () => { readonly volunteers: VolunteerRegistry }): void {
  describe(name, () => {
    it('registers a person once per phone and per identity document, and finds them by phone', async () => {
      const { volunteers } = subjects();
      const identity = { type: 'resident-id' as const, masked: '370902********0011', hash: unique('h') };
      const first = person({ identity, volunteerNumber: 'SD-2026-0001' });
      expect(await volunteers.register(first)).toBe('registered');
      expect(await volunteers.get(first.id)).toEqual(first);
      expect(await volunteers.findByPhone(first.phone)).toEqual(first);
      expect(await volunteers.register(person({ phone: first.phone }))).toBe('phone-taken');
      expect(await volunteers.register(person({ identity }))).toBe('identity-taken');
      expect(await volunteers.findByPhone(phone())).toBeUndefined();
      expect(await volunteers.get(unique('v'))).toBeUndefined();
    });

    it('counts registrations by month in every area of the home community, once each, refused ones not at all', async () => {
      const { volunteers } = subjects();
      // A street of its own for this run, so runs sharing a table never meet.
      const street = `370902${String(Math.floor(Math.random() * 900) + 100)}`;
      const [a, b] = [`${street}001`, `${street}002`];
      const december = person({ homeAreaId: a, registeredAt: '2026-12-01T01:00:00.000Z' });
      await volunteers.register(december);
      await volunteers.register(person({ homeAreaId: b, registeredAt: '2026-12-31T17:00:00.000Z' })); // 1 January in Shanghai
      await volunteers.register(person({ homeAreaId: b, registeredAt: '2026-12-02T01:00:00.000Z' }));
      expect(await volunteers.register(person({ homeAreaId: a, phone: december.phone }))).toBe('phone-taken');
      const none = { active: 0, services: 0, hours: 0 };
      expect(await volunteers.monthly(street, '2026-01', '2027-12')).toEqual([
        { month: '2026-12', registered: 2, ...none },
        { month: '2027-01', registered: 1, ...none },
      ]);
      expect(await volunteers.monthly(a, '2026-12', '2026-12')).toEqual([{ month: '2026-12', registered: 1, ...none }]);
      expect(await volunteers.monthly(street, '2027-02', '2027-03')).toEqual([]);
    });

    it('counts services and hours once per person and request, and a person active once per area and month, whatever is repeated', async () => {
      const { volunteers } = subjects();
      const street = `370911${String(Math.floor(Math.random() * 900) + 100)}`;
      const [a, b] = [`${street}001`, `${street}002`];
      const [p, q] = [unique('p'), unique('q')];
      const served = (volunteerId: string, requestId: string, areaId: string, hours: number, month = '2026-11') =>
        volunteers.countService({ volunteerId, requestId, areaId, month, hours });
      await Promise.all([served(p, 'r1', a, 2), served(p, 'r1', a, 2), served(p, 'r2', b, 1.5), served(q, 'r2', b, 1)]);
      await served(p, 'r1', a, 2); // a retry
      await served(p, 'r3', a, 1, '2026-12');
      expect(await volunteers.monthly(street, '2026-11', '2026-12')).toEqual([
        { month: '2026-11', registered: 0, active: 2, services: 3, hours: 4.5 },
        { month: '2026-12', registered: 0, active: 1, services: 1, hours: 1 },
      ]);
      expect(await volunteers.monthly(a, '2026-11', '2026-11')).toEqual([
        { month: '2026-11', registered: 0, active: 1, services: 1, hours: 2 },
      ]);
      expect(await volunteers.monthly(b, '2026-11', '2026-11')).toEqual([
        { month: '2026-11', registered: 0, active: 2, services: 2, hours: 2.5 },
      ]);
    });

    it('takes a service back once (a complaint upheld), and a count after it, or after taking back one never counted, counts nothing', async () => {
      const { volunteers } = subjects();
      const street = `370912${String(Math.floor(Math.random() * 900) + 100)}`;
      const [a, b] = [`${street}001`, `${street}002`];
      const [p, q] = [unique('p'), unique('q')];
      const served = (volunteerId: string, requestId: string, areaId: string, hours: number) =>
        volunteers.countService({ volunteerId, requestId, areaId, month: '2026-11', hours });
      await served(p, 'r1', a, 2);
      await served(p, 'r2', a, 1.5);
      await Promise.all([volunteers.uncountService(p, 'r1'), volunteers.uncountService(p, 'r1')]);
      await volunteers.uncountService(p, 'r1'); // a repeat
      await served(p, 'r1', a, 2); // a posting's retry after the void
      // Voided before it was counted (a posting that raced the void): counted never, nor active.
      await volunteers.uncountService(q, 'r3');
      await served(q, 'r3', b, 3);
      expect(await volunteers.monthly(street, '2026-11', '2026-11')).toEqual([
        { month: '2026-11', registered: 0, active: 1, services: 1, hours: 1.5 },
      ]);
      expect(await volunteers.monthly(a, '2026-11', '2026-11')).toEqual([
        { month: '2026-11', registered: 0, active: 1, services: 1, hours: 1.5 },
      ]);
      expect(await volunteers.monthly(b, '2026-11', '2026-11')).toEqual([]);
    });

    it('follows an hours correction: the difference once, the service out at zero and back above it; a stale or retried count changes nothing', async () => {
      const { volunteers } = subjects();
      const street = `370913${String(Math.floor(Math.random() * 900) + 100)}`;
      const [a, b] = [`${street}001`, `${street}002`];
      const [p, q, r] = [unique('p'), unique('q'), unique('r')];
      const served = (volunteerId: string, requestId: string, areaId: string, hours: number, version?: number) =>
        volunteers.countService({ volunteerId, requestId, areaId, month: '2026-11', hours, ...(version === undefined ? {} : { version }) });
      const figures = async (areaId: string) =>
        (await volunteers.monthly(areaId, '2026-11', '2026-11')).map(({ active, services, hours }) => ({ active, services, hours }));
      await served(p, 'r1', a, 2); // posted
      await served(q, 'r1', b, 1);
      await Promise.all([served(p, 'r1', a, 4, 1), served(p, 'r1', a, 4, 1)]); // corrected 2 h → 4 h, and its twin
      await served(p, 'r1', a, 4, 1); // a retry
      await served(p, 'r1', a, 2); // the posting's retry: an older version
      expect(await figures(street)).toEqual([{ active: 2, services: 2, hours: 5 }]);
      expect(await figures(a)).toEqual([{ active: 1, services: 1, hours: 4 }]);

      // Taken off the record (0 h): no service and no hours, the person still active that month.
      await served(p, 'r1', a, 0, 2);
      await served(p, 'r1', a, 4, 1); // the stale correction's count, late
      expect(await figures(street)).toEqual([{ active: 2, services: 1, hours: 1 }]);
      expect(await figures(a)).toEqual([{ active: 1, services: 0, hours: 0 }]);
      // Put back on it: counted again, once.
      await served(p, 'r1', a, 1.5, 3);
      await served(p, 'r1', a, 1.5, 3);
      expect(await figures(a)).toEqual([{ active: 1, services: 1, hours: 1.5 }]);

      // A complaint upheld after corrections takes back what stands; one corrected to zero takes nothing.
      await served(q, 'r1', b, 0, 1);
      await volunteers.uncountService(p, 'r1');
      await volunteers.uncountService(q, 'r1');
      await served(p, 'r1', a, 3, 4); // a correction's count after the void
      expect(await figures(street)).toEqual([{ active: 2, services: 0, hours: 0 }]);

      // Corrected to zero before it was ever counted (a crash after the posting): counted nowhere, nor
      // active; then the posting's retry, an older version, counts nothing either.
      await served(r, 'r2', b, 0, 1);
      await served(r, 'r2', b, 2);
      expect(await figures(b)).toEqual([{ active: 1, services: 0, hours: 0 }]);
      await served(r, 'r2', b, 1, 2);
      expect(await figures(b)).toEqual([{ active: 2, services: 1, hours: 1 }]);
    });

    it('keeps a later correction that restored the counted hours: an earlier one arriving after it changes nothing', async () => {
      const { volunteers } = subjects();
      const street = `370914${String(Math.floor(Math.random() * 900) + 100)}`;
      const base = { volunteerId: unique('p'), requestId: 'r1', areaId: `${street}001`, month: '2026-11' };
      await volunteers.countService({ ...base, hours: 2 }); // posted
      // Corrected 2 h → 5 h (version 1), stalling before its count; then 5 h → 2 h (version 2), counted.
      await volunteers.countService({ ...base, hours: 2, version: 2 });
      await volunteers.countService({ ...base, hours: 5, version: 1 }); // the first correction's count, late
      const figures = await volunteers.monthly(street, '2026-11', '2026-11');
      expect(figures.map(({ services, hours }) => ({ services, hours }))).toEqual([{ services: 1, hours: 2 }]);
    });

    it('changes a phone: the new one theirs, the old one free, one more session version; another’s phone or an old `from` changes nothing', async () => {
      const { volunteers } = subjects();
      const [someone, other] = [person(), person()];
      await volunteers.register(someone);
      await volunteers.register(other);
      const next = phone();
      expect(await volunteers.changePhone(someone.id, someone.phone, next)).toBe('changed');
      const changed = { ...someone, phone: next, sessionVersion: 1 };
      expect(await volunteers.get(someone.id)).toEqual(changed);
      expect(await volunteers.findByPhone(next)).toEqual(changed);
      expect(await volunteers.findByPhone(someone.phone)).toBeUndefined();
      // The old phone is free: a new holder of the number registers with it.
      expect(await volunteers.register(person({ phone: someone.phone }))).toBe('registered');
      // Again from the phone it had: it is not theirs now, nothing is written.
      expect(await volunteers.changePhone(someone.id, someone.phone, phone())).toBe('stale');
      expect(await volunteers.changePhone(someone.id, next, next)).toBe('unchanged');
      expect(await volunteers.changePhone(someone.id, next, other.phone)).toBe('phone-taken');
      expect(await volunteers.get(someone.id)).toEqual(changed);
      expect(await volunteers.findByPhone(other.phone)).toEqual(other);
      expect(await volunteers.changePhone(unique('v'), phone(), phone())).toBe('stale');
    });

    it('of two changes of one phone at once, one is made and the other finds it changed: one phone item, never two or none', async () => {
      const { volunteers } = subjects();
      const someone = person();
      await volunteers.register(someone);
      const [p2, p3] = [phone(), phone()];
      const outcomes = await Promise.all([
        volunteers.changePhone(someone.id, someone.phone, p2),
        volunteers.changePhone(someone.id, someone.phone, p3),
      ]);
      expect([...outcomes].sort()).toEqual(['changed', 'stale']);
      const won = outcomes[0] === 'changed' ? p2 : p3;
      const lost = won === p2 ? p3 : p2;
      expect(await volunteers.get(someone.id)).toEqual({ ...someone, phone: won, sessionVersion: 1 });
      expect((await volunteers.findByPhone(won))?.id).toBe(someone.id);
      expect(await volunteers.findByPhone(lost)).toBeUndefined();
      expect(await volunteers.findByPhone(someone.phone)).toBeUndefined();
      // The loser's phone was never held: anyone may register it.
      expect(await volunteers.register(person({ phone: lost }))).toBe('registered');

      // Two people taking one new phone at once: one has it, the other keeps their own.
      const [a, b] = [person(), person()];
      await volunteers.register(a);
      await volunteers.register(b);
      const wanted = phone();
      const race = await Promise.all([volunteers.changePhone(a.id, a.phone, wanted), volunteers.changePhone(b.id, b.phone, wanted)]);
      expect([...race].sort()).toEqual(['changed', 'phone-taken']);
      const [holder, kept] = race[0] === 'changed' ? [a, b] : [b, a];
      expect((await volunteers.findByPhone(wanted))?.id).toBe(holder.id);
      expect(await volunteers.findByPhone(holder.phone)).toBeUndefined();
      expect(await volunteers.findByPhone(kept.phone)).toEqual(kept);
    });

    it('moves a home community once, with its record; a stale or racing move writes nothing; registrations stay counted where they were', async () => {
      const { volunteers } = subjects();
      const street = `370902${String(Math.floor(Math.random() * 900) + 100)}`;
      const [a, b, c] = [`${street}001`, `${street}002`, `${street}003`];
      const someone = person({ homeAreaId: a, registeredAt: '2026-12-01T01:00:00.000Z' });
      await volunteers.register(someone);
      const move = (from: string, to: string, at = '2026-12-06T01:00:00.000Z') => ({
        volunteerId: someone.id,
        from,
        to,
        at,
        by: 's-1',
        detail: 'x: moved',
      });
      expect(await volunteers.moveHome(move(a, b))).toBe('moved');
      expect(await volunteers.get(someone.id)).toEqual({ ...someone, homeAreaId: b });
      // The registration stays counted in the month and community it was made in.
      const registered = (area: string) => volunteers.monthly(area, '2026-12', '2026-12').then((m) => m[0]?.registered ?? 0);
      expect([await registered(a), await registered(b), await registered(street)]).toEqual([1, 0, 1]);
      // From the home it had: it is not there now, nothing is written; nor for nobody.
      expect(await volunteers.moveHome(move(a, c))).toBe('stale');
      expect(await volunteers.moveHome({ ...move(a, b), volunteerId: unique('v') })).toBe('stale');
      expect(await volunteers.movesOf(someone.id)).toEqual([move(a, b)]);
      // Two moves at once from the same home: one is made, the other finds it moved.
      const later = '2026-12-07T01:00:00.000Z';
      const race = await Promise.all([volunteers.moveHome(move(b, a, later)), volunteers.moveHome(move(b, c, later))]);
      expect([...race].sort()).toEqual(['moved', 'stale']);
      const won = race[0] === 'moved' ? a : c;
      expect((await volunteers.get(someone.id))?.homeAreaId).toBe(won);
      expect(await volunteers.movesOf(someone.id)).toEqual([move(a, b), move(b, won, later)]);
    });

    it('keeps memberships both ways, the first date when added again, and removes them', async () => {
      const { volunteers } = subjects();
      const someone = person();
      await volunteers.register(someone);
      const [teamA, teamB] = [unique('team-a-'), unique('team-b-')];
      await volunteers.addMember({ teamId: teamA, volunteerId: someone.id, since: '2026-12-01T00:00:00.000Z' });
      await volunteers.addMember({ teamId: teamB, volunteerId: someone.id, since: '2026-12-02T00:00:00.000Z' });
      await volunteers.addMember({ teamId: teamA, volunteerId: someone.id, since: '2026-12-03T00:00:00.000Z' });
      expect(await volunteers.members(teamA)).toEqual([{ teamId: teamA, volunteerId: someone.id, since: '2026-12-01T00:00:00.000Z' }]);
      expect((await volunteers.teamsOf(someone.id)).map((m) => m.teamId).sort()).toEqual([teamA, teamB].sort());
      expect(await volunteers.removeMember(teamA, someone.id)).toBe(true);
      expect(await volunteers.removeMember(teamA, someone.id)).toBe(false);
      expect(await volunteers.members(teamA)).toEqual([]);
      expect((await volunteers.teamsOf(someone.id)).map((m) => m.teamId)).toEqual([teamB]);
    });
  });
}
