/**
 * A request's credits are priced once, by the rules in force when it was completed
 * (shared/domain/credit-rules-of-request.ts): its posting and every hours correction use them,
 * whatever the rules became since (rev58 findings 1 and 3). A request posted before requests kept
 * their rules is corrected by the rules its ledger lines show.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { MemoryDeps } from '#shared/adapters/memory/deps';
import type { CreditRuleOverrides } from '#shared/domain/credit';
import { rateForResident } from '#shared/use-cases/admin-requests';
import { correctClosedHours } from '#shared/use-cases/correct-hours';
import { recordHoursForTeam } from '#shared/use-cases/staff-hours';
import { sweepDue } from '#shared/use-cases/sweep-due';
import { completeRequest } from '#shared/use-cases/team-work';
import { guest, KEDA_STAFF, proxyOrderAcceptedByA, reason, type ServedTeam, servedTeam, WU, wu } from '../../support/served-team';

let world: ServedTeam;
let mem: MemoryDeps;
beforeEach(async () => {
  world = await servedTeam();
  mem = world.mem;
});

/** The deployment's rules changed by a center admin, as PUT /admin/credit-rules does. */
async function changeRules(overrides: CreditRuleOverrides) {
  const { version } = await mem.credits.storedRules();
  await mem.credits.saveRules(overrides, { expectedVersion: version, at: world.now().toISOString(), by: 'admin' });
}

/** 吴 120 → 130 min (still 2 h by the rounding), 老张 sent back as he was, as the console sends every row. */
const tenMoreForWu = {
  hours: [
    { volunteerId: WU, minutes: 130 },
    { volunteer: '老张', minutes: 60 },
  ],
  reason,
};

/** A request closed and posted before requests kept their rules: as stored then, without them. */
function postedBeforeRulesWereKept(id: string) {
  const { creditRules: _kept, ...stored } = mem.requests.requests.get(id)!;
  mem.requests.requests.set(id, stored);
}

describe('a correction after the rules changed', () => {
  it('keeps the credit at the price it was posted at, and answers what the ledger holds', async () => {
    const id = await world.closedRequest();
    // Posted by the defaults: 120 min = 2 h at 4 h a point, 0.5 points.
    expect(await mem.credits.balance(wu)).toMatchObject({ hours: 2, pointsEarned: 0.5 });
    await changeRules({ hoursPerPoint: 1, maxHoursPerActivity: 1 });

    const result = await correctClosedHours(mem, KEDA_STAFF, id, tenMoreForWu);

    expect(await mem.credits.balance(wu)).toMatchObject({ hours: 2, pointsEarned: 0.5 });
    expect(await mem.credits.balance(guest)).toMatchObject({ hours: 1, pointsEarned: 0.25 });
    expect(result.volunteers).toEqual([
      {
        volunteer: '吴志愿',
        volunteerId: WU,
        outcome: 'adjusted',
        from: { minutes: 120, hours: 2, points: 0.5 },
        to: { minutes: 130, hours: 2, points: 0.5 },
      },
      // The unchanged row's `to` is the ledger's figures, not a price under today's rules.
      {
        volunteer: '老张',
        outcome: 'unchanged',
        from: { minutes: 60, hours: 1, points: 0.25 },
        to: { minutes: 60, hours: 1, points: 0.25 },
      },
    ]);
    // The one adjustment: 10 minutes, no hours, no points.
    expect((await mem.credits.creditFor(wu, id))?.entry).toMatchObject({ minutes: 130, hours: 2, points: 0.5, adjustments: 1 });
    // Still no certificate to mark, and the statistics hold the same 2 h.
    expect(result.certificates).toBeUndefined();
  });

  it('prices added hours by the rules the request was completed under', async () => {
    const id = await world.closedRequest();
    await changeRules({ hoursPerPoint: 1, maxHoursPerActivity: 1 });
    await correctClosedHours(mem, KEDA_STAFF, id, { hours: [{ volunteerId: WU, minutes: 240 }], reason });
    // 4 h under the request's rules (4 h a point, at most 8 h): 1 point, not 1 h for 1 point.
    expect(await mem.credits.balance(wu)).toMatchObject({ hours: 4, pointsEarned: 1 });
  });
});

