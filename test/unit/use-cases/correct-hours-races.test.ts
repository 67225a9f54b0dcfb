/**
 * Hours corrections (shared/use-cases/correct-hours.ts) against what runs beside them or failed
 * half-way: another correction, an upheld complaint's void, a guest's merge, a crash; and whom
 * the console's re-sent rows name. Each test holds one writer at a chosen step (a promise it
 * waits on, no timers) and lets the other run.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { MemoryDeps } from '#shared/adapters/memory/deps';
import { ConflictError, ValidationError } from '#shared/domain/errors';
import type { CreditLedger } from '#shared/ports/credit-ledger';
import type { RequestRepository } from '#shared/ports/request-repository';
import { voidCreditsForComplaint } from '#shared/use-cases/admin-credits';
import { correctClosedHours } from '#shared/use-cases/correct-hours';
import { KEDA } from '../../support/fixtures';
import { guest, KEDA_STAFF, LI, li, reason, type ServedTeam, servedTeam, WU, wu } from '../../support/served-team';

const ZHANG = 'p3p3p3p3p3p3p3p3p3p3';
const zhang = `person#${ZHANG}`;
const upheld = { reason: '居民投诉属实' };

let mem: MemoryDeps;

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

/** A promise to hold a step at, and its opener. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** The ledger with one method replaced: the others are the shared ledger's. */
function ledgerWith(overrides: Partial<CreditLedger>): CreditLedger {
  return Object.assign(Object.create(mem.credits) as CreditLedger, overrides);
}

function requestsWith(overrides: Partial<RequestRepository>): RequestRepository {
  return Object.assign(Object.create(mem.requests) as RequestRepository, overrides);
}

let world: ServedTeam;
beforeEach(async () => {
  world = await servedTeam();
  mem = world.mem;
});
const closedRequest = () => world.closedRequest();
const registerZhang = async () => {
  await mem.volunteers.register({
    id: ZHANG,
    name: '老张',
    phone: '+8613700003333',
    homeAreaId: KEDA,
    registeredAt: world.now().toISOString(),
    registeredBy: { kind: 'self' },
  });
  await mem.volunteers.addMember({ teamId: 'a', volunteerId: ZHANG, since: world.now().toISOString() });
};

/**
 * The requests with the record's write held: a correction makes it past its up-front checks;
 * `reached` once it writes, carried out once `release` is called.
 */
function recordWriteHeld() {
  const reached = gate();
  const released = gate();
  const requests = requestsWith({
    changeStatus: async (change) => {
      reached.open();
      await released.opened;
      return mem.requests.changeStatus(change);
    },
  });
  return { requests, reached: reached.opened, release: released.open };
}

/**
 * A correction adding 李 (90 min) whose ledger posting waits, once reached (`posting`), until
 * `release`, then posts through `post`; `correction` is its error, if any.
 */
function correctionHeldAtPosting(id: string, post: CreditLedger['post']) {
  const reached = gate();
  const released = gate();
  const credits = ledgerWith({
    post: async (entry) => {
      reached.open();
      await released.opened;
      return post(entry);
    },
  });
  const body = { hours: [{ volunteerId: LI, minutes: 90 }], reason };
  return {
    posting: reached.opened,
    release: released.open,
    correction: failure(correctClosedHours({ ...mem, credits }, KEDA_STAFF, id, body)),
  };
}

const recordedMinutes = (id: string, volunteerId: string) =>
  mem.requests.requests.get(id)!.completion!.hours.find((h) => h.volunteerId === volunteerId)?.minutes;

