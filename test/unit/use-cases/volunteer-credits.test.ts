import { beforeEach, describe, expect, it } from 'vitest';
import { InvalidCreditRulesError, type CreditRules } from '#shared/domain/credit';
import { ConflictError, NotFoundError, ValidationError } from '#shared/domain/errors';
import type { ServiceRequest } from '#shared/domain/service-request';
import type { Staff } from '#shared/domain/staff';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import type { Redemption } from '#shared/ports/credit-ledger';
import { redemptionByPickupCode } from '#shared/use-cases/admin-credits';
import { redeemPoints, volunteerCredits, voidRequestCredits } from '#shared/use-cases/volunteer-credits';
import { personKey } from '#shared/domain/volunteer';
import { INVALID_RULES_RETRY_MINUTES, postCredits } from '#shared/use-cases/post-credits';
import { sweepDue } from '#shared/use-cases/sweep-due';
import { KEDA, reopenedFixture, requestFixture } from '../../support/fixtures';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { refusal, rejection } from '../../support/rejection';

const MINUTE = 60_000;
let mem: MemoryDeps;
let store: MemoryDeps['requests'];
let now: Date;
const deps = () => mem;

function closedPending(volunteer: string, minutes = 240): ServiceRequest {
  const at = now.toISOString();
  const request = requestFixture({
    status: 'CLOSED',
    assignedTeam: { id: 'keda-team', name: '科大队' },
    completion: { completedAt: at, hours: [{ volunteer, minutes }] },
    creditsPending: true,
    dueAt: at,
  });
  store.put(request);
  return request;
}

const brokenRules = async (): Promise<CreditRules> => {
  throw new InvalidCreditRulesError([{ field: 'hoursPerPoint', message: 'At least 0.25 (a point per quarter hour)' }]);
};

beforeEach(() => {
  mem = memoryDeps({ clock: { now: () => now }, services: demoServices, areas: demoAreas });
  store = mem.requests;
  now = new Date('2026-11-29T08:00:00.000Z');
});

describe("posting credits by the rules of the request's area", () => {
  it("credits 堰北社区's 4 hours a point where the city credits a point an hour, at most 2 hours an activity", async () => {
    const at = { expectedVersion: 0, at: now.toISOString(), by: 'taian-center' };
    await mem.credits.saveRules({ hoursPerPoint: 1, maxHoursPerActivity: 2 }, at, '3709');
    await mem.credits.saveRules({ hoursPerPoint: 4, maxHoursPerActivity: 8 }, at, '370911001005');
    const yanbei = { ...closedPending('堰北的老王'), areaId: '370911001005' };
    const keda = { ...closedPending('科大的小张'), areaId: '370902003009' };
    store.put(yanbei);
    store.put(keda);
    expect(await postCredits(deps(), yanbei)).toBe(1);
    expect(await postCredits(deps(), keda)).toBe(1);
    const earned = [...mem.credits.earned.values()];
    expect(earned.find((e) => e.requestId === yanbei.id)).toMatchObject({ hours: 4, points: 1 });
    expect(earned.find((e) => e.requestId === keda.id)).toMatchObject({ hours: 2, points: 2 });
  });
});

describe('points of short services', () => {
  it('add up to whole points: eight half-hour services at 4 hours a point are 1 point, which buys an item worth 1', async () => {
    for (let i = 0; i < 8; i++) expect(await postCredits(deps(), closedPending('小赵', 30))).toBe(1);
    expect(await mem.credits.balance('keda-team:小赵')).toMatchObject({ hours: 4, pointsEarned: 1, balance: 1 });
    await redeemPoints(deps(), {
      volunteerKey: 'keda-team:小赵',
      points: 1,
      item: '毛巾',
      by: { id: 's', name: 's' },
      stationAreaId: KEDA,
    });
    expect((await mem.credits.balance('keda-team:小赵')).balance).toBe(0);
  });
});

