import { describe, expect, it } from 'vitest';
import { RecordingPublisher } from '#shared/adapters/memory/queue-publisher';
import { MemoryRequests } from '#shared/adapters/memory/request-repository';
import type { RequestRepository } from '#shared/ports/request-repository';
import { announcingChanges } from '#shared/use-cases/change-announcing-repository';
import { requestFixture } from '../../support/fixtures';

const clock = { now: () => new Date('2026-11-29T02:00:00.000Z') };

describe('announcingChanges', () => {
  it('announces a new request: its fact and notices go into its outbox and out through the publisher', async () => {
    const store = new MemoryRequests();
    const publisher = new RecordingPublisher();
    const request = requestFixture();
    await announcingChanges(store, clock, publisher).create({ request, events: [], outbox: [] });
    expect(publisher.sent.map((m) => m.queue)).toContain('stats');
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
    wrapped = announcingChanges(inner, clock);
    expect(await wrapped.get(request.id)).toEqual(request);
    expect(await wrapped.findByTrackingCode(request.trackingCode)).toEqual(request);
    expect(await wrapped.escalated(10)).toEqual([]);
    expect(calls).toEqual(['get:inner', 'findByTrackingCode:inner', 'escalated:inner']);
  });
});
