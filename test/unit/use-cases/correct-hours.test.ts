/**
 * Staff correct a closed request's hours per volunteer (shared/use-cases/correct-hours.ts): the
 * visit's record changes, the ledger keeps its posting and gains an adjustment per volunteer,
 * points as a first posting would give them, a repeat changes nothing.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { MemoryDeps } from '#shared/adapters/memory/deps';
import { ConflictError, NotFoundError, type ValidationError } from '#shared/domain/errors';
import { parseSubmission } from '#shared/domain/submission';
import { voidCreditsForComplaint } from '#shared/use-cases/admin-credits';
import { acceptOffer } from '#shared/use-cases/answer-offer';
import { correctClosedHours } from '#shared/use-cases/correct-hours';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { servedHours } from '#shared/use-cases/served-hours';
import { submitRequest } from '#shared/use-cases/submit-request';
import { validSubmission } from '../../support/http';
import { guest, KEDA_STAFF, LI, li, reason, type ServedTeam, servedTeam, WU, wu } from '../../support/served-team';

const ELSEWHERE = { id: 'staff-3', name: '堰北社区', role: 'station', areaId: '370911001005' } as const;

let mem: MemoryDeps;

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

let world: ServedTeam;
beforeEach(async () => {
  world = await servedTeam();
  mem = world.mem;
});
const closedRequest = () => world.closedRequest();

describe('a closed request whose hours were wrong', () => {
  it('corrects each volunteer: the posting kept, an adjustment with the change, points by the rules, the record and the timeline', async () => {
    const id = await closedRequest();
    expect(await mem.credits.balance(wu)).toMatchObject({ hours: 2, pointsEarned: 0.5, balance: 0.5 });
    const before = mem.requests.requests.get(id)!;

    const result = await correctClosedHours(mem, KEDA_STAFF, id, {
      hours: [
        { volunteerId: WU, minutes: 240 },
        { volunteer: '老张', minutes: 0 },
        { volunteerId: LI, minutes: 90 },
      ],
      reason,
    });
    expect(result.volunteers).toEqual([
      {
        volunteer: '吴志愿',
        volunteerId: WU,
        outcome: 'adjusted',
        from: { minutes: 120, hours: 2, points: 0.5 },
        to: { minutes: 240, hours: 4, points: 1 },
      },
      { volunteer: '老张', outcome: 'adjusted', from: { minutes: 60, hours: 1, points: 0.25 }, to: { minutes: 0, hours: 0, points: 0 } },
      {
        volunteer: '李志愿',
        volunteerId: LI,
        outcome: 'posted',
        from: { minutes: 0, hours: 0, points: 0 },
        to: { minutes: 90, hours: 1.5, points: 0.375 },
      },
    ]);

    // The postings stand as first made (what was uploaded before); the corrections are lines of their own.
    expect(mem.credits.earned.get(`${wu}|${id}`)).toMatchObject({ minutes: 120, hours: 2, points: 0.5 });
    expect(mem.credits.adjusted.get(`${wu}|${id}`)).toEqual([
      {
        volunteerKey: wu,
        requestId: id,
        teamId: 'a',
        seq: 1,
        minutes: 120,
        hours: 2,
        points: 0.5,
        at: world.now().toISOString(),
        reason,
        by: 'staff-2',
      },
    ]);
    expect(await mem.credits.balance(wu)).toMatchObject({ hours: 4, pointsEarned: 1, balance: 1 });
    expect(await mem.credits.balance(guest)).toMatchObject({ hours: 0, pointsEarned: 0, balance: 0 });
    expect(await mem.credits.balance(li)).toMatchObject({ hours: 1.5, pointsEarned: 0.375, balance: 0.375 });
    // What the certificate and the service-record export read: per request, the corrected hours; none left for the guest.
    expect(servedHours(await mem.credits.history(wu)).get(id)?.hours).toBe(4);
    expect(servedHours(await mem.credits.history(guest)).has(id)).toBe(false);
    expect(await mem.credits.history(wu)).toContainEqual({
      kind: 'adjust',
      at: world.now().toISOString(),
      points: 0.5,
      hours: 2,
      requestId: id,
      teamId: 'a',
      reason,
    });

    const after = mem.requests.requests.get(id)!;
    expect(after).toMatchObject({ status: 'CLOSED', version: before.version + 1 });
    expect(after.completion).toEqual({
      ...before.completion,
      hours: [
        { volunteer: '吴志愿', volunteerId: WU, minutes: 240 },
        { volunteer: '李志愿', volunteerId: LI, minutes: 90 },
      ],
    });
    const note = mem.requests.events.at(-1)!;
    expect(note).toMatchObject({
      type: 'NOTE',
      actor: 'admin',
      at: world.now().toISOString(),
      detail: `科大社区 王站长: ${reason} (180 → 330 min)`,
    });
    expect(JSON.stringify(note)).not.toMatch(/吴志愿|老张|李志愿/);
  });

  it('changes nothing when the same correction is sent again', async () => {
    const id = await closedRequest();
    const body = {
      hours: [
        { volunteerId: WU, minutes: 240 },
        { volunteerId: LI, minutes: 30 },
      ],
      reason,
    };
    await correctClosedHours(mem, KEDA_STAFF, id, body);
    const version = mem.requests.requests.get(id)!.version;
    const events = mem.requests.events.length;
    const balances = [await mem.credits.balance(wu), await mem.credits.balance(li)];

    world.later(3600_000);
    const again = await correctClosedHours(mem, KEDA_STAFF, id, body);
    expect(again.volunteers.map((v) => v.outcome)).toEqual(['unchanged', 'unchanged']);
    expect(mem.requests.requests.get(id)!.version).toBe(version);
    expect(mem.requests.events).toHaveLength(events);
    expect(mem.credits.adjusted.get(`${wu}|${id}`)).toHaveLength(1);
    expect([await mem.credits.balance(wu), await mem.credits.balance(li)]).toEqual(balances);
  });

  it('credits the corrected minutes by the rules the request was completed under, capped per activity, as a first posting would', async () => {
    await mem.credits.saveRules(
      { hoursPerPoint: 2, maxHoursPerActivity: 3 },
      { expectedVersion: 0, at: world.now().toISOString(), by: 'admin' },
    );
    const id = await closedRequest();
    await correctClosedHours(mem, KEDA_STAFF, id, { hours: [{ volunteerId: WU, minutes: 300 }], reason });
    // 5 h served, 3 credited (the cap), 1.5 points at 2 h a point.
    expect(await mem.credits.earnedFor(wu, id)).toMatchObject({ minutes: 300, hours: 3, points: 1.5, adjustments: 1 });
    expect(await mem.credits.balance(wu)).toMatchObject({ hours: 3, pointsEarned: 1.5 });
  });

  it('finishes the ledger on a repeat after a failure between the record and the ledger, once', async () => {
    const id = await closedRequest();
    const adjust = mem.credits.adjust.bind(mem.credits);
    mem.credits.adjust = async () => {
      throw new Error('injected: the function died after writing the request');
    };
    const body = { hours: [{ volunteerId: WU, minutes: 240 }], reason };
    expect(await failure(correctClosedHours(mem, KEDA_STAFF, id, body))).toBeInstanceOf(Error);
    expect(mem.requests.requests.get(id)!.completion!.hours[0]).toMatchObject({ minutes: 240 });
    expect((await mem.credits.balance(wu)).hours).toBe(2);

    mem.credits.adjust = adjust;
    const again = await correctClosedHours(mem, KEDA_STAFF, id, body);
    expect(again.volunteers[0]!.outcome).toBe('adjusted');
    expect((await mem.credits.balance(wu)).hours).toBe(4);
    expect((await correctClosedHours(mem, KEDA_STAFF, id, body)).volunteers[0]!.outcome).toBe('unchanged');
    expect(mem.credits.adjusted.get(`${wu}|${id}`)).toHaveLength(1);
  });

  it('lets only one of two different corrections sent at once apply; twins apply once', async () => {
    const id = await closedRequest();
    const outcomes = await Promise.allSettled([
      correctClosedHours(mem, KEDA_STAFF, id, { hours: [{ volunteerId: WU, minutes: 240 }], reason }),
      correctClosedHours(mem, KEDA_STAFF, id, { hours: [{ volunteerId: WU, minutes: 180 }], reason }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect(mem.credits.adjusted.get(`${wu}|${id}`)).toHaveLength(1);
    const won = mem.requests.requests.get(id)!.completion!.hours[0]!.minutes;
    expect((await mem.credits.earnedFor(wu, id))!.minutes).toBe(won);

    const twin = { hours: [{ volunteerId: WU, minutes: 60 }], reason };
    await Promise.all([correctClosedHours(mem, KEDA_STAFF, id, twin), correctClosedHours(mem, KEDA_STAFF, id, twin)]);
    expect(mem.credits.adjusted.get(`${wu}|${id}`)).toHaveLength(2);
    expect(await mem.credits.balance(wu)).toMatchObject({ hours: 1, pointsEarned: 0.25 });
  });

  it('voids the corrected figures when a complaint is upheld afterwards', async () => {
    const id = await closedRequest();
    await correctClosedHours(mem, KEDA_STAFF, id, { hours: [{ volunteerId: WU, minutes: 240 }], reason });
    await voidCreditsForComplaint(mem, KEDA_STAFF, id, { reason: '居民投诉属实' });
    expect(await mem.credits.balance(wu)).toMatchObject({ hours: 0, pointsEarned: 0, balance: 0 });
    expect(servedHours(await mem.credits.history(wu)).has(id)).toBe(false);
  });
});

describe('what staff may not correct', () => {
  it('refuses bad input naming the field, and writes nothing', async () => {
    const id = await closedRequest();
    const version = mem.requests.requests.get(id)!.version;
    const issues = async (body: unknown) => ((await failure(correctClosedHours(mem, KEDA_STAFF, id, body))) as ValidationError).issues;
    expect(await issues({ hours: [{ volunteerId: WU, minutes: 240 }], reason: ' ' })).toMatchObject([{ field: 'reason' }]);
    expect(await issues({ hours: [{ volunteerId: WU, minutes: 240 }] })).toMatchObject([{ field: 'reason' }]);
    expect(await issues({ hours: [], reason })).toMatchObject([{ field: 'hours' }]);
    expect(await issues({ hours: [{ volunteerId: WU, minutes: 1441 }], reason })).toMatchObject([{ field: 'hours.0.minutes' }]);
    expect(await issues({ hours: [{ volunteerId: WU, minutes: -1 }], reason })).toMatchObject([{ field: 'hours.0.minutes' }]);
    expect(await issues({ hours: [{ volunteerId: WU, minutes: 1.5 }], reason })).toMatchObject([{ field: 'hours.0.minutes' }]);
    expect(await issues({ hours: [{ minutes: 30 }], reason })).toMatchObject([{ field: 'hours.0.volunteer' }]);
    expect(await issues({ hours: [{ volunteerId: 'x0x0x0x0x0x0x0x0x0x0', minutes: 30 }], reason })).toMatchObject([
      { field: 'hours.0.volunteerId', message: 'Not a member of this team' },
    ]);
    expect(
      await issues({
        hours: [
          { volunteerId: WU, minutes: 30 },
          { volunteer: '吴志愿', minutes: 40 },
        ],
        reason,
      }),
    ).toMatchObject([{ field: 'hours.1.volunteer', message: 'Listed twice' }]);
    expect(
      await issues({
        hours: [
          { volunteerId: WU, minutes: 0 },
          { volunteer: '老张', minutes: 0 },
        ],
        reason,
      }),
    ).toMatchObject([{ field: 'hours' }]);
    expect(mem.requests.requests.get(id)!.version).toBe(version);
    expect(mem.credits.adjusted.size).toBe(0);
  });

  it('is 404 to staff of another area, and for no such request', async () => {
    const id = await closedRequest();
    const body = { hours: [{ volunteerId: WU, minutes: 240 }], reason };
    expect(await failure(correctClosedHours(mem, ELSEWHERE, id, body))).toEqual(new NotFoundError('Request'));
    expect(await failure(correctClosedHours(mem, KEDA_STAFF, 'nosuchrequest', body))).toEqual(new NotFoundError('Request'));
    expect((await mem.credits.balance(wu)).hours).toBe(2);
  });

  it('refuses (409) a voided request, and one not closed yet', async () => {
    const id = await closedRequest();
    await voidCreditsForComplaint(mem, KEDA_STAFF, id, { reason: '居民投诉属实' });
    const body = {
      hours: [
        { volunteerId: WU, minutes: 240 },
        { volunteerId: LI, minutes: 60 },
      ],
      reason,
    };
    const voided = await failure(correctClosedHours(mem, KEDA_STAFF, id, body));
    expect(voided).toBeInstanceOf(ConflictError);
    expect((voided as Error).message).toContain('voided');
    expect(await mem.credits.balance(li)).toMatchObject({ hours: 0 });

    const { submitted } = await submitRequest(mem, { submission: parseSubmission(validSubmission()), channel: 'api' });
    await dispatchRequest(mem, { requestId: submitted.id, version: 1 });
    await acceptOffer(mem, submitted.id, 'a');
    const open = await failure(correctClosedHours(mem, KEDA_STAFF, submitted.id, body));
    expect(open).toBeInstanceOf(ConflictError);
    expect((open as Error).message).toContain('/hours');
  });

  it('keeps a guest merged into the person on the ledger when only the person’s own row is corrected', async () => {
    const id = await closedRequest();
    await mem.credits.merge(guest, wu, world.now().toISOString());
    await correctClosedHours(mem, KEDA_STAFF, id, { hours: [{ volunteerId: WU, minutes: 150 }], reason });
    // The record: 吴 150 and the guest's 60, both on 吴's ledger.
    expect(mem.requests.requests.get(id)!.completion!.hours.map((h) => h.minutes)).toEqual([150, 60]);
    expect((await mem.credits.creditFor(wu, id))!.entry.minutes).toBe(210);
  });

  it('brings a merged guest’s and the person’s rows, made one, to the cap of one visit, even with their minutes unchanged', async () => {
    const rules = { hoursPerPoint: 4, maxHoursPerActivity: 2 };
    await mem.credits.saveRules(rules, { expectedVersion: 0, at: world.now().toISOString(), by: 'admin' });
    const id = await closedRequest();
    await mem.credits.merge(guest, wu, world.now().toISOString());
    // Posted as two rows: 吴 2 h and the guest 1 h, each under the cap; on one ledger since the merge.
    expect(await mem.credits.balance(wu)).toMatchObject({ hours: 3, pointsEarned: 0.75 });
    // The console sends every row back as it was: the two rows become one of 180 min, one visit: 2 h at most.
    const body = {
      hours: [
        { volunteerId: WU, minutes: 120 },
        { volunteer: '老张', minutes: 60 },
      ],
      reason,
    };
    const first = await correctClosedHours(mem, KEDA_STAFF, id, body);
    expect(mem.requests.requests.get(id)!.completion!.hours).toMatchObject([{ volunteerId: WU, minutes: 180 }]);
    expect(first.volunteers).toEqual([
      {
        volunteer: '吴志愿',
        volunteerId: WU,
        outcome: 'adjusted',
        from: { minutes: 180, hours: 3, points: 0.75 },
        to: { minutes: 180, hours: 2, points: 0.5 },
      },
    ]);
    expect(await mem.credits.balance(wu)).toMatchObject({ hours: 2, pointsEarned: 0.5 });
    // Sent again: nothing more.
    const again = await correctClosedHours(mem, KEDA_STAFF, id, { hours: [{ volunteerId: WU, minutes: 180 }], reason });
    expect(again.volunteers.map((v) => v.outcome)).toEqual(['unchanged']);
    expect(mem.credits.adjusted.get(`${wu}|${id}`)).toHaveLength(1);
  });

  it('does not price a plain repeat again after the rules changed, when nothing was merged', async () => {
    const id = await closedRequest();
    const body = { hours: [{ volunteerId: WU, minutes: 240 }], reason };
    await correctClosedHours(mem, KEDA_STAFF, id, body);
    expect(await mem.credits.earnedFor(wu, id)).toMatchObject({ minutes: 240, hours: 4, points: 1 });
    await mem.credits.saveRules({ hoursPerPoint: 2 }, { expectedVersion: 0, at: world.now().toISOString(), by: 'admin' });
    const again = await correctClosedHours(mem, KEDA_STAFF, id, body);
    expect(again.volunteers.map((v) => v.outcome)).toEqual(['unchanged']);
    expect(await mem.credits.earnedFor(wu, id)).toMatchObject({ minutes: 240, hours: 4, points: 1 });
  });

  it('refuses (400) a merged guest’s row listed twice, as any volunteer listed twice', async () => {
    const id = await closedRequest();
    await mem.credits.merge(guest, wu, world.now().toISOString());
    const twice = await failure(
      correctClosedHours(mem, KEDA_STAFF, id, {
        hours: [
          { volunteerId: WU, minutes: 120 },
          { volunteer: '老张', minutes: 90 },
          { volunteer: '老张', minutes: 90 },
        ],
        reason,
      }),
    );
    expect((twice as ValidationError).issues).toEqual([{ field: 'hours.2.volunteer', message: 'Listed twice' }]);
    expect((await mem.credits.creditFor(wu, id))!.entry.minutes).toBe(180);
  });
});
