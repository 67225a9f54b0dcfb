/**
 * The DynamoDB and SQS clients every function calls through, as their factories build them,
 * pointed at a local endpoint that never answers (or stops in the middle of its answer, or never
 * completes a connection): a call fails, its attempts cut at their bound and retried by the SDK,
 * instead of holding the function until it times out; a queue record whose handling meets it
 * fails, to be delivered again. A call waiting for one of the client's sockets is not cut for it.
 * Small bounds keep the tests fast; the functions' wiring is checked to apply the real ones.
 */
import type { Agent } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSRecord } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDocumentClient, dynamoClient } from '#shared/adapters/dynamo/client';
import { QUEUE_CALL_BOUNDS, type SocketBounds, TABLE_CALL_BOUNDS } from '#shared/adapters/sdk-call-bounds';
import { sqsClient } from '#shared/adapters/sqs/client';
import { SqsQueuePublisher } from '#shared/adapters/sqs/queue-publisher';
import { sqsRedelivery } from '#shared/adapters/sqs/redelivery';
import { sqsHandler } from '#shared/lambda/sqs-handler';
import { createLogger } from '#shared/observability/logger';
import { environmentNames, topology } from '#shared/topology/topology';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { queuePublisher, tableAdapters } from '#shared/wiring/composition';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';
import { POLL_BOUNDS, WAIT_SECONDS } from '../../../infra/local/queue-poller';
import { rejection } from '../../support/rejection';
import { useUnacceptingPort } from '../../support/unaccepting-port';
import { useUnansweringServer } from '../../support/unanswering-server';

const server = useUnansweringServer({ contentType: 'application/x-amz-json-1.0', stalledBody: '{"Item":{"pk":', slowMs: 300 });
const unaccepting = useUnacceptingPort();
afterEach(() => vi.unstubAllEnvs());

const bounds: SocketBounds = { connectMs: 200, silenceMs: 300 };
const config = (endpoint = server().endpoint) => ({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const queueUrl = (endpoint = server().endpoint) => `${endpoint}/000000000000/paidan-dispatch`;
const dispatchMessage = { id: 'msg-1', queue: 'dispatch' as const, body: { requestId: 'r1', version: 1 } };

const calls = [
  {
    name: 'a DynamoDB call',
    call: (endpoint?: string) =>
      createDocumentClient(dynamoClient(config(endpoint), bounds)).send(new GetCommand({ TableName: 'paidan', Key: { pk: 'a', sk: 'b' } })),
  },
  {
    name: 'an SQS call',
    call: (endpoint?: string) =>
      sqsClient(config(endpoint), bounds).send(new SendMessageCommand({ QueueUrl: queueUrl(endpoint), MessageBody: '{}' })),
  },
];

describe.each(calls)('$name against an endpoint that never answers', ({ call }) => {
  it('cuts each attempt once its connection is silent for the bound, is retried by the SDK, and fails with a TimeoutError', async () => {
    const e = await rejection(call());
    expect(e.name).toBe('TimeoutError');
    expect(e.message).toContain(`after ${bounds.silenceMs} ms of inactivity`);
    expect(server().attempts).toBeGreaterThan(1);
  });

  it('fails when the answer stops in the middle of its body', async () => {
    server().mode = 'stall';
    const e = await rejection(call());
    expect(e.name).toBe('TimeoutError');
    expect(server().attempts).toBeGreaterThan(1);
  });
});

describe.each(calls)('$name against an endpoint that never completes a connection', ({ call }) => {
  it('cuts each attempt at the connect bound, is retried by the SDK, and fails with a TimeoutError', async () => {
    const e = await rejection(call(unaccepting()));
    expect(e.name).toBe('TimeoutError');
    expect(e.message).toContain(`did not connect within ${bounds.connectMs} ms`);
    expect((e as { $metadata?: { attempts?: number } }).$metadata?.attempts).toBeGreaterThan(1);
  });
});

describe('a DynamoDB client with more calls at once than sockets', () => {
  const get = (db: ReturnType<typeof createDocumentClient>, i: number) =>
    db.send(new GetCommand({ TableName: 'paidan', Key: { pk: `p${i}`, sk: 's' } }));

  it('cuts none of them while they wait for a socket: only a connection’s own silence counts', async () => {
    server().mode = 'slow';
    // 200 calls on 50 sockets: the last wait about 3 × 300 ms for one, longer than both bounds.
    const db = createDocumentClient(dynamoClient(config(), { connectMs: bounds.connectMs, silenceMs: 1000 }));
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => get(db, i)));
    expect(answers.map((a) => a.$metadata.attempts)).toEqual(answers.map(() => 1));
    expect(server().attempts).toBe(200);
  });

  it('does not count a call’s wait for a socket as connecting', async () => {
    const client = dynamoClient({ ...config(), maxAttempts: 1 }, { connectMs: bounds.connectMs, silenceMs: 10_000 });
    const db = createDocumentClient(client);
    const agent = () =>
      (client.config.requestHandler as unknown as { httpHandlerConfigs(): { httpAgent?: Agent } }).httpHandlerConfigs().httpAgent;
    const count = (byHost: NodeJS.ReadOnlyDict<unknown[]> = {}) => Object.values(byHost).flat().length;
    // 50 calls the server holds take every socket; one more waits for one.
    const holding = Promise.allSettled(Array.from({ length: 50 }, (_, i) => get(db, i)));
    await vi.waitFor(() => expect(count(agent()?.sockets)).toBe(50), { timeout: 10_000 });
    let settled = false;
    const waiting = get(db, 50)
      .then(
        (answer) => answer,
        (error: Error) => error,
      )
      .finally(() => (settled = true));
    await vi.waitFor(() => expect(settled || count(agent()?.requests) === 1).toBe(true), { timeout: 10_000 });
    // It waits past its connect bound: no assertion on time, and none depends on it, since a
    // connect clock started with the wait would run out before this one (timers run in order).
    await delay(2 * bounds.connectMs);
    server().mode = 'answer';
    server().answerHeld();
    expect(await waiting).not.toBeInstanceOf(Error);
    expect((await holding).map((h) => h.status)).toEqual(Array(50).fill('fulfilled'));
    expect(server().attempts).toBe(51);
  });
});