describe('posting the credits of a reopened request', () => {
  it('counts a person’s service in the volunteer statistics in the month of their own visit', async () => {
    const team = { id: 'keda-team', name: '科大队' };
    const request = reopenedFixture(
      { volunteerId: 'p1', team, completedAt: '2026-10-30T02:00:00.000Z' },
      { team, completedAt: '2026-11-03T02:00:00.000Z' },
      { creditsPending: true, dueAt: now.toISOString() },
    );
    store.put(request);
    expect(await postCredits(deps(), request)).toBe(2);
    expect(await mem.volunteers.monthly(KEDA, '2026-10', '2026-11')).toEqual([
      { month: '2026-10', registered: 0, active: 1, services: 1, hours: 2 },
    ]);
  });
});

describe('posting credits while the stored rules do not validate', () => {
  it('credits nothing, keeps the credit pending and looks again later', async () => {
    mem.credits.rules = brokenRules;
    const request = closedPending('小李');
    expect(await postCredits(deps(), request)).toBe(0);
    expect(mem.credits.earned.size).toBe(0);
    expect(store.requests.get(request.id)).toMatchObject({
      creditsPending: true,
      dueAt: new Date(now.getTime() + INVALID_RULES_RETRY_MINUTES * MINUTE).toISOString(),
    });
  });

  it('does not stop the sweep at the first such request; once fixed, each is posted with the rules then in force', async () => {
    mem.credits.rules = brokenRules;
    const first = closedPending('甲');
    const second = closedPending('乙');
    expect((await sweepDue(deps())).credited).toBe(0);
    expect([first, second].map((r) => store.requests.get(r.id)!.dueAt! > now.toISOString())).toEqual([true, true]);

    mem.credits.rules = async () => ({ hoursPerPoint: 1, maxHoursPerActivity: 8 });
    now = new Date(now.getTime() + (INVALID_RULES_RETRY_MINUTES + 1) * MINUTE);
    expect((await sweepDue(deps())).credited).toBe(2);
    expect(await mem.credits.balance('keda-team:甲')).toMatchObject({ hours: 4, balance: 4 });
    expect(store.requests.get(second.id)!.creditsPending).toBeUndefined();
  });

  it('lets any other failure through, so it is retried and seen', async () => {
    mem.credits.rules = async () => {
      throw new Error('throttled');
    };
    await expect(postCredits(deps(), closedPending('丙'))).rejects.toThrow('throttled');
  });
});

describe('a redemption looked up by its pickup code', () => {
  const center: Staff = { id: 'c1', name: 'center-admin@paidan.local', role: 'center' };
  const station: Staff = { id: 's1', name: 'keda-station@paidan.local', role: 'station', areaId: KEDA };
  const found: Redemption = {
    volunteerKey: 'far-team:小周',
    points: 2,
    item: '大米一袋',
    pickupCode: 'ABCD2345',
    at: '2026-11-29T08:00:00.000Z',
    by: { id: 'c1', name: 'center-admin@paidan.local' },
    stationAreaId: '370911001005',
  };
  const credits = { findRedemption: async (code: string) => (code === found.pickupCode ? found : undefined) } as never;

  it('says what, for whom, when and by whom; read as typed at the counter', async () => {
    expect(await redemptionByPickupCode({ credits }, center, 'abcd-2345')).toEqual({
      pickupCode: 'ABCD2345',
      volunteer: 'far-team:小周',
      points: 2,
      item: '大米一袋',
      at: '2026-11-29T08:00:00.000Z',
      by: 'center-admin@paidan.local',
    });
  });

  it('is 404 for an unknown code and for station staff outside the team’s area, 400 for what cannot be a code', async () => {
    await expect(redemptionByPickupCode({ credits }, center, 'ZZZZ2345')).rejects.toBeInstanceOf(NotFoundError);
    await expect(redemptionByPickupCode({ credits }, station, 'ABCD2345')).rejects.toBeInstanceOf(NotFoundError);
    const bad = await refusal(redemptionByPickupCode({ credits }, center, 'ABC'));
    expect(bad).toBeInstanceOf(ValidationError);
    expect(bad.issues.map((i) => i.field)).toEqual(['code']);
  });
});

