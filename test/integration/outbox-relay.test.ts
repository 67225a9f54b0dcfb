import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { keys } from '#shared/adapters/dynamo/keys';
import { parseSubmission } from '#shared/domain/submission';
import type { QueuePublisher } from '#shared/ports/queue-publisher';
import { submitRequest } from '#shared/use-cases/submit-request';
import { validSubmission } from '../support/http';
import { legacyOutboxItem } from '../support/legacy-outbox';
import { eventually, useLocalStack } from '../support/local-stack';

const local = useLocalStack();
const db = () => createDocumentClient(local().stack.dynamodb);
const tableName = () => local().stack.tableName;
const item = async (key: object) => (await db().send(new GetCommand({ TableName: tableName(), Key: key }))).Item;

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

    await eventually(async () => (await adapters.requests.get(result.submitted.id))?.status === 'ESCALATED');
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
    await eventually(async () => (await adapters.requests.get(result.submitted.id))?.status === 'ESCALATED');
    // Nothing left for the relay: the dispatch settled, and the escalation's notice is sent and settled too.
    await eventually(async () => (await adapters.outbox.due(new Date(Date.now() + 86_400_000).toISOString(), 100)).length === 0);
  });

  it('is kept in the outbox partition, with no index entry, and not beside its request', async () => {
    const { adapters } = local();
    const result = await submitRequest(
      { ...adapters, publisher: refusingPublisher, clock: { now: () => new Date() } },
      { submission: parseSubmission(validSubmission()), channel: 'api' },
    );
    const id = `${result.submitted.id}.v1.dispatch`;
    const stored = await item(keys.outbox(result.submitted.id, id));
    expect(stored).toMatchObject({ pk: keys.outboxPartition, id, queue: 'dispatch' });
    expect(Object.keys(stored!).filter((name) => name.startsWith('gsi'))).toEqual([]);
    expect(await item({ pk: `REQ#${result.submitted.id}`, sk: `OUTBOX#${id}` })).toBeUndefined();
    // Settled here, so the tests after it see only their own.
    await adapters.outbox.remove(result.submitted.id, id);
    expect(await item(keys.outbox(result.submitted.id, id))).toBeUndefined();
  });

  it('left beside its request by the version before, is moved to the outbox partition and relayed, so the request is dispatched', async () => {
    const { adapters, stack } = local();
    const result = await submitRequest(
      { ...adapters, publisher: refusingPublisher, clock: { now: () => new Date() } },
      { submission: parseSubmission(validSubmission()), channel: 'api' },
    );
    const requestId = result.submitted.id;
    const id = `${requestId}.v1.dispatch`;
    // As the version before wrote it, due a minute ago.
    const legacy = { ...(await adapters.outbox.due(new Date(Date.now() + 60_000).toISOString(), 100)).find((m) => m.id === id)! };
    await db().send(new DeleteCommand({ TableName: tableName(), Key: keys.outbox(requestId, id) }));
    const dueAt = new Date(Date.now() - 60_000).toISOString();
    await db().send(new PutCommand({ TableName: tableName(), Item: legacyOutboxItem({ ...legacy, dueAt, relays: 0 }) }));

    const reconcile = stack.schedules.find((s) => s.functionName === 'reconcile-outbox')!;
    expect(await reconcile.runNow()).toEqual({ relayed: 1, failed: 0 });
    expect(await item({ pk: `REQ#${requestId}`, sk: `OUTBOX#${id}` })).toBeUndefined();
    await eventually(async () => (await adapters.requests.get(requestId))?.status === 'ESCALATED');
    await eventually(async () => (await item(keys.outbox(requestId, id))) === undefined);
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
