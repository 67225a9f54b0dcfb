/**
 * Staff's free text written on a request after its resident's data was anonymised (erased, or the
 * retention rule): the action goes through (the volunteers' records are kept and stay correctable),
 * its reason is kept nowhere: not on the request, its timeline, nor a volunteer's ledger line.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { MemoryDeps } from '#shared/adapters/memory/deps';
import { anonymised, anonymisedEvent, REASON_NOT_KEPT } from '#shared/domain/retention';
import { voidCreditsForComplaint } from '#shared/use-cases/admin-credits';
import { rateForResident } from '#shared/use-cases/admin-requests';
import { correctClosedHours } from '#shared/use-cases/correct-hours';
import { completeRequest } from '#shared/use-cases/team-work';
import { guest, KEDA_STAFF, proxyOrderAcceptedByA, type ServedTeam, servedTeam, WU, wu } from '../../support/served-team';

/** Free text that names the resident, as staff may well write it. */
const typed = '居民蔺雪梅来电投诉，说志愿者没来';

let world: ServedTeam;
let mem: MemoryDeps;
beforeEach(async () => {
  world = await servedTeam();
  mem = world.mem;
});

/** Anonymises the request as the retention rule and an erasure store it: the request, and its events without free text. */
function erase(id: string) {
  const request = mem.requests.requests.get(id)!;
  mem.requests.requests.set(id, anonymised(request, world.now().toISOString()));
  for (const [i, event] of mem.requests.events.entries()) {
    if (event.requestId === id) mem.requests.events[i] = anonymisedEvent(event) ?? event;
  }
  world.later(3600_000);
}

/** Everything kept of the request: the request, its timeline, and the ledgers it credited. */
async function keptOf(id: string): Promise<string> {
  const histories = await Promise.all([wu, guest].map((key) => mem.credits.history(key)));
  return JSON.stringify([mem.requests.requests.get(id), mem.requests.events.filter((e) => e.requestId === id), histories]);
}

describe('staff free text on an anonymised request', () => {
  it('an upheld complaint voids the credits and names the staff member; its reason is not kept', async () => {
    const id = await world.closedRequest();
    erase(id);
    const result = await voidCreditsForComplaint(mem, KEDA_STAFF, id, { reason: typed });
    expect(result).toEqual({ id, voided: 2 });
    expect(mem.requests.requests.get(id)!.creditsVoided).toEqual({ at: expect.any(String), reason: REASON_NOT_KEPT });
    const note = mem.requests.events.find((e) => e.requestId === id && e.type === 'NOTE')!;
    expect(note.detail).toBe(`${KEDA_STAFF.name}: ${REASON_NOT_KEPT}`);
    expect((await mem.credits.history(wu)).find((line) => line.kind === 'void')).toMatchObject({ reason: REASON_NOT_KEPT });
    expect(await keptOf(id)).not.toContain(typed);
  });

  it('an upheld complaint withholds credits not yet posted; its reason is not kept', async () => {
    const id = await proxyOrderAcceptedByA(mem);
    world.later(5 * 3600_000);
    await completeRequest(mem, id, 'a', { hours: [{ volunteerId: WU, minutes: 120 }] });
    // Rated: closed with its credits pending, so the void withholds them.
    await rateForResident(mem, KEDA_STAFF, id, { stars: 5 });
    erase(id);
    expect(await voidCreditsForComplaint(mem, KEDA_STAFF, id, { reason: typed })).toMatchObject({ id, voided: 0 });
    expect(mem.requests.requests.get(id)!.creditsWithheld).toEqual({ at: expect.any(String), reason: REASON_NOT_KEPT });
    expect(await keptOf(id)).not.toContain(typed);
  });

  it('an hours correction changes the record and the ledger; its reason is not kept', async () => {
    const id = await world.closedRequest();
    erase(id);
    const result = await correctClosedHours(mem, KEDA_STAFF, id, { hours: [{ volunteerId: WU, minutes: 240 }], reason: typed });
    expect(result.volunteers).toEqual([expect.objectContaining({ volunteerId: WU, outcome: 'adjusted' })]);
    expect(mem.requests.requests.get(id)!.completion!.hours).toContainEqual(expect.objectContaining({ volunteerId: WU, minutes: 240 }));
    const note = mem.requests.events.filter((e) => e.requestId === id && e.type === 'NOTE').at(-1)!;
    expect(note.detail).toContain(`${KEDA_STAFF.name}: ${REASON_NOT_KEPT}`);
    expect(await keptOf(id)).not.toContain(typed);
  });
});
