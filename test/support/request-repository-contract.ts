/**
 * What every RequestRepository does, checked on each implementation: the DynamoDB adapter on
 * DynamoDB Local (integration) and the in-memory one the unit tests and the simulation run on
 * (unit), so that the fake cannot drift from the table. Each check uses its own ids, tracking
 * codes, teams and service codes: the table may hold other checks' items.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '#shared/domain/errors';
import { statusEvent, withStatus, type ServiceRequest } from '#shared/domain/service-request';
import { IdempotencyKeyTakenError, TrackingCodeTakenError, type RequestRepository } from '#shared/ports/request-repository';
import type { TeamRepository } from '#shared/ports/team-repository';
import type { OutboxMessage } from '#shared/domain/outbox-message';
import type { Outbox } from '#shared/ports/outbox';
import { requestFixture, teamFixture } from './fixtures';

export interface ContractSubjects {
  readonly requests: RequestRepository;
  /** The teams whose capacity `reserveOffer` and `releaseOffer` move. */
  readonly teams: TeamRepository;
  /** The outbox the requests' writes add to. */
  readonly outbox: Outbox;
}

const newRequest = (trackingCode: string, overrides: Partial<ServiceRequest> = {}): ServiceRequest =>
  requestFixture({ trackingCode, description: 'radio', contact: { name: 'n', phone: '+8613900000000', address: 'a' }, ...overrides });

const code = () => String(10_000_000 + Math.floor(Math.random() * 89_999_999));
const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

function offeredTo(before: ServiceRequest, teamId: string): ServiceRequest {
  const at = new Date().toISOString();
  return {
    ...withStatus(before, 'OFFERED', at),
    offer: { teamId, teamName: teamId, offeredAt: at, deadline: at, reason: { zh: '-', en: '-' } },
  };
}

function released(offered: ServiceRequest): ServiceRequest {
  const { offer: _offer, ...rest } = withStatus(offered, 'WAITING', new Date().toISOString());
  return rest;
}

const change = (before: ServiceRequest, after: ServiceRequest) => ({
  before,
  after,
  event: statusEvent(after, { zh: '-', en: '-' }, 'system'),
});