describe('a complaint upheld while the sweep holds an older copy of the request', () => {
  it('posts nothing from that copy, and the copy cannot put the withheld credits back', async () => {
    const stale = closedPending('小李');
    expect(await voidRequestCredits(deps(), stale.id, '投诉属实')).toEqual({ voided: 0, withheld: true });
    expect(await postCredits(deps(), stale)).toBe(0);
    // What the sweep writes when its step on that copy failed: filed again for later.
    expect(await store.update(stale, { ...stale, dueAt: new Date(now.getTime() + 5 * MINUTE).toISOString() })).toBe(false);
    now = new Date(now.getTime() + 10 * MINUTE);
    expect((await sweepDue(deps())).credited).toBe(0);
    expect(mem.credits.earned.size).toBe(0);
    expect(store.requests.get(stale.id)!.creditsPending).toBeUndefined();
  });

  // The complaint is upheld the moment the sweep starts posting: it withholds, and finds nothing posted yet.
  const upheldAtPosting = (request: ServiceRequest, credits = mem.credits) => {
    let upheld: Promise<unknown> | undefined;
    const post: typeof credits.post = async (entry) => {
      upheld ??= voidRequestCredits(deps(), request.id, '投诉属实：未上门');
      expect(await upheld).toEqual({ voided: 0, withheld: true });
      return credits.post(entry);
    };
    return Object.assign(Object.create(credits), { post }) as typeof credits;
  };

  it('posts nothing when the complaint lands between the sweep’s read of the credits pending and its posting', async () => {
    const request = closedPending('小李');
    expect(await postCredits({ ...mem, credits: upheldAtPosting(request) }, request)).toBe(0);
    expect(await mem.credits.balance('keda-team:小李')).toMatchObject({ hours: 0, pointsEarned: 0, balance: 0 });
    expect(mem.credits.earned.size).toBe(0);
  });

  it('posts nothing then either when the sweep dies before it settles the request: no later sweep credits it', async () => {
    const request = closedPending('小李');
    const dead = Object.assign(Object.create(store), {
      update: async () => {
        throw new Error('the sweep’s Lambda died');
      },
    }) as typeof store;
    await expect(postCredits({ ...mem, requests: dead, credits: upheldAtPosting(request) }, request)).rejects.toThrow('died');
    for (const days of [1, 8]) {
      now = new Date(now.getTime() + days * 24 * 60 * MINUTE);
      await sweepDue(deps());
    }
    expect(await mem.credits.balance('keda-team:小李')).toMatchObject({ hours: 0, pointsEarned: 0, balance: 0 });
    expect(await mem.credits.earnedFor('keda-team:小李', request.id)).toBeUndefined();
  });

  it('leaves nothing standing when the guest is merged into a person while the sweep would void what it posted', async () => {
    const request = closedPending('小李');
    const credits = upheldAtPosting(request);
    // Between a void's read of the guest's line and its write.
    const merging = Object.assign(Object.create(credits), {
      void: async (...args: Parameters<typeof credits.void>) => {
        await mem.credits.merge('keda-team:小李', personKey('p1'), now.toISOString());
        return credits.void(...args);
      },
    }) as typeof credits;
    expect(await postCredits({ ...mem, credits: merging }, request)).toBe(0);
    for (const key of ['keda-team:小李', personKey('p1')])
      expect(await mem.credits.balance(key)).toMatchObject({ hours: 0, pointsEarned: 0, balance: 0 });
  });

  it('is refused before the request closes, when its credits are not posted yet', async () => {
    const completed = requestFixture({
      status: 'COMPLETED',
      assignedTeam: { id: 'keda-team', name: '科大队' },
      completion: { completedAt: now.toISOString(), hours: [{ volunteer: '小李', minutes: 240 }] },
    });
    store.put(completed);
    expect(await rejection(voidRequestCredits(deps(), completed.id, '投诉属实'))).toBeInstanceOf(ConflictError);
  });
});

