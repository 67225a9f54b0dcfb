/**
 * Staff record a team's visit hours past the bound of the team's own report
 * (shared/use-cases/staff-hours.ts): a station phoned a team that went at once and accepted in the
 * app only afterwards.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { ConflictError, NotFoundError, type ValidationError } from '#shared/domain/errors';
import { parseSubmission } from '#shared/domain/submission';
import { ImplausibleMinutesError } from '#shared/domain/visit-minutes';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { rateForResident } from '#shared/use-cases/admin-requests';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { recordHoursForTeam } from '#shared/use-cases/staff-hours';
import { submitRequest } from '#shared/use-cases/submit-request';
import { sweepDue } from '#shared/use-cases/sweep-due';
import { completeRequest } from '#shared/use-cases/team-work';
import { KEDA, teamFixture } from '../../support/fixtures';
import { validSubmission } from '../../support/http';
import { proxyOrderAcceptedByA } from '../../support/served-team';

const KEDA_STAFF = { id: 'staff-2', name: '科大社区 王站长', role: 'station', areaId: KEDA } as const;
const ELSEWHERE = { id: 'staff-3', name: '堰北社区', role: 'station', areaId: '370911001005' } as const;
const MEMBER = 'p1p1p1p1p1p1p1p1p1p1';
const reason = '站里电话派单，队员先上门后接单';

let mem: MemoryDeps;
let clock: Date;

/** An order offered to team `a` and accepted by it now: the bound of its own report is 0 minutes. */
async function acceptedNow(): Promise<string> {
  const requestId = await proxyOrderAcceptedByA(mem);
  clock = new Date(clock.getTime() + 2 * 60_000);
  return requestId;
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

beforeEach(async () => {
  clock = new Date('2026-03-09T02:00:00.000Z');
  mem = memoryDeps({ services: demoServices, areas: demoAreas, clock: { now: () => clock } });
  const team = teamFixture('a', {
    name: { zh: '瑞迪e修站', en: 'Ruidi' },
    servesAreaId: '370902',
    capacity: 1,
    services: ['appliance-repair'],
  });
  await mem.teams.register(team, ['appliance-repair']);
  await mem.volunteers.register({
    id: MEMBER,
    name: '吴志愿',
    phone: '+8613700001111',
    homeAreaId: KEDA,
    registeredAt: clock.toISOString(),
    registeredBy: { kind: 'self' },
  });
  await mem.volunteers.addMember({ teamId: 'a', volunteerId: MEMBER, since: clock.toISOString() });
});

describe('an accepted order whose visit came before the acceptance', () => {
  it('is refused to the team past the bound, recorded by staff of its area, and credited once however often it is sent', async () => {
    const id = await acceptedNow();
    const hours = [{ volunteerId: MEMBER, minutes: 90 }];
    expect(await failure(completeRequest(mem, id, 'a', { hours }))).toBeInstanceOf(ImplausibleMinutesError);

    const after = await recordHoursForTeam(mem, KEDA_STAFF, id, { hours, reason });
    expect(after).toMatchObject({
      status: 'COMPLETED',
      completion: { hours: [{ volunteer: '吴志愿', volunteerId: MEMBER, minutes: 90 }] },
    });
    // The team's unit of capacity is back, as on its own report.
    expect((await mem.teams.get('a'))!.active).toBe(0);
    const event = mem.requests.events.at(-1)!;
    expect(event).toMatchObject({ status: 'COMPLETED', actor: 'admin', detail: `科大社区 王站长: ${reason} (90 min)` });
    // What the resident sees names no volunteer.
    expect(JSON.stringify(event.message)).not.toContain('吴志愿');

    const again = await recordHoursForTeam(mem, KEDA_STAFF, id, { hours, reason });
    expect(again.version).toBe(after.version);
    expect(mem.requests.events.filter((e) => e.requestId === id && e.actor === 'admin' && e.status === 'COMPLETED')).toHaveLength(1);

    await rateForResident(mem, KEDA_STAFF, id, { stars: 5 });
    await sweepDue(mem);
    await sweepDue(mem);
    expect([...mem.credits.earned.values()]).toMatchObject([{ requestId: id, volunteerKey: `person#${MEMBER}`, minutes: 90, hours: 1.5 }]);
    expect((await mem.credits.balance(`person#${MEMBER}`)).hours).toBe(1.5);
  });

  it('gives the team’s freed unit to a request waiting for it, as the team’s own report does', async () => {
    const id = await acceptedNow();
    const { submitted } = await submitRequest(mem, {
      submission: parseSubmission(validSubmission()),
      channel: 'proxy',
      proxiedBy: '科大社区 王站长',
    });
    await dispatchRequest(mem, { requestId: submitted.id, version: 1 });
    expect(mem.requests.requests.get(submitted.id)!.status).toBe('WAITING');
    await recordHoursForTeam(mem, KEDA_STAFF, id, { hours: [{ volunteerId: MEMBER, minutes: 30 }], reason });
    expect(mem.requests.requests.get(submitted.id)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'a' } });
  });

  it('answers a twin sent at once as the first, and refuses one with other hours (409)', async () => {
    const id = await acceptedNow();
    const hours = [{ volunteer: '吴志愿', minutes: 60 }];
    const [one, two] = await Promise.all([
      recordHoursForTeam(mem, KEDA_STAFF, id, { hours, reason }),
      recordHoursForTeam(mem, KEDA_STAFF, id, { hours, reason }),
    ]);
    expect(one.version).toBe(two.version);
    expect(mem.requests.events.filter((e) => e.requestId === id && e.actor === 'admin' && e.status === 'COMPLETED')).toHaveLength(1);

    const other = await acceptedNow();
    const outcomes = await Promise.allSettled([
      recordHoursForTeam(mem, KEDA_STAFF, other, { hours, reason }),
      recordHoursForTeam(mem, KEDA_STAFF, other, { hours: [{ volunteer: '吴志愿', minutes: 45 }], reason }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
  });
});

describe('a completed request whose team reported what the bound let it', () => {
  it('has its minutes replaced, the report kept, the change and its reason in the timeline; the close credits the new minutes', async () => {
    const id = await acceptedNow();
    const done = await completeRequest(mem, id, 'a', { note: '已修好', hours: [{ volunteerId: MEMBER, minutes: 2 }] });
    clock = new Date(clock.getTime() + 60_000);
    const after = await recordHoursForTeam(mem, KEDA_STAFF, id, { hours: [{ volunteerId: MEMBER, minutes: 120 }], reason });
    expect(after).toMatchObject({
      status: 'COMPLETED',
      version: done.version + 1,
      dueAt: done.dueAt,
      completion: { completedAt: done.completion!.completedAt, note: '已修好', hours: [{ volunteerId: MEMBER, minutes: 120 }] },
    });
    expect(mem.requests.events.at(-1)).toMatchObject({
      type: 'NOTE',
      actor: 'admin',
      at: clock.toISOString(),
      detail: `科大社区 王站长: ${reason} (2 → 120 min)`,
    });
    await rateForResident(mem, KEDA_STAFF, id, { stars: 5 });
    await sweepDue(mem);
    expect((await mem.credits.balance(`person#${MEMBER}`)).hours).toBe(2);
  });
});

describe('what staff may not record', () => {
  it('refuses bad input naming the field, and a volunteer listed twice (by id and by name) as a team’s report does', async () => {
    const id = await acceptedNow();
    const issues = async (body: unknown) => ((await failure(recordHoursForTeam(mem, KEDA_STAFF, id, body))) as ValidationError).issues;
    expect(await issues({ hours: [{ volunteerId: MEMBER, minutes: 30 }], reason: '  ' })).toMatchObject([{ field: 'reason' }]);
    expect(await issues({ hours: [{ volunteerId: MEMBER, minutes: 30 }] })).toMatchObject([{ field: 'reason' }]);
    expect(await issues({ hours: [], reason })).toMatchObject([{ field: 'hours' }]);
    expect(await issues({ hours: [{ volunteerId: MEMBER, minutes: 1441 }], reason })).toMatchObject([{ field: 'hours.0.minutes' }]);
    expect(await issues({ hours: [{ volunteerId: 'x0x0x0x0x0x0x0x0x0x0', minutes: 30 }], reason })).toMatchObject([
      { field: 'hours.0.volunteerId', message: 'Not a member of this team' },
    ]);
    const twice = await failure(
      recordHoursForTeam(mem, KEDA_STAFF, id, {
        hours: [
          { volunteerId: MEMBER, minutes: 1000 },
          { volunteer: '吴志愿', minutes: 441 },
        ],
        reason,
      }),
    );
    expect(twice).not.toBeInstanceOf(ImplausibleMinutesError);
    expect((twice as ValidationError).issues).toEqual([{ field: 'hours.1.volunteer', message: 'Listed twice' }]);
    expect(mem.requests.requests.get(id)!.status).toBe('ACCEPTED');
  });

  it('is 404 to staff of another area, and changes nothing', async () => {
    const id = await acceptedNow();
    const refused = await failure(recordHoursForTeam(mem, ELSEWHERE, id, { hours: [{ volunteerId: MEMBER, minutes: 30 }], reason }));
    expect(refused).toEqual(new NotFoundError('Request'));
    expect(mem.requests.requests.get(id)).toMatchObject({ status: 'ACCEPTED' });
    expect(
      await failure(recordHoursForTeam(mem, KEDA_STAFF, 'nosuchrequest', { hours: [{ volunteerId: MEMBER, minutes: 30 }], reason })),
    ).toEqual(new NotFoundError('Request'));
  });

  it('refuses (409) a request closed with its hours on the ledger, and one no team has accepted', async () => {
    const id = await acceptedNow();
    await recordHoursForTeam(mem, KEDA_STAFF, id, { hours: [{ volunteerId: MEMBER, minutes: 30 }], reason });
    await rateForResident(mem, KEDA_STAFF, id, { stars: 5 });
    const closed = await failure(recordHoursForTeam(mem, KEDA_STAFF, id, { hours: [{ volunteerId: MEMBER, minutes: 60 }], reason }));
    expect(closed).toBeInstanceOf(ConflictError);
    expect((closed as Error).message).toContain('CLOSED');

    const { submitted } = await submitRequest(mem, {
      submission: parseSubmission(validSubmission()),
      channel: 'proxy',
      proxiedBy: '科大社区 王站长',
    });
    const waiting = await failure(
      recordHoursForTeam(mem, KEDA_STAFF, submitted.id, { hours: [{ volunteerId: MEMBER, minutes: 60 }], reason }),
    );
    expect(waiting).toBeInstanceOf(ConflictError);
  });
});