describe('a rules change between the completion and the posting', () => {
  it('does not change the price: the credit is priced by the rules in force at the completion', async () => {
    const id = await proxyOrderAcceptedByA(mem);
    world.later(5 * 3600_000);
    await completeRequest(mem, id, 'a', { hours: [{ volunteerId: WU, minutes: 120 }] });
    expect(mem.requests.requests.get(id)?.creditRules).toEqual({ hoursPerPoint: 4, maxHoursPerActivity: 8 });
    await changeRules({ hoursPerPoint: 1, maxHoursPerActivity: 1 });
    await rateForResident(mem, KEDA_STAFF, id, { stars: 5 });
    await sweepDue(mem);
    expect(mem.requests.requests.get(id)).toMatchObject({ status: 'CLOSED', creditRules: { hoursPerPoint: 4, maxHoursPerActivity: 8 } });
    expect(await mem.credits.balance(wu)).toMatchObject({ hours: 2, pointsEarned: 0.5 });
  });
});

describe('the rules a completion keeps', () => {
  it('are those in force when staff record the hours of an accepted order', async () => {
    const id = await proxyOrderAcceptedByA(mem);
    await changeRules({ hoursPerPoint: 2 });
    await recordHoursForTeam(mem, KEDA_STAFF, id, { hours: [{ volunteerId: WU, minutes: 60 }], reason });
    expect(mem.requests.requests.get(id)).toMatchObject({ status: 'COMPLETED', creditRules: { hoursPerPoint: 2, maxHoursPerActivity: 8 } });
  });

  it('are none while the stored rules do not validate: the completion goes ahead, the posting waits for them', async () => {
    const id = await proxyOrderAcceptedByA(mem);
    mem.credits.stored = { values: { hoursPerPoint: 'four' }, version: 1 };
    world.later(3600_000);
    await completeRequest(mem, id, 'a', { hours: [{ volunteerId: WU, minutes: 60 }] });
    expect(mem.requests.requests.get(id)?.status).toBe('COMPLETED');
    expect(mem.requests.requests.get(id)?.creditRules).toBeUndefined();
  });
});

describe('a request posted before requests kept their rules', () => {
  it('is corrected by the rules its ledger lines show (hours a point, a cap that bound), which it keeps from then on', async () => {
    await changeRules({ hoursPerPoint: 1, maxHoursPerActivity: 1 });
    const id = await world.closedRequest();
    // 吴's 2 h capped at 1 h, 1 point; 老张's 1 h, 1 point.
    expect(await mem.credits.balance(wu)).toMatchObject({ hours: 1, pointsEarned: 1 });
    postedBeforeRulesWereKept(id);
    await changeRules({ hoursPerPoint: 4, maxHoursPerActivity: 8 });

    const result = await correctClosedHours(mem, KEDA_STAFF, id, tenMoreForWu);
    expect(await mem.credits.balance(wu)).toMatchObject({ hours: 1, pointsEarned: 1 });
    expect(await mem.credits.balance(guest)).toMatchObject({ hours: 1, pointsEarned: 1 });
    expect(result.volunteers.map((v) => v.to)).toEqual([
      { minutes: 130, hours: 1, points: 1 },
      { minutes: 60, hours: 1, points: 1 },
    ]);
    expect(mem.requests.requests.get(id)?.creditRules).toEqual({ hoursPerPoint: 1, maxHoursPerActivity: 1 });
  });

  it('whose lines mix rules (posted by one, adjusted by another) is corrected by the rules in force, and keeps no guess (rev61 finding 3)', async () => {
    const id = await world.closedRequest();
    // Posted at 4 h a point (吴 2 h, 0.5; 老张 1 h, 0.25), then adjusted by the code before requests
    // kept rules at 2 h a point: 吴 3 h for 1 point (3 h a point), 老张 2 h for 0.75.
    const at = world.now().toISOString();
    const mixed = { seq: 1, minutes: 60, hours: 1, points: 0.5, at, reason, by: 'staff' };
    await mem.credits.adjust({ ...mixed, volunteerKey: wu, requestId: id });
    await mem.credits.adjust({ ...mixed, volunteerKey: guest, requestId: id });
    postedBeforeRulesWereKept(id);

    await correctClosedHours(mem, KEDA_STAFF, id, tenMoreForWu);
    // By the rules in force (4 h a point): 2 h for 0.5 points, not 0.6667 at 3 h a point.
    expect(await mem.credits.balance(wu)).toMatchObject({ hours: 2, pointsEarned: 0.5 });
    expect(await mem.credits.balance(guest)).toMatchObject({ hours: 1, pointsEarned: 0.25 });
    expect(mem.requests.requests.get(id)?.creditRules).toBeUndefined();
  });
});