describe('a redemption sent again with its Idempotency-Key', () => {
  it('gets the code already issued, also after the guest’s ledger was merged into a person’s; another redemption is refused', async () => {
    const at = now.toISOString();
    await mem.credits.post({ volunteerKey: 'keda-team:小李', requestId: 'r1', teamId: 'keda-team', minutes: 480, hours: 8, points: 2, at });
    const by = { id: 's', name: 's' };
    const input = { volunteerKey: 'keda-team:小李', points: 1, item: '毛巾', by, stationAreaId: KEDA, idempotencyKey: 'counter-7f3a9c21' };
    const first = await redeemPoints(mem, input);
    await mem.credits.merge('keda-team:小李', personKey('p1'), at);
    expect(await redeemPoints(mem, input)).toEqual(first);
    expect(await mem.credits.balance(personKey('p1'))).toMatchObject({ pointsSpent: 1, balance: 1 });
    expect(await rejection(redeemPoints(mem, { ...input, volunteerKey: personKey('p1') }))).toBeInstanceOf(ConflictError);
  });
});

describe('a team reading a ledger', () => {
  it('sees a registered member’s redemptions in the totals only (neither item nor pickup code, which are theirs alone); a guest’s in full', async () => {
    const at = now.toISOString();
    await mem.volunteers.addMember({ teamId: 'keda-team', volunteerId: 'p1', since: at });
    for (const key of [personKey('p1'), 'keda-team:小李']) {
      await mem.credits.post({ volunteerKey: key, requestId: `r-${key}`, teamId: 'keda-team', minutes: 480, hours: 8, points: 2, at });
      await mem.credits.redeem({
        volunteerKey: key,
        points: 1,
        item: '毛巾',
        pickupCode: key === 'keda-team:小李' ? 'GUEST234' : 'PERSON23',
        at,
        by: { id: 's', name: 's' },
        stationAreaId: KEDA,
      });
    }
    const member = await volunteerCredits(mem, 'keda-team', personKey('p1'));
    expect(member).toEqual({ volunteerKey: personKey('p1'), hours: 8, pointsEarned: 2, hoursAllTeams: 8, history: [expect.anything()] });
    expect(member.history.some((l) => l.kind === 'spend')).toBe(false);
    expect(JSON.stringify(member)).not.toContain('PERSON23');
    expect(JSON.stringify(member)).not.toContain('毛巾');
    const guest = await volunteerCredits(mem, 'keda-team', 'keda-team:小李');
    expect(guest.history.find((l) => l.kind === 'spend')).toMatchObject({ pickupCode: 'GUEST234' });
  });
});

