import { beforeEach, describe, expect, it } from 'vitest';
import type { MemoryDeps } from '#shared/adapters/memory/deps';
import { voidCreditsForComplaint } from '#shared/use-cases/admin-credits';
import { rateForResident } from '#shared/use-cases/admin-requests';
import { announcingChanges } from '#shared/use-cases/change-announcing-repository';
import { completeRequest } from '#shared/use-cases/team-work';
import { KEDA_STAFF, proxyOrderAcceptedByA, type ServedTeam, servedTeam, WU } from '../../support/served-team';

// The one timeline note of an upheld complaint says what stands, whichever void writes it (review 28).
let world: ServedTeam;
let mem: MemoryDeps;
beforeEach(async () => {
  world = await servedTeam();
  mem = world.mem;
});

const VOIDED = 'Complaint upheld: the volunteer hours and points were voided';
const notes = (id: string) => mem.requests.events.filter((e) => e.requestId === id && e.type === 'NOTE').map((n) => n.message.en);

/** The registry, running `before` ahead of each take-back of a person's service. */
const uncountingAfter = (before: () => Promise<unknown>) =>
  Object.assign(Object.create(mem.volunteers), {
    uncountService: async (v: string, r: string) => (await before(), mem.volunteers.uncountService(v, r)),
  }) as MemoryDeps['volunteers'];

describe('the note of an upheld complaint', () => {
  it('says the credits were withheld when a twin, reading after the withholding, writes it', async () => {
    const requestId = await proxyOrderAcceptedByA(mem);
    world.later(5 * 3600_000);
    await completeRequest(mem, requestId, 'a', { hours: [{ volunteerId: WU, minutes: 120 }] });
    // Rated: closed with its credits pending, so the void withholds them.
    await rateForResident(mem, KEDA_STAFF, requestId, { stars: 5 });
    const plain = { ...mem, requests: announcingChanges(mem.requests, mem.clock) };
    let twin: Promise<unknown> | undefined;
    const volunteers = uncountingAfter(() => (twin ??= voidCreditsForComplaint(plain, KEDA_STAFF, requestId, { reason: '投诉属实' })));
    await voidCreditsForComplaint({ ...plain, volunteers }, KEDA_STAFF, requestId, { reason: '投诉属实' });
    await twin;
    expect(notes(requestId)).toEqual([VOIDED]);
  });

  it('says the credits were voided when a retry after a failure between the void and the note writes it', async () => {
    const id = await world.closedRequest();
    let fail = true;
    const volunteers = uncountingAfter(async () => {
      if (fail) throw new Error('ProvisionedThroughputExceeded');
    });
    const deps = { ...mem, volunteers, requests: announcingChanges(mem.requests, mem.clock) };
    await expect(voidCreditsForComplaint(deps, KEDA_STAFF, id, { reason: '投诉属实' })).rejects.toThrow();
    fail = false;
    expect(await voidCreditsForComplaint(deps, KEDA_STAFF, id, { reason: '投诉属实' })).toEqual({ id, voided: 0 });
    expect(notes(id)).toEqual([VOIDED]);
  });
});
