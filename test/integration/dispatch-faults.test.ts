import { describe, expect, it } from 'vitest';
import { tableAdapters } from '#shared/wiring/composition';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { dispatchRequest, type DispatchMessageBody } from '#shared/use-cases/dispatch-request';
import { faultyDynamoClient } from '../support/faulty-dynamodb';
import { requestFixture, teamFixture } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';

const local = useLocalStack();
describe('dispatch under injected faults', () => {
  it('neither oversubscribes, loses nor double-offers with 20% conflicts and throttling and crashes after commit', async () => {
    const { stack, adapters } = local();
    await adapters.teams.register(teamFixture('faulty-five', { services: ['fault-test'] }), ['fault-test']);
    const messages: DispatchMessageBody[] = [];
    for (let i = 0; i < 60; i++) {
      const request = requestFixture({ serviceCode: 'fault-test' });
      await adapters.requests.create({ request, events: [], outbox: [] });
      messages.push({ requestId: request.id, version: 1 });
    }

    const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB!;
    const { client, counts } = faultyDynamoClient(endpoint, { throttle: 0.1, conflict: 0.1, crashAfterCommit: 0.1 });
    const faulty = { ...tableAdapters(stack.tableName, createDocumentClient(client)), clock: { now: () => new Date() } };
    // Every message is delivered at least once more after a failure, as SQS redelivers; some
    // are also delivered twice at once.
    let pending = [...messages, ...messages.slice(0, 20)];
    for (let round = 0; pending.length > 0 && round < 50; round++) {
      const results = await Promise.allSettled(pending.map((m) => dispatchRequest(faulty, m)));
      pending = pending.filter((_, i) => results[i]!.status === 'rejected');
    }
    expect(pending).toEqual([]);
    expect(counts.throttled + counts.conflicted).toBeGreaterThan(10);
    expect(counts.crashedAfterCommit).toBeGreaterThan(0);

    const stored = await Promise.all(messages.map((m) => adapters.requests.getWithTimeline(m.requestId)));
    expect(stored.filter((s) => s!.request.status === 'OFFERED')).toHaveLength(5);
    expect(stored.filter((s) => s!.request.status === 'WAITING')).toHaveLength(55);
    for (const s of stored) {
      expect(s!.timeline.filter((e) => e.status === 'OFFERED' || e.status === 'WAITING')).toHaveLength(1);
    }
    expect((await adapters.teams.get('faulty-five'))!.active).toBe(5);
  });
});