describe('two corrections at once', () => {
  it('leaves the ledger at what the record says when another correction lands between this one’s record and its ledger', async () => {
    const id = await closedRequest();
    const recordWritten = gate();
    const release = gate();
    let written = false;
    const first = correctClosedHours(
      {
        ...mem,
        requests: requestsWith({
          changeStatus: async (change) => {
            await mem.requests.changeStatus(change);
            written = true;
            recordWritten.open();
          },
        }),
        credits: ledgerWith({
          creditFor: async (key, requestId) => {
            if (written) await release.opened;
            return mem.credits.creditFor(key, requestId);
          },
        }),
      },
      KEDA_STAFF,
      id,
      { hours: [{ volunteerId: WU, minutes: 240 }], reason },
    );
    await recordWritten.opened;
    // The second reads the first's record and corrects it again, record and ledger, to the end.
    await correctClosedHours(mem, KEDA_STAFF, id, { hours: [{ volunteerId: WU, minutes: 180 }], reason: '再核实为 3 小时' });
    release.open();
    const answer = await first;

    expect(recordedMinutes(id, WU)).toBe(180);
    expect((await mem.credits.earnedFor(wu, id))!.minutes).toBe(180);
    expect(await mem.credits.balance(wu)).toMatchObject({ hours: 3, pointsEarned: 0.75 });
    expect(answer.volunteers[0]!.to.minutes).toBe(180);
  });
});

describe('a correction and an upheld complaint at once', () => {
  it('refuses (409) a correction that read the request before the void, and writes nothing', async () => {
    const id = await closedRequest();
    const version = mem.requests.requests.get(id)!.version;
    const held = recordWriteHeld();
    const correction = failure(
      correctClosedHours({ ...mem, requests: held.requests }, KEDA_STAFF, id, {
        hours: [
          { volunteerId: LI, minutes: 90 },
          { volunteerId: WU, minutes: 240 },
        ],
        reason,
      }),
    );
    await held.reached;
    await voidCreditsForComplaint(mem, KEDA_STAFF, id, upheld);
    held.release();

    expect(await correction).toBeInstanceOf(ConflictError);
    const stored = mem.requests.requests.get(id)!;
    expect(stored.version).toBe(version + 1);
    expect(stored.creditsVoided).toMatchObject({ reason: upheld.reason });
    expect(recordedMinutes(id, WU)).toBe(120);
    expect(recordedMinutes(id, LI)).toBeUndefined();
    expect(await mem.credits.balance(li)).toMatchObject({ hours: 0, balance: 0 });
    expect(await mem.credits.balance(wu)).toMatchObject({ hours: 0, balance: 0 });
  });

  it('posts nothing for a correction whose posting comes after the void marked the request (409 to the correction)', async () => {
    const id = await closedRequest();
    const { posting, release, correction } = correctionHeldAtPosting(id, (entry) => mem.credits.post(entry));
    await posting;
    // The record names 李 already; the void finds nothing posted for him yet.
    await voidCreditsForComplaint(mem, KEDA_STAFF, id, upheld);
    release();

    expect(await correction).toBeInstanceOf(ConflictError);
    expect(await mem.credits.creditFor(li, id)).toBeUndefined();
    expect(await mem.credits.balance(li)).toMatchObject({ hours: 0, pointsEarned: 0, balance: 0 });
    expect(await mem.credits.balance(wu)).toMatchObject({ hours: 0, balance: 0 });
  });

  it('posts nothing for a request marked voided: a correction that dies after its posting leaves no credit standing', async () => {
    const id = await closedRequest();
    const { posting, release, correction } = correctionHeldAtPosting(id, async (entry) => {
      await mem.credits.post(entry);
      throw new Error('injected: the function died after the posting');
    });
    await posting;
    // The void marks the request and finds nothing posted for 李.
    expect(await voidCreditsForComplaint(mem, KEDA_STAFF, id, upheld)).toMatchObject({ voided: 2 });
    release();
    await correction;

    expect(await mem.credits.creditFor(li, id)).toBeUndefined();
    expect(await mem.credits.balance(li)).toMatchObject({ hours: 0, pointsEarned: 0, balance: 0 });
    expect(await failure(correctClosedHours(mem, KEDA_STAFF, id, { hours: [{ volunteerId: LI, minutes: 90 }], reason }))).toBeInstanceOf(
      ConflictError,
    );
    expect(await mem.credits.balance(li)).toMatchObject({ hours: 0, balance: 0 });
  });

  it('voids the credit of someone a correction took off the record before the ledger followed (a crash)', async () => {
    const id = await closedRequest();
    const adjust = mem.credits.adjust.bind(mem.credits);
    mem.credits.adjust = async () => {
      throw new Error('injected: the function died after writing the request');
    };
    await failure(correctClosedHours(mem, KEDA_STAFF, id, { hours: [{ volunteerId: WU, minutes: 0 }], reason }));
    mem.credits.adjust = adjust;
    expect(recordedMinutes(id, WU)).toBeUndefined();
    expect(await mem.credits.balance(wu)).toMatchObject({ hours: 2 });

    const { voided } = await voidCreditsForComplaint(mem, KEDA_STAFF, id, upheld);
    expect(voided).toBe(2);
    expect(await mem.credits.balance(wu)).toMatchObject({ hours: 0, pointsEarned: 0, balance: 0 });
    expect(await mem.credits.balance(guest)).toMatchObject({ hours: 0, balance: 0 });
  });
});

