import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '#shared/domain/errors';
import { issueTeamToken } from '#shared/domain/team-token';
import { personKey } from '#shared/domain/volunteer';
import { postCredits } from '#shared/use-cases/post-credits';
import { redeemPoints, voidRequestCredits } from '#shared/use-cases/volunteer-credits';
import { call, postJson, validSubmission } from '../support/http';
import { requestFixture, teamFixture } from '../support/fixtures';
import { eventually, useLocalStack } from '../support/local-stack';
import { acceptedAgo } from '../support/visit-time';

const local = useLocalStack();
const json = { 'content-type': 'application/json' };
const clock = { now: () => new Date() };
const counter = { by: { id: 'c1', name: 'center-admin@paidan.local' }, stationAreaId: '370902003009' };

describe('volunteer credit (积分) on DynamoDB Local', () => {
  it('runs the whole loop: submit, offer, accept, complete with hours, rate, points on the ledger', async () => {
    const { url, adapters } = local();
    await adapters.teams.register(teamFixture('loop-team', { capacity: 5 }), ['appliance-repair']);
    const issued = issueTeamToken('loop-team');
    await adapters.teams.setTokenHash('loop-team', issued.hash);
    const team = { authorization: `Bearer ${issued.token}` };

    const created = (await postJson(`${url}/requests`, validSubmission())).json();
    await eventually(async () => (await adapters.requests.get(created.id))?.status === 'OFFERED');
    expect((await call(`${url}/offers/${created.id}/accept`, { method: 'POST', headers: team })).status).toBe(200);
    await acceptedAgo(local(), created.id);
    const hours = {
      hours: [
        { volunteer: '小李', minutes: 130 },
        { volunteer: '老张', minutes: 50 },
      ],
    };
    expect(
      (await call(`${url}/requests/${created.id}/complete`, { method: 'POST', headers: { ...team, ...json }, body: JSON.stringify(hours) }))
        .status,
    ).toBe(200);
    const rated = await call(`${url}/requests/${created.id}/rating`, {
      method: 'POST',
      headers: { 'x-access-token': created.accessToken, ...json },
      body: '{"stars":5}',
    });
    expect(rated.json()).toEqual({ id: created.id, status: 'CLOSED' });

    const li = await call(`${url}/volunteers/${encodeURIComponent('loop-team:小李')}/credits`, { headers: team });
    expect(li.json()).toMatchObject({
      hours: 2,
      pointsEarned: 0.5,
      pointsSpent: 0,
      balance: 0.5,
      history: [{ kind: 'earn', hours: 2, points: 0.5, requestId: created.id }],
    });
    expect((await call(`${url}/volunteers/${encodeURIComponent('loop-team:老张')}/credits`, { headers: team })).json().hours).toBe(1);
    expect((await call(`${url}/volunteers/${encodeURIComponent('other-team:小李')}/credits`, { headers: team })).status).toBe(404);
    expect((await call(`${url}/volunteers/${encodeURIComponent('loop-team:小李')}/credits`)).status).toBe(401);
    expect((await adapters.requests.get(created.id))!.creditsPending).toBeUndefined();
  });

  it('posts a request’s credit once, however often it is posted', async () => {
    const { credits } = local().adapters;
    const entry = {
      volunteerKey: 'once:a',
      requestId: 'r-once',
      teamId: 'once',
      minutes: 240,
      hours: 4,
      points: 1,
      at: new Date().toISOString(),
    };
    const outcomes = await Promise.all([1, 2, 3, 4, 5].map(() => credits.post(entry)));
    expect(outcomes.filter((o) => o === 'posted')).toHaveLength(1);
    expect(await credits.balance('once:a')).toMatchObject({ hours: 4, pointsEarned: 1, balance: 1 });
  });

  it('never overdraws a balance under thirty concurrent redemptions, and gives each a unique pickup code', async () => {
    const { credits } = local().adapters;
    for (let i = 0; i < 10; i++) {
      await credits.post({
        volunteerKey: 'rich:b',
        requestId: `r-${i}`,
        teamId: 'rich',
        minutes: 240,
        hours: 4,
        points: 1,
        at: new Date().toISOString(),
      });
    }
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () =>
        redeemPoints({ credits, clock }, { volunteerKey: 'rich:b', points: 1, item: '大米一袋', ...counter }),
      ),
    );
    const ok = results.filter((r): r is PromiseFulfilledResult<{ pickupCode: string; at: string }> => r.status === 'fulfilled');
    expect(ok).toHaveLength(10);
    expect(new Set(ok.map((r) => r.value.pickupCode)).size).toBe(10);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof ConflictError)).toBe(
      true,
    );
    expect(await credits.balance('rich:b')).toMatchObject({ pointsEarned: 10, pointsSpent: 10, balance: 0 });
    expect((await credits.history('rich:b')).filter((l) => l.kind === 'spend')).toHaveLength(10);
    for (const r of ok) expect(await credits.findRedemption(r.value.pickupCode)).toMatchObject({ volunteerKey: 'rich:b', points: 1 });
  });

  it('keeps pickup codes unique across volunteers: a taken code is drawn again, and nothing of the failed try is written', async () => {
    const { credits } = local().adapters;
    const at = new Date().toISOString();
    await credits.post({ volunteerKey: 'codes:a', requestId: 'r-a', teamId: 'codes', minutes: 480, hours: 8, points: 2, at });
    await credits.post({ volunteerKey: 'codes:b', requestId: 'r-b', teamId: 'codes', minutes: 480, hours: 8, points: 2, at });
    const first = await redeemPoints(
      { credits, clock, newPickupCode: () => 'SAME2345' },
      { volunteerKey: 'codes:a', points: 1, item: '毛巾', ...counter },
    );
    const draws = ['SAME2345', 'NEXT6789'];
    const second = await redeemPoints(
      { credits, clock, newPickupCode: () => draws.shift()! },
      { volunteerKey: 'codes:b', points: 2, item: '大米一袋', ...counter },
    );
    expect([first.pickupCode, second.pickupCode]).toEqual(['SAME2345', 'NEXT6789']);
    expect(await credits.findRedemption('SAME2345')).toMatchObject({ volunteerKey: 'codes:a', points: 1, item: '毛巾' });
    expect(await credits.findRedemption('NEXT6789')).toMatchObject({
      volunteerKey: 'codes:b',
      points: 2,
      item: '大米一袋',
      by: counter.by,
    });
    expect(await credits.balance('codes:b')).toMatchObject({ pointsSpent: 2, balance: 0 });
    expect((await credits.history('codes:b')).filter((l) => l.kind === 'spend').map((l) => l.pickupCode)).toEqual(['NEXT6789']);
  });

  it('voids what a request earned once a complaint is upheld, once, even after the points were spent', async () => {
    const { adapters } = local();
    const deps = { ...adapters, clock };
    const at = new Date().toISOString();
    const request = requestFixture({
      status: 'CLOSED',
      assignedTeam: { id: 'void-team', name: '队' },
      completion: { completedAt: at, hours: [{ volunteer: '甲', minutes: 240 }] },
      creditsPending: true,
    });
    await adapters.requests.create({ request, events: [], outbox: [] });
    expect(await postCredits(deps, request)).toBe(1);
    await redeemPoints(deps, { volunteerKey: 'void-team:甲', points: 1, item: '毛巾', ...counter });

    await expect(voidRequestCredits(deps, request.id, '  ')).rejects.toBeInstanceOf(ValidationError);
    expect(await voidRequestCredits(deps, request.id, '居民投诉属实')).toEqual({ voided: 1 });
    expect(await voidRequestCredits(deps, request.id, '居民投诉属实')).toEqual({ voided: 0 });
    expect(await adapters.credits.balance('void-team:甲')).toMatchObject({ hours: 0, pointsEarned: 0, pointsSpent: 1, balance: -1 });
    expect((await adapters.credits.history('void-team:甲')).map((l) => l.kind).sort()).toEqual(['earn', 'spend', 'void']);
    await expect(redeemPoints(deps, { volunteerKey: 'void-team:甲', points: 1, item: '毛巾', ...counter })).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it('voids a complaint’s credits wherever they went: merged into a person, a volunteer’s own wish, or not yet posted', async () => {
    const { adapters } = local();
    const deps = { ...adapters, clock };
    const at = new Date().toISOString();
    const closed = (overrides: Parameters<typeof requestFixture>[0]) =>
      requestFixture({ status: 'CLOSED', creditsPending: true, ...overrides });

    // A guest's line, merged into the person it turned out to be.
    const guest = closed({
      assignedTeam: { id: 'merge-team', name: '队' },
      completion: { completedAt: at, hours: [{ volunteer: '乙', minutes: 240 }] },
    });
    await adapters.requests.create({ request: guest, events: [], outbox: [] });
    expect(await postCredits(deps, guest)).toBe(1);
    await adapters.credits.merge('merge-team:乙', personKey('p-merged'), at);
    expect(await voidRequestCredits(deps, guest.id, '投诉属实')).toEqual({ voided: 1 });
    expect(await adapters.credits.balance(personKey('p-merged'))).toMatchObject({ hours: 0, pointsEarned: 0 });

    // A wish the volunteer claimed and fulfilled alone: no team.
    const wish = closed({ completion: { completedAt: at, hours: [{ volunteer: '丙', volunteerId: 'p-wish', minutes: 480 }] } });
    await adapters.requests.create({ request: wish, events: [], outbox: [] });
    expect(await postCredits(deps, wish)).toBe(1);
    expect(await voidRequestCredits(deps, wish.id, '投诉属实')).toEqual({ voided: 1 });
    expect(await adapters.credits.balance(personKey('p-wish'))).toMatchObject({ hours: 0, pointsEarned: 0 });

    // Upheld before the credits were posted: they never are.
    const pending = closed({
      assignedTeam: { id: 'pending-team', name: '队' },
      completion: { completedAt: at, hours: [{ volunteer: '丁', minutes: 240 }] },
    });
    await adapters.requests.create({ request: pending, events: [], outbox: [] });
    expect(await voidRequestCredits(deps, pending.id, '投诉属实')).toEqual({ voided: 0, withheld: true });
    expect(await postCredits(deps, (await adapters.requests.get(pending.id))!)).toBe(0);
    expect(await adapters.credits.balance('pending-team:丁')).toMatchObject({ hours: 0, pointsEarned: 0 });
    expect((await adapters.requests.get(pending.id))!.dueAt).toBeUndefined();
  });
});