describe('a team reading a member’s ledger', () => {
  it('sees only its own lines and what they add up to, and the person’s hours in all: not another team’s orders, voids and their reasons', async () => {
    const at = now.toISOString();
    const key = personKey('p1');
    await mem.volunteers.addMember({ teamId: 'keda-team', volunteerId: 'p1', since: at });
    await mem.volunteers.addMember({ teamId: 'other-team', volunteerId: 'p1', since: at });
    const earn = (requestId: string, teamId: string) => ({ volunteerKey: key, requestId, teamId, minutes: 240, hours: 4, points: 1, at });
    await mem.credits.post(earn('r-ours', 'keda-team'));
    await mem.credits.post(earn('r-theirs', 'other-team'));
    await mem.credits.post(earn('r-theirs-voided', 'other-team'));
    await mem.credits.void((await mem.credits.earnedFor(key, 'r-theirs-voided'))!, '居民投诉：队员态度恶劣', at);
    await mem.credits.adjust({
      volunteerKey: key,
      requestId: 'r-ours',
      teamId: 'keda-team',
      seq: 1,
      minutes: 60,
      hours: 1,
      points: 0.25,
      at,
      reason: '实际服务 5 小时',
      by: 's',
    });

    const seen = await volunteerCredits(mem, 'keda-team', key);
    // The person holds 9 hours and 2.25 points in all; 5 hours and 1.25 points of them with this team.
    expect(await mem.credits.balance(key)).toMatchObject({ hours: 9, balance: 2.25 });
    expect(seen).toMatchObject({ hours: 5, pointsEarned: 1.25, hoursAllTeams: 9 });
    expect(seen).not.toHaveProperty('balance');
    expect(seen).not.toHaveProperty('pointsSpent');
    expect(seen.history.map((l) => [l.kind, l.requestId, l.teamId])).toEqual([
      ['earn', 'r-ours', 'keda-team'],
      ['adjust', 'r-ours', 'keda-team'],
    ]);
    expect(seen.history.find((l) => l.kind === 'adjust')?.reason).toBe('实际服务 5 小时');
    expect(JSON.stringify(seen)).not.toContain('r-theirs');
    expect(JSON.stringify(seen)).not.toContain('态度');
    const theirs = await volunteerCredits(mem, 'other-team', key);
    expect(theirs.history.map((l) => [l.kind, l.requestId])).toEqual([
      ['earn', 'r-theirs'],
      ['earn', 'r-theirs-voided'],
      ['void', 'r-theirs-voided'],
    ]);
    // The void takes its request's hours back: 4 hours and a point stand with the other team.
    expect(theirs).toMatchObject({ hours: 4, pointsEarned: 1, hoursAllTeams: 9 });
  });

  it('never shows what the person spent or holds, though their redemptions were made from points earned with it', async () => {
    const at = now.toISOString();
    const key = personKey('p1');
    await mem.volunteers.addMember({ teamId: 'keda-team', volunteerId: 'p1', since: at });
    await mem.credits.post({ volunteerKey: key, requestId: 'r1', teamId: 'keda-team', minutes: 500, hours: 8.33, points: 2.0825, at });
    await mem.credits.post({ volunteerKey: key, requestId: 'r2', teamId: 'keda-team', minutes: 10, hours: 0.17, points: 0.0425, at });
    const by = { id: 's', name: 's' };
    await mem.credits.redeem({ volunteerKey: key, points: 2, item: '大米', pickupCode: 'PERSON23', at, by, stationAreaId: KEDA });
    const seen = await volunteerCredits(mem, 'keda-team', key);
    expect(seen).toEqual({ volunteerKey: key, hours: 8.5, pointsEarned: 2.125, hoursAllTeams: 8.5, history: expect.any(Array) });
    expect(seen.history.map((l) => l.kind)).toEqual(['earn', 'earn']);
  });

  it('shows a reopened request’s line to the team of the person’s last visit alone, with both visits’ hours', async () => {
    const at = now.toISOString();
    await mem.volunteers.addMember({ teamId: 'keda-team', volunteerId: 'p1', since: at });
    await mem.volunteers.addMember({ teamId: 'other-team', volunteerId: 'p1', since: at });
    const request = reopenedFixture(
      { volunteerId: 'p1', team: { id: 'keda-team', name: '科大队' }, completedAt: '2026-11-20T02:00:00.000Z' },
      { team: { id: 'other-team', name: '他队' }, completedAt: '2026-11-22T02:00:00.000Z' },
      {
        creditsPending: true,
        dueAt: at,
        completion: { completedAt: '2026-11-22T02:00:00.000Z', hours: [{ volunteer: '王小明', volunteerId: 'p1', minutes: 60 }] },
      },
    );
    store.put(request);
    expect(await postCredits(deps(), request)).toBe(1);
    // One line per person and request (`creditsFor`), under the last visit's team: a limit docs/api.md states.
    expect(await volunteerCredits(mem, 'keda-team', personKey('p1'))).toMatchObject({ hours: 0, hoursAllTeams: 3, history: [] });
    expect(await volunteerCredits(mem, 'other-team', personKey('p1'))).toMatchObject({
      hours: 3,
      history: [expect.objectContaining({ requestId: request.id, teamId: 'other-team', hours: 3 })],
    });
  });
});