describe('whom a correction names', () => {
  it('corrects a request whose guest was merged into a person: the console re-sends every row, the person takes the guest’s place', async () => {
    const id = await closedRequest();
    await registerZhang();
    await mem.credits.merge(guest, zhang, world.now().toISOString());
    const { volunteers } = await correctClosedHours(mem, KEDA_STAFF, id, {
      hours: [
        { volunteerId: WU, minutes: 240 },
        { volunteer: '老张', minutes: 60 },
      ],
      reason,
    });
    expect(volunteers).toMatchObject([
      { volunteerId: WU, outcome: 'adjusted' },
      { volunteer: '老张', volunteerId: ZHANG, outcome: 'unchanged', to: { minutes: 60 } },
    ]);
    expect(mem.requests.requests.get(id)!.completion!.hours).toEqual([
      { volunteer: '吴志愿', volunteerId: WU, minutes: 240 },
      { volunteer: '老张', volunteerId: ZHANG, minutes: 60 },
    ]);
    // The next correction names the person, as the record now does.
    await correctClosedHours(mem, KEDA_STAFF, id, { hours: [{ volunteerId: ZHANG, minutes: 90 }], reason });
    expect((await mem.credits.creditFor(zhang, id))!.entry).toMatchObject({ volunteerKey: zhang, minutes: 90, hours: 1.5 });
    expect(await mem.credits.balance(zhang)).toMatchObject({ hours: 1.5 });
    expect(await mem.credits.balance(guest)).toMatchObject({ hours: 0 });
  });

  it('adds up a merged guest’s row with the person’s own when both served the visit (as their merged lines did)', async () => {
    const id = await closedRequest();
    await mem.credits.merge(guest, wu, world.now().toISOString());
    const { volunteers } = await correctClosedHours(mem, KEDA_STAFF, id, {
      hours: [
        { volunteerId: WU, minutes: 120 },
        { volunteer: '老张', minutes: 90 },
      ],
      reason,
    });
    expect(volunteers).toHaveLength(1);
    expect(volunteers[0]).toMatchObject({ volunteerId: WU, outcome: 'adjusted', from: { minutes: 180 }, to: { minutes: 210 } });
    expect(mem.requests.requests.get(id)!.completion!.hours).toEqual([{ volunteer: '吴志愿', volunteerId: WU, minutes: 210 }]);
    expect((await mem.credits.creditFor(wu, id))!.entry.minutes).toBe(210);
  });

  it('refuses (400, naming the row) a merged guest’s row whose minutes with the person’s exceed a day', async () => {
    const id = await closedRequest();
    await mem.credits.merge(guest, wu, world.now().toISOString());
    const refused = await failure(
      correctClosedHours(mem, KEDA_STAFF, id, {
        hours: [
          { volunteerId: WU, minutes: 1000 },
          { volunteer: '老张', minutes: 500 },
        ],
        reason,
      }),
    );
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).issues).toMatchObject([{ field: 'hours.1.minutes' }]);
    expect(mem.requests.requests.get(id)!.completion!.hours).toEqual([
      { volunteer: '吴志愿', volunteerId: WU, minutes: 120 },
      { volunteer: '老张', minutes: 60 },
    ]);
  });

  it('follows the person’s credit when the guest is merged between the up-front check and the ledger step', async () => {
    const id = await closedRequest();
    await registerZhang();
    const held = recordWriteHeld();
    const correction = correctClosedHours({ ...mem, requests: held.requests }, KEDA_STAFF, id, {
      hours: [{ volunteer: '老张', minutes: 180 }],
      reason,
    });
    await held.reached;
    await mem.credits.merge(guest, zhang, world.now().toISOString());
    held.release();
    expect((await correction).volunteers).toMatchObject([{ volunteer: '老张', outcome: 'adjusted', to: { minutes: 180 } }]);
    expect(mem.requests.requests.get(id)!.completion!.hours.at(-1)).toEqual({ volunteer: '老张', minutes: 180 });
    expect((await mem.credits.creditFor(zhang, id))!.entry).toMatchObject({ volunteerKey: zhang, minutes: 180, hours: 3 });
    // A repeat finds record and ledger agreeing (the person now stands on the record).
    const again = await correctClosedHours(mem, KEDA_STAFF, id, { hours: [{ volunteer: '老张', minutes: 180 }], reason });
    expect(again.volunteers).toMatchObject([{ volunteerId: ZHANG, outcome: 'unchanged' }]);
    expect(await mem.credits.balance(zhang)).toMatchObject({ hours: 3 });
  });

  it('keeps a guest on the record as the guest when a member now bears the name (the console sends every row back)', async () => {
    const id = await closedRequest();
    await registerZhang();
    const { volunteers } = await correctClosedHours(mem, KEDA_STAFF, id, {
      hours: [
        { volunteerId: WU, minutes: 240 },
        { volunteer: '老张', minutes: 60 },
      ],
      reason,
    });
    expect(volunteers[1]).toMatchObject({ volunteer: '老张', outcome: 'unchanged' });
    expect(volunteers[1]!.volunteerId).toBeUndefined();
    expect(mem.requests.requests.get(id)!.completion!.hours).toEqual([
      { volunteer: '吴志愿', volunteerId: WU, minutes: 240 },
      { volunteer: '老张', minutes: 60 },
    ]);
    expect(await mem.credits.balance(`person#${ZHANG}`)).toMatchObject({ hours: 0 });
    expect(await mem.credits.balance(guest)).toMatchObject({ hours: 1 });
  });

  it('corrects a volunteer who has left the team since (on the record, or credited for the request); 400 for anyone else', async () => {
    const id = await closedRequest();
    await correctClosedHours(mem, KEDA_STAFF, id, { hours: [{ volunteerId: LI, minutes: 60 }], reason });
    await correctClosedHours(mem, KEDA_STAFF, id, { hours: [{ volunteerId: LI, minutes: 0 }], reason });
    await mem.volunteers.removeMember('a', WU);
    await mem.volunteers.removeMember('a', LI);

    // 吴 is on the record; 李 is off it but credited (0 minutes) for the request.
    const { volunteers } = await correctClosedHours(mem, KEDA_STAFF, id, {
      hours: [
        { volunteerId: WU, minutes: 180 },
        { volunteer: '老张', minutes: 60 },
        { volunteerId: LI, minutes: 30 },
      ],
      reason,
    });
    expect(volunteers.map((v) => v.outcome)).toEqual(['adjusted', 'unchanged', 'adjusted']);
    expect(await mem.credits.balance(wu)).toMatchObject({ hours: 3 });
    expect(await mem.credits.balance(li)).toMatchObject({ hours: 0.5 });

    const stranger = 'p9p9p9p9p9p9p9p9p9p9';
    const refused = await failure(correctClosedHours(mem, KEDA_STAFF, id, { hours: [{ volunteerId: stranger, minutes: 30 }], reason }));
    expect(refused).toMatchObject({ issues: [{ field: 'hours.0.volunteerId', message: 'Not a member of this team' }] });
  });
});