export function requestRepositoryContract(name: string, subjects: () => ContractSubjects): void {
  describe(name, () => {
    it('refuses a taken tracking code and writes nothing of the second request', async () => {
      const { requests } = subjects();
      const shared = code();
      const first = newRequest(shared);
      await requests.create({ request: first, events: [], outbox: [] });
      const second = newRequest(shared);
      await expect(requests.create({ request: second, events: [], outbox: [] })).rejects.toBeInstanceOf(TrackingCodeTakenError);
      expect(await requests.get(second.id)).toBeUndefined();
      expect((await requests.findByTrackingCode(shared))?.id).toBe(first.id);
    });

    it('refuses a kept repeat key while it holds, naming it, and lets an expired one be taken over', async () => {
      const { requests } = subjects();
      const repeat = (request: ServiceRequest, expiresAt: string) => ({
        keyHash: unique('repeat'),
        bodyHash: 'b',
        response: { id: request.id },
        expiresAt,
      });
      const first = newRequest(code());
      const kept = repeat(first, new Date(Date.parse(first.createdAt) + 30 * 60_000).toISOString());
      await requests.create({ request: first, events: [], outbox: [], idempotency: repeat(first, kept.expiresAt), repeat: kept });
      const second = newRequest(code());
      const taken = requests.create({ request: second, events: [], outbox: [], repeat: { ...kept, response: { id: second.id } } });
      await expect(taken).rejects.toBeInstanceOf(IdempotencyKeyTakenError);
      await expect(taken).rejects.toMatchObject({ keyHash: kept.keyHash });
      expect(await requests.get(second.id)).toBeUndefined();
      expect((await requests.findIdempotency(kept.keyHash))?.response).toEqual({ id: first.id });
      // Past its window (and not yet swept by TTL) it counts as gone.
      const lapsed = repeat(second, new Date(Date.now() - 60_000).toISOString());
      await requests.create({ request: second, events: [], outbox: [], repeat: lapsed });
      const third = newRequest(code());
      await requests.create({ request: third, events: [], outbox: [], repeat: { ...lapsed, response: { id: third.id } } });
      expect(await requests.get(third.id)).toBeDefined();
    });

    it("lets one creation at a time take over the kept repeat answer of the ended request it names, and no other's", async () => {
      const { requests } = subjects();
      const first = newRequest(code());
      const expiresAt = new Date(Date.parse(first.createdAt) + 30 * 60_000).toISOString();
      const kept = { keyHash: unique('repeat'), bodyHash: 'b', response: { id: first.id }, expiresAt };
      await requests.create({ request: first, events: [], outbox: [], repeat: kept });
      const wrongName = newRequest(code());
      await expect(
        requests.create({
          request: wrongName,
          events: [],
          outbox: [],
          repeat: { ...kept, response: { id: wrongName.id } },
          repeatTakesOver: wrongName.id,
        }),
      ).rejects.toBeInstanceOf(IdempotencyKeyTakenError);
      const racers = [newRequest(code()), newRequest(code())];
      const outcomes = await Promise.allSettled(
        racers.map((r) =>
          requests.create({ request: r, events: [], outbox: [], repeat: { ...kept, response: { id: r.id } }, repeatTakesOver: first.id }),
        ),
      );
      const won = racers.filter((_, i) => outcomes[i]!.status === 'fulfilled');
      expect(won).toHaveLength(1);
      expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: expect.any(IdempotencyKeyTakenError) });
      expect((await requests.findIdempotency(kept.keyHash))?.response).toEqual({ id: won[0]!.id });
      expect(await requests.get(wrongName.id)).toBeUndefined();
    });

    it('stores a legal change once and refuses a second change from the same version', async () => {
      const { requests } = subjects();
      const before = newRequest(code());
      await requests.create({ request: before, events: [], outbox: [] });
      const waiting = withStatus(before, 'WAITING', new Date().toISOString());
      await requests.changeStatus({ before, after: waiting, event: statusEvent(waiting, { zh: '等', en: 'wait' }, 'system') });
      const escalated = withStatus(before, 'ESCALATED', new Date().toISOString());
      const racing = requests.changeStatus({ before, after: escalated, event: statusEvent(escalated, { zh: '升', en: 'up' }, 'system') });
      await expect(racing).rejects.toBeInstanceOf(IllegalTransitionError);
      await expect(racing).rejects.toMatchObject({ from: 'WAITING', to: 'ESCALATED' });
      const stored = await requests.getWithTimeline(before.id);
      expect(stored?.request).toMatchObject({ status: 'WAITING', version: 2 });
      expect(stored?.timeline).toHaveLength(1);
    });

    it('lets exactly one of twenty concurrent changes from the same version win', async () => {
      const { requests } = subjects();
      const before = newRequest(code());
      await requests.create({ request: before, events: [], outbox: [] });
      const attempts = Array.from({ length: 20 }, (_, i) => {
        const after = withStatus(before, i % 2 ? 'WAITING' : 'CANCELLED', new Date().toISOString());
        return requests.changeStatus({ before, after, event: statusEvent(after, { zh: String(i), en: String(i) }, 'system') });
      });
      const results = await Promise.allSettled(attempts);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const stored = await requests.getWithTimeline(before.id);
      expect(stored?.request.version).toBe(2);
      expect(stored?.timeline).toHaveLength(1);
    });

    it('takes a team’s capacity with the offer, refuses a full or paused team, and gives it back on release', async () => {
      const { requests, teams } = subjects();
      const teamId = unique('contract-team');
      await teams.register(teamFixture(teamId, { capacity: 1 }), ['appliance-repair']);
      const [a, b] = [newRequest(code()), newRequest(code())];
      for (const request of [a, b]) await requests.create({ request, events: [], outbox: [] });

      const offered = offeredTo(a, teamId);
      expect(await requests.reserveOffer({ ...change(a, offered), teamId })).toBe('offered');
      expect((await teams.get(teamId))?.active).toBe(1);
      expect(await requests.reserveOffer({ ...change(b, offeredTo(b, teamId)), teamId })).toBe('team-unavailable');
      expect(await requests.get(b.id)).toMatchObject({ status: 'SUBMITTED', version: 1 });
      expect(await requests.reserveOffer({ ...change(a, offeredTo(a, teamId)), teamId })).toBe('request-changed');

      expect(await requests.releaseOffer({ ...change(offered, released(offered)), teamId })).toBe('released');
      expect(await requests.releaseOffer({ ...change(offered, released(offered)), teamId })).toBe('request-changed');
      expect((await teams.get(teamId))?.active).toBe(0);

      await teams.setPaused(teamId, true);
      expect(await requests.reserveOffer({ ...change(b, offeredTo(b, teamId)), teamId })).toBe('team-unavailable');
      expect((await teams.get(teamId))?.active).toBe(0);
    });

    it('refuses an offer judged on a team’s earlier version (moved since) and takes none of its capacity', async () => {
      const { requests, teams } = subjects();
      const teamId = unique('contract-team');
      await teams.register(teamFixture(teamId, { capacity: 2, servesAreaId: '370902' }), ['appliance-repair']);
      const judged = (await teams.get(teamId))!;
      expect(judged.version).toEqual(expect.any(Number));
      await teams.register(teamFixture(teamId, { capacity: 2, servesAreaId: '370911' }), ['appliance-repair']);
      const request = newRequest(code());
      await requests.create({ request, events: [], outbox: [] });

      const stale = { ...change(request, offeredTo(request, teamId)), teamId, teamVersion: judged.version };
      expect(await requests.reserveOffer(stale)).toBe('team-unavailable');
      expect(await requests.get(request.id)).toMatchObject({ status: 'SUBMITTED', version: 1 });
      expect((await teams.get(teamId))?.active).toBe(0);
      const now = (await teams.get(teamId))!;
      expect(await requests.reserveOffer({ ...stale, teamVersion: now.version })).toBe('offered');
      expect((await teams.get(teamId))?.active).toBe(1);
    });

    it('refuses an offer judged on a team that no longer handles the service (its version as judged) and takes none of its capacity', async () => {
      const { requests, teams } = subjects();
      const teamId = unique('contract-team');
      const serviceCode = unique('contract-svc');
      await teams.register(teamFixture(teamId, { capacity: 2, services: ['appliance-repair'] }), ['appliance-repair']);
      const request = newRequest(code(), { serviceCode });
      await requests.create({ request, events: [], outbox: [] });

      // The team is at the version the offer names: only its coverage (none for this service) refuses it.
      const judged = { ...change(request, offeredTo(request, teamId)), teamId, teamVersion: (await teams.get(teamId))!.version };
      expect(await requests.reserveOffer(judged)).toBe('team-unavailable');
      expect(await requests.get(request.id)).toMatchObject({ status: 'SUBMITTED', version: 1 });
      expect((await teams.get(teamId))?.active).toBe(0);
      // Unjudged (a team's claim of a wish, staff's choice): the coverage is not asked.
      expect(await requests.reserveOffer({ ...judged, teamVersion: undefined })).toBe('offered');
      expect((await teams.get(teamId))?.active).toBe(1);
    });

    it('keeps a long request’s details whole through its changes, reads and listings', async () => {
      const { requests, teams } = subjects();
      const teamId = unique('contract-team');
      await teams.register(teamFixture(teamId, { capacity: 1 }), ['appliance-repair']);
      const details = {
        description: '家里的收音机没有声音了，老人每天都要听戏曲和新闻。'.repeat(20),
        contact: { name: '王秀兰', phone: '+8613912345678', address: '科大社区3号楼2单元501' },
        attributes: { applianceType: 'radio' },
        preferredTime: '周末上午',
      };
      const created = newRequest(code(), details);
      await requests.create({ request: created, events: [], outbox: [] });
      const before = (await requests.get(created.id))!;
      expect(before).toMatchObject({ ...details, status: 'SUBMITTED' });

      const offered = offeredTo(before, teamId);
      expect(await requests.reserveOffer({ ...change(before, offered), teamId })).toBe('offered');
      expect(await requests.get(created.id)).toMatchObject({ ...details, status: 'OFFERED', version: 2 });
      expect((await requests.getWithTimeline(created.id))?.request).toMatchObject({ ...details, status: 'OFFERED' });
      expect(await requests.findByTrackingCode(created.trackingCode)).toMatchObject(details);
      expect(await requests.openForTeam(teamId, 'OFFERED', 10)).toMatchObject([{ id: created.id, ...details }]);
      const dueAt = new Date(Date.now() - 1000).toISOString();
      const waiting = { ...released((await requests.get(created.id))!), dueAt };
      expect(await requests.releaseOffer({ ...change(offered, waiting), teamId })).toBe('released');
      expect((await requests.dueForSweep(new Date().toISOString(), 1000)).find((r) => r.id === created.id)).toMatchObject({
        ...details,
        status: 'WAITING',
      });
      expect((await requests.waiting(created.serviceCode, created.areaId, 1000)).find((r) => r.id === created.id)).toMatchObject(details);
    });

    it('lists a service’s waiting requests in an area of any level, urgent first, then oldest first, whatever waits elsewhere', async () => {
      const { requests } = subjects();
      const serviceCode = unique('contract-service');
      const at = (minute: number) => new Date(Date.UTC(2026, 10, 29, 2, minute)).toISOString();
      // Ahead of them in time, in a district the area does not reach (堰北, 岱岳区).
      const elsewhere = Array.from({ length: 12 }, (_, i) =>
        newRequest(code(), { serviceCode, areaId: '370911001005', urgency: 'urgent', createdAt: at(0), updatedAt: at(i) }),
      );
      const older = newRequest(code(), { serviceCode, createdAt: at(1), updatedAt: at(1) });
      const urgent = newRequest(code(), { serviceCode, urgency: 'urgent', createdAt: at(3), updatedAt: at(3) });
      const newer = newRequest(code(), { serviceCode, areaId: '370902001012', createdAt: at(2), updatedAt: at(2) });
      const other = newRequest(code(), { serviceCode, createdAt: at(0), updatedAt: at(0) });
      for (const request of [...elsewhere, older, urgent, newer, other]) {
        await requests.create({ request, events: [], outbox: [] });
        if (request !== other) await requests.changeStatus(change(request, withStatus(request, 'WAITING', at(4))));
      }
      const line = async (areaId: string, limit: number) => (await requests.waiting(serviceCode, areaId, limit)).map((r) => r.id);
      expect(await line('370902', 10)).toEqual([urgent.id, older.id, newer.id]);
      expect(await line('370902003009', 10)).toEqual([urgent.id, older.id]);
      expect(await line('370902003009', 1)).toEqual([urgent.id]);
      expect(await line('3709', 20)).toHaveLength(15);
    });

    it('lists the escalated requests by the time of their last change, oldest first', async () => {
      const { requests } = subjects();
      const at = (minute: number) => new Date(Date.UTC(2026, 10, 29, 3, minute)).toISOString();
      const [first, second, third] = [newRequest(code()), newRequest(code()), newRequest(code())];
      // Written out of time order: the list is by time, not by when the write came.
      for (const [request, minute] of [
        [second, 2],
        [third, 3],
        [first, 1],
      ] as const) {
        await requests.create({ request, events: [], outbox: [] });
        const waiting = withStatus(request, 'WAITING', at(0));
        await requests.changeStatus(change(request, waiting));
        await requests.changeStatus(change(waiting, withStatus(waiting, 'ESCALATED', at(minute))));
      }
      const ours = new Set([first.id, second.id, third.id]);
      const listed = (await requests.escalated(1000)).map((r) => r.id).filter((id) => ours.has(id));
      expect(listed).toEqual([first.id, second.id, third.id]);
    });

    it('lists the requests a team holds, offered or accepted, by the time of their last change', async () => {
      const { requests, teams } = subjects();
      const teamId = unique('contract-team');
      await teams.register(teamFixture(teamId, { capacity: 3 }), ['appliance-repair']);
      const at = (minute: number) => new Date(Date.UTC(2026, 10, 29, 4, minute)).toISOString();
      const [early, late, accepted] = [newRequest(code()), newRequest(code()), newRequest(code())];
      for (const [request, minute] of [
        [late, 2],
        [early, 1],
        [accepted, 0],
      ] as const) {
        await requests.create({ request, events: [], outbox: [] });
        const offered = { ...offeredTo(request, teamId), updatedAt: at(minute) };
        await requests.reserveOffer({ ...change(request, offered), teamId });
        if (request === accepted) {
          const { offer: _offer, ...rest } = withStatus(offered, 'ACCEPTED', at(3));
          await requests.changeStatus(change(offered, { ...rest, assignedTeam: { id: teamId, name: teamId } }));
        }
      }
      expect((await requests.openForTeam(teamId, 'OFFERED', 10)).map((r) => r.id)).toEqual([early.id, late.id]);
      expect((await requests.openForTeam(teamId, 'OFFERED', 1)).map((r) => r.id)).toEqual([early.id]);
      expect((await requests.openForTeam(teamId, 'ACCEPTED', 10)).map((r) => r.id)).toEqual([accepted.id]);
    });

    it('hands a team all its open orders, however many pages of a query they fill', async () => {
      const { requests } = subjects();
      const teamId = unique('pages');
      // 200 orders of 6 KB each: past a Query's 1 MB page.
      const orders = Array.from({ length: 200 }, () =>
        newRequest(code(), { status: 'ACCEPTED', assignedTeam: { id: teamId, name: teamId }, description: '科'.repeat(2000) }),
      );
      for (let i = 0; i < orders.length; i += 20)
        await Promise.all(orders.slice(i, i + 20).map((request) => requests.create({ request, events: [], outbox: [] })));
      expect((await requests.openForTeam(teamId, 'ACCEPTED', 1000)).length).toBe(200);
    });

    it('adds a note of a given name once, however many calls race', async () => {
      const { requests } = subjects();
      const request = newRequest(code());
      await requests.create({ request, events: [], outbox: [] });
      const note = {
        requestId: request.id,
        at: new Date().toISOString(),
        seq: 1,
        type: 'NOTE',
        message: { zh: '作废', en: 'voided' },
        actor: 'admin',
      } as const;
      const added = await Promise.all(Array.from({ length: 5 }, () => requests.addNoteOnce(note, 'void-credits')));
      expect(added.filter(Boolean)).toHaveLength(1);
      expect(await requests.addNoteOnce(note, 'another')).toBe(true);
      expect((await requests.getWithTimeline(request.id))?.timeline.filter((e) => e.type === 'NOTE')).toHaveLength(2);
    });

    it('hands the sweep what is due, earliest first, and nothing due later', async () => {
      const { requests } = subjects();
      const now = new Date();
      const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
      const late = newRequest(code(), { dueAt: at(-1) });
      const early = newRequest(code(), { dueAt: at(-5) });
      const later = newRequest(code(), { dueAt: at(5) });
      for (const request of [late, early, later]) await requests.create({ request, events: [], outbox: [] });
      const ours = new Set([late.id, early.id, later.id]);
      const due = async () => (await requests.dueForSweep(now.toISOString(), 1000)).map((r) => r.id).filter((id) => ours.has(id));
      expect(await due()).toEqual([early.id, late.id]);
      // A run's next page starts after the place of the last request it had.
      const pageAfter = async (place: { dueAt: string; id: string }) =>
        (await requests.dueForSweep(now.toISOString(), 1000, place)).map((r) => r.id).filter((id) => ours.has(id));
      expect(await pageAfter({ dueAt: early.dueAt!, id: early.id })).toEqual([late.id]);
      expect(await pageAfter({ dueAt: late.dueAt!, id: late.id })).toEqual([]);
      const { dueAt: _dueAt, ...settled } = early;
      expect(await requests.update(early, { ...settled, version: early.version })).toBe(true);
      expect(await due()).toEqual([late.id]);
      // A copy read before that write (same version, the old due time) can no longer undo it.
      expect(await requests.update(early, { ...early, dueAt: at(10) })).toBe(false);
      expect(await due()).toEqual([late.id]);
    });

    it('keeps the outbox messages written with a request until they are settled, due earliest first', async () => {
      const { requests, outbox } = subjects();
      const now = new Date();
      const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
      const request = newRequest(code());
      const message = (name: string, dueAt: string): OutboxMessage => ({
        id: `${request.id}.${name}`,
        requestId: request.id,
        queue: 'dispatch',
        body: { requestId: request.id, version: 1 },
        dueAt,
      });
      const [late, early, later] = [message('late', at(-1)), message('early', at(-5)), message('later', at(5))];
      await requests.create({ request, events: [], outbox: [late, early, later] });
      const due = async () =>
        (await outbox.due(now.toISOString(), 1000)).filter((m) => m.requestId === request.id).map((m) => [m.id, m.relays ?? 0]);
      expect(await due()).toEqual([
        [early.id, 0],
        [late.id, 0],
      ]);

      await outbox.reschedule(late, at(-10));
      expect(await due()).toEqual([
        [late.id, 1],
        [early.id, 0],
      ]);
      const waiting = withStatus(request, 'WAITING', now.toISOString());
      await requests.changeStatus({ ...change(request, waiting), settles: [late.id] });
      expect(await due()).toEqual([[early.id, 0]]);
      await outbox.remove(request.id, early.id);
      await outbox.reschedule(early, at(-20));
      expect(await due()).toEqual([]);
    });

    it('keeps the later due time when its consumer postponed a message between the relay’s read and its reschedule', async () => {
      const { requests, outbox } = subjects();
      const now = new Date();
      const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
      const request = newRequest(code());
      const message: OutboxMessage = { id: `${request.id}.n`, requestId: request.id, queue: 'notify', body: {}, dueAt: at(-1) };
      await requests.create({ request, events: [], outbox: [message] });
      const dueAt = async () => (await outbox.due(at(24 * 60), 1000)).filter((m) => m.requestId === request.id).map((m) => m.dueAt);
      const [read] = (await outbox.due(now.toISOString(), 1000)).filter((m) => m.requestId === request.id);
      // The consumer puts it off to an offer's deadline; the relay, having read it before, backs it off by 30 s.
      await outbox.postpone(request.id, message.id, at(60));
      await outbox.reschedule(read!, at(0.5));
      expect(await dueAt()).toEqual([at(60)]);
      // Postponed to earlier than the relay's backoff: the backoff, the later, is kept.
      await outbox.postpone(request.id, message.id, at(61));
      await outbox.reschedule(read!, at(90));
      expect(await dueAt()).toEqual([at(90)]);
    });

    it('postpones an outbox message to a later due time only, and leaves a settled one gone', async () => {
      const { requests, outbox } = subjects();
      const now = new Date();
      const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
      const request = newRequest(code());
      const message: OutboxMessage = { id: `${request.id}.n`, requestId: request.id, queue: 'notify', body: {}, dueAt: at(-1) };
      await requests.create({ request, events: [], outbox: [message] });
      const dueAt = async () =>
        (await outbox.due(at(24 * 60), 1000)).filter((m) => m.requestId === request.id).map((m) => [m.dueAt, m.relays ?? 0]);
      await outbox.postpone(request.id, message.id, at(45));
      expect(await dueAt()).toEqual([[at(45), 0]]);
      // Never earlier than it is.
      await outbox.postpone(request.id, message.id, at(10));
      expect(await dueAt()).toEqual([[at(45), 0]]);
      await outbox.remove(request.id, message.id);
      await outbox.postpone(request.id, message.id, at(90));
      expect(await dueAt()).toEqual([]);
    });

    it('moves a notice held for the quiet hours on, its give-up time and its body’s with it, once when held twice at once', async () => {
      const { requests, outbox } = subjects();
      const now = new Date();
      const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
      const request = newRequest(code());
      const body = { requestId: request.id, version: 1, kind: 'accepted', giveUpAt: at(600) };
      const message: OutboxMessage = {
        id: `${request.id}.n`,
        requestId: request.id,
        queue: 'notify',
        body,
        dueAt: at(-1),
        giveUpAt: at(600),
      };
      await requests.create({ request, events: [], outbox: [message] });
      // The relay and a copy's consumer hold it at once, each moving the give-up time it read on by as long.
      await outbox.postpone(request.id, message.id, at(480), at(1080));
      await outbox.postpone(request.id, message.id, at(480), at(1079));
      const [held] = (await outbox.due(at(480), 1000)).filter((m) => m.requestId === request.id);
      expect(held).toMatchObject({ dueAt: at(480), giveUpAt: at(1080), body: { ...body, giveUpAt: at(1080) } });
    });
  });
}