describe('the adapters on these clients', () => {
  it('a message published to a queue that never answers is not sent, and the caller hears of it', async () => {
    const publisher = new SqsQueuePublisher(sqsClient(config(), bounds), { dispatch: queueUrl() });
    expect((await rejection(publisher.publish(dispatchMessage))).name).toBe('TimeoutError');
  });

  it('a publish given a signal gives up when it aborts, however long the client would wait', async () => {
    const patient = new SqsQueuePublisher(sqsClient(config(), { connectMs: 60_000, silenceMs: 60_000 }), { dispatch: queueUrl() });
    const abort = new AbortController();
    const published = rejection(patient.publish(dispatchMessage, { signal: abort.signal }));
    await vi.waitFor(() => expect(server().attempts).toBe(1));
    abort.abort();
    expect((await published).name).toBe('AbortError');
  });

  it('a queue record whose table call times out is reported failed, to be delivered again', async () => {
    const deps = { ...tableAdapters('paidan', createDocumentClient(dynamoClient(config(), bounds))), clock: { now: () => new Date() } };
    const postponed: string[] = [];
    const handler = sqsHandler(createLogger('test'), async (r) => void (await dispatchRequest(deps, { requestId: r.body, version: 1 })), {
      redelivery: { postpone: async (r) => (postponed.push(r.messageId), 60), release: async () => undefined },
    });
    const record = {
      messageId: 'm1',
      receiptHandle: 'rh',
      body: 'r1',
      attributes: { ApproximateReceiveCount: '1' },
    } as unknown as SQSRecord;
    const context = { getRemainingTimeInMillis: () => 30_000 } as unknown as Context;
    expect(await handler({ Records: [record] }, context)).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
    expect(postponed).toEqual(['m1']);
    expect(server().attempts).toBeGreaterThan(1);
  });
});

describe('the clients as the functions get them', () => {
  /** A table read, a publish and a postponement, through the clients of `dispatch-request` pointed at `endpoint`: their errors. */
  function callsOfAFunction(endpoint: string) {
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', endpoint);
    vi.stubEnv('AWS_ENDPOINT_URL_SQS', endpoint);
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    // One attempt each: the message names the bound that cut it, without waiting out the SDK's retries.
    vi.stubEnv('AWS_MAX_ATTEMPTS', '1');
    for (const name of environmentNames(topology.functions['dispatch-request'])) {
      vi.stubEnv(name, name === 'TABLE_NAME' ? 'paidan' : `${endpoint}/000000000000/paidan-${name.toLowerCase()}`);
    }
    const { tables, publisher } = functionContext('dispatch-request', { requests: table.requests }, queuePublisher);
    const record = { messageId: 'm1', receiptHandle: 'rh', eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:paidan-dispatch' };
    return Promise.all([
      rejection(tables.requests.get('r1')),
      rejection(publisher.publish({ ...dispatchMessage, queue: 'notify' })),
      rejection(sqsRedelivery().postpone(record as unknown as SQSRecord)),
    ]);
  }

  it('bound each attempt by TABLE_CALL_BOUNDS and QUEUE_CALL_BOUNDS', async () => {
    const [read, published, postponed] = await callsOfAFunction(server().endpoint);
    expect(read.message).toContain(`after ${TABLE_CALL_BOUNDS.silenceMs} ms of inactivity (configured by client requestHandler)`);
    expect(published.message).toContain(`after ${QUEUE_CALL_BOUNDS.silenceMs} ms of inactivity (configured by client requestHandler)`);
    expect(postponed.message).toContain(`after ${QUEUE_CALL_BOUNDS.silenceMs} ms of inactivity (configured by client requestHandler)`);
  }, 15_000);

  it('bound each attempt’s connecting by TABLE_CALL_BOUNDS and QUEUE_CALL_BOUNDS', async () => {
    const [read, published, postponed] = await callsOfAFunction(unaccepting());
    expect(read.message).toContain(`did not connect within ${TABLE_CALL_BOUNDS.connectMs} ms`);
    expect(published.message).toContain(`did not connect within ${QUEUE_CALL_BOUNDS.connectMs} ms`);
    expect(postponed.message).toContain(`did not connect within ${QUEUE_CALL_BOUNDS.connectMs} ms`);
  }, 15_000);

  it('leave the local event source’s long polls whole: its bound is above their wait', () => {
    expect(POLL_BOUNDS.silenceMs).toBeGreaterThan(WAIT_SECONDS * 1000);
  });
});