describe('the volunteer statistics', () => {
  const month = async () => (await mem.volunteers.monthly(KEDA, '2026-03', '2026-03'))[0];
  /** The correction dies after its ledger write, before its count; then counting works again. */
  const diesBeforeCounting = async (id: string, body: unknown) => {
    const count = mem.volunteers.countService.bind(mem.volunteers);
    mem.volunteers.countService = async () => {
      throw new Error('injected: the function died after its ledger write');
    };
    expect(await failure(correctClosedHours(mem, KEDA_STAFF, id, body))).toBeInstanceOf(Error);
    mem.volunteers.countService = count;
  };

  it('count a person posted by a correction on the repeat after a crash between posting and counting', async () => {
    const id = await closedRequest();
    const body = { hours: [{ volunteerId: LI, minutes: 90 }], reason };
    await diesBeforeCounting(id, body);
    expect(await mem.credits.balance(li)).toMatchObject({ hours: 1.5 });
    // 吴, counted at the close.
    expect(await month()).toMatchObject({ active: 1, services: 1, hours: 2 });

    expect((await correctClosedHours(mem, KEDA_STAFF, id, body)).volunteers[0]!.outcome).toBe('unchanged');
    expect(await month()).toMatchObject({ active: 2, services: 2, hours: 3.5 });
    await correctClosedHours(mem, KEDA_STAFF, id, body);
    expect(await month()).toMatchObject({ active: 2, services: 2, hours: 3.5 });
  });

  it('follow a correction: the corrected hours, and no service for a person taken off the record, once however often sent', async () => {
    const id = await closedRequest();
    expect(await month()).toMatchObject({ active: 1, services: 1, hours: 2 });
    const up = { hours: [{ volunteerId: WU, minutes: 240 }], reason };
    await correctClosedHours(mem, KEDA_STAFF, id, up);
    await correctClosedHours(mem, KEDA_STAFF, id, up);
    expect(await mem.credits.balance(wu)).toMatchObject({ hours: 4 });
    expect(await month()).toMatchObject({ active: 1, services: 1, hours: 4 });

    // 吴 never came: off the record, no service and no hours (still active in the month: counted there once).
    const off = { hours: [{ volunteerId: WU, minutes: 0 }], reason: '吴 未到场，记录有误' };
    await correctClosedHours(mem, KEDA_STAFF, id, off);
    await correctClosedHours(mem, KEDA_STAFF, id, off);
    expect(await mem.credits.balance(wu)).toMatchObject({ hours: 0 });
    expect(await month()).toMatchObject({ active: 1, services: 0, hours: 0 });
    // Back on it: counted again, once.
    await correctClosedHours(mem, KEDA_STAFF, id, { hours: [{ volunteerId: WU, minutes: 90 }], reason });
    expect(await month()).toMatchObject({ active: 1, services: 1, hours: 1.5 });
    // A complaint upheld then takes back what stands.
    await voidCreditsForComplaint(mem, KEDA_STAFF, id, upheld);
    expect(await month()).toMatchObject({ active: 1, services: 0, hours: 0 });
  });

  it('count a correction retried after a crash between its ledger line and its count once', async () => {
    const id = await closedRequest();
    const body = { hours: [{ volunteerId: WU, minutes: 240 }], reason };
    await diesBeforeCounting(id, body);
    expect(await mem.credits.balance(wu)).toMatchObject({ hours: 4 });
    expect(await month()).toMatchObject({ services: 1, hours: 2 });
    expect((await correctClosedHours(mem, KEDA_STAFF, id, body)).volunteers[0]!.outcome).toBe('unchanged');
    await correctClosedHours(mem, KEDA_STAFF, id, body);
    expect(await month()).toMatchObject({ active: 1, services: 1, hours: 4 });
  });

  it('keep the later of two corrections when the earlier one’s count lands last', async () => {
    const id = await closedRequest();
    const count = mem.volunteers.countService.bind(mem.volunteers);
    const held = gate();
    const reached = gate();
    let holding = true;
    mem.volunteers.countService = async (service) => {
      if (holding && service.volunteerId === WU) {
        holding = false;
        reached.open();
        await held.opened;
      }
      return count(service);
    };
    // 2 h → 4 h, held at its count; then 4 h → 3 h, counted; then the first one's count (4 h).
    const first = correctClosedHours(mem, KEDA_STAFF, id, { hours: [{ volunteerId: WU, minutes: 240 }], reason });
    await reached.opened;
    await correctClosedHours(mem, KEDA_STAFF, id, { hours: [{ volunteerId: WU, minutes: 180 }], reason });
    expect(await month()).toMatchObject({ services: 1, hours: 3 });
    held.open();
    await first;
    expect(await mem.credits.balance(wu)).toMatchObject({ hours: 3 });
    expect(await month()).toMatchObject({ active: 1, services: 1, hours: 3 });
  });
});
