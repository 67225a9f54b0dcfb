import { beforeEach, describe, expect, it } from 'vitest';
import type { RequestFact } from '#shared/domain/request-fact';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { acceptOffer, declineOffer } from '#shared/use-cases/answer-offer';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { announcingChanges } from '#shared/use-cases/change-announcing-repository';
import { submitRequest } from '#shared/use-cases/submit-request';
import { residentSubmission, requestFixture, teamFixture } from '../../support/fixtures';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { RecordingPublisher } from '#shared/adapters/memory/queue-publisher';
import { MemoryRequests } from '#shared/adapters/memory/request-repository';
import type { RequestRepository } from '#shared/ports/request-repository';

let mem: MemoryDeps;
let store: MemoryDeps['requests'];
let publisher: MemoryDeps['publisher'];
const now = new Date('2026-11-29T02:00:00.000Z');

const deps = () => ({ ...mem, requests: announcingChanges(store, mem.clock, publisher) });

const storedFacts = () => store.facts.stored;

async function submitted(): Promise<string> {
  const submission = residentSubmission();
  return (await submitRequest(deps(), { submission, channel: 'api' })).submitted.id;
}

beforeEach(async () => {
  mem = memoryDeps({ clock: { now: () => now }, services: demoServices, areas: demoAreas });
  store = mem.requests;
  publisher = mem.publisher;
  await mem.teams.register(teamFixture('a', { servesAreaId: '370902' }), ['appliance-repair']);
});

describe('facts written with every change', () => {
  it('stores a fact with the creation and each status change, and sends none: the facts are not messages', async () => {
    const id = await submitted();
    await dispatchRequest(deps(), { requestId: id, version: 1 });
    await acceptOffer(deps(), id, 'a');
    expect(storedFacts().map((f): Partial<RequestFact> => ({ version: f.version, from: f.from, to: f.to, teamId: f.teamId }))).toEqual([
      { version: 1, from: undefined, to: 'SUBMITTED', teamId: undefined },
      { version: 2, from: 'SUBMITTED', to: 'OFFERED', teamId: 'a' },
      { version: 3, from: 'OFFERED', to: 'ACCEPTED', teamId: 'a' },
    ]);
    expect(storedFacts().every((f) => f.requestId === id && f.at === now.toISOString())).toBe(true);
    expect(new Set(publisher.sent.map((m) => m.queue))).toEqual(new Set(['dispatch', 'notify']));
    expect([...store.outboxMessages.values()].map((m) => m.queue)).not.toContain('stats');
  });

  it('stores the fact of a release, also when the queue is down', async () => {
    const id = await submitted();
    await dispatchRequest(deps(), { requestId: id, version: 1 });
    publisher.failing = true;
    await declineOffer(deps(), id, 'a', 'busy');
    expect(storedFacts().find((f) => f.version === 3)).toMatchObject({
      from: 'OFFERED',
      to: 'WAITING',
      teamId: 'a',
      release: { cause: 'declined' },
    });
  });

  it('writes no fact for a reservation that did not happen', async () => {
    await mem.teams.register(teamFixture('a', { servesAreaId: '370902', paused: true }), ['appliance-repair']);
    const id = await submitted();
    await dispatchRequest(deps(), { requestId: id, version: 1 });
    expect(store.requests.get(id)!.status).toBe('WAITING');
    expect(storedFacts().map((f) => [f.version, f.to])).toEqual([
      [1, 'SUBMITTED'],
      [2, 'WAITING'],
    ]);
  });
});

describe('announcingChanges', () => {
  it('announces a new request: its notices go into its outbox and out through the publisher, its fact is stored', async () => {
    const store = new MemoryRequests();
    const publisher = new RecordingPublisher();
    const request = requestFixture();
    await announcingChanges(store, { now: () => now }, publisher).create({ request, events: [], outbox: [] });
    expect(store.facts.stored.map((f) => [f.requestId, f.version, f.to])).toEqual([[request.id, request.version, request.status]]);
    expect([...store.outboxMessages.values()].map((m) => m.id).sort()).toEqual(publisher.sent.map((m) => m.id).sort());
  });

  it('leaves every other method to the inner repository, run on the inner repository itself', async () => {
    const store = new MemoryRequests();
    const request = requestFixture();
    await store.create({ request, events: [], outbox: [] });
    const calls: string[] = [];
    let wrapped: RequestRepository | undefined;
    // A repository whose methods keep state on `this`: a method run on the wrapper would lose it.
    const inner = new Proxy(store, {
      get(target, key) {
        const value = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        return function (this: unknown, ...args: unknown[]) {
          calls.push(`${String(key)}:${this === wrapped ? 'wrapper' : 'inner'}`);
          return value.apply(this, args);
        };
      },
    }) as RequestRepository;
    wrapped = announcingChanges(inner, { now: () => now });
    expect(await wrapped.get(request.id)).toEqual(request);
    expect(await wrapped.findByTrackingCode(request.trackingCode)).toEqual(request);
    expect(await wrapped.escalated(10)).toEqual([]);
    expect(calls).toEqual(['get:inner', 'findByTrackingCode:inner', 'escalated:inner']);
  });
});
