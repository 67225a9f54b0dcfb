import { describe, expect, it } from 'vitest';
import { parseSubmission } from '#shared/domain/submission';
import type { QueuePublisher } from '#shared/ports/queue-publisher';
import { submitRequest } from '#shared/use-cases/submit-request';
import { validSubmission } from '../support/http';
import { eventually, useLocalStack } from '../support/local-stack';

const local = useLocalStack();

const refusingPublisher: QueuePublisher = {
  publish: async () => {
    throw Object.assign(new Error('SQS is unreachable'), { name: 'ServiceUnavailable' });
  },
};

describe('a dispatch message whose send failed', () => {
  it('stays in the outbox and is relayed by the scheduled reconciler, so the request is dispatched', async () => {
    const { adapters, stack } = local();
    // Submitted a minute ago, so its outbox message is already due for the relay.
    const clock = { now: () => new Date(Date.now() - 60_000) };
    const result = await submitRequest(
      { ...adapters, publisher: refusingPublisher, clock },
      { submission: parseSubmission(validSubmission()), channel: 'api' },
    );
    expect(result.queued).toBe(false);
    const pending = await adapters.outbox.due(new Date().toISOString(), 100);
    expect(pending.map((m) => m.requestId)).toEqual([result.submitted.id]);
    expect((await adapters.requests.get(result.submitted.id))?.status).toBe('SUBMITTED');

    const reconcile = stack.schedules.find((s) => s.functionName === 'reconcile-outbox')!;
    expect(await reconcile.runNow()).toEqual({ relayed: 1, failed: 0 });

    await eventually(async () => (await adapters.requests.get(result.submitted.id))?.status === 'WAITING');
    expect(await adapters.outbox.due(new Date().toISOString(), 100)).toEqual([]);
  });

  it('is relayed again when the queue took it but lost it, so the request is still dispatched', async () => {
    const { adapters, stack } = local();
    const lost: string[] = [];
    const losingPublisher: QueuePublisher = { publish: async (message) => void lost.push(message.id) };
    const result = await submitRequest(
      { ...adapters, publisher: losingPublisher, clock: { now: () => new Date(Date.now() - 60_000) } },
      { submission: parseSubmission(validSubmission()), channel: 'api' },
    );
    expect(result.queued).toBe(true);
    expect(lost).toEqual([`${result.submitted.id}.v1.dispatch`]);
    const reconcile = stack.schedules.find((s) => s.functionName === 'reconcile-outbox')!;
    expect(await reconcile.runNow()).toEqual({ relayed: 1, failed: 0 });
    await eventually(async () => (await adapters.requests.get(result.submitted.id))?.status === 'WAITING');
    expect(await adapters.outbox.due(new Date(Date.now() + 86_400_000).toISOString(), 100)).toEqual([]);
  });

  it('is not relayed before its grace period, while the direct send may still be confirmed', async () => {
    const { adapters, stack } = local();
    const result = await submitRequest(
      { ...adapters, publisher: refusingPublisher, clock: { now: () => new Date() } },
      { submission: parseSubmission(validSubmission()), channel: 'api' },
    );
    const reconcile = stack.schedules.find((s) => s.functionName === 'reconcile-outbox')!;
    expect(await reconcile.runNow()).toEqual({ relayed: 0, failed: 0 });
    expect((await adapters.requests.get(result.submitted.id))?.status).toBe('SUBMITTED');
  });
});
