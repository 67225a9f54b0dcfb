/**
 * The DynamoDB and SQS clients every function calls through, as their factories build them,
 * pointed at a local endpoint that never answers (or stops in the middle of its answer): a call
 * fails, its attempts cut at their bound and retried by the SDK, instead of holding the function
 * until it times out; a queue record whose handling meets it fails, to be delivered again. Small
 * bounds keep the tests fast; the functions' wiring is checked to apply the real ones.
 */
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
import { useUnansweringServer } from '../../support/unanswering-server';

const server = useUnansweringServer({ contentType: 'application/x-amz-json-1.0', stalledBody: '{"Item":{"pk":', slowMs: 300 });
afterEach(() => vi.unstubAllEnvs());

const bounds: SocketBounds = { connectMs: 200, silenceMs: 300 };
const config = () => ({
  endpoint: server().endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const queueUrl = () => `${server().endpoint}/000000000000/paidan-dispatch`;
const dispatchMessage = { id: 'msg-1', queue: 'dispatch' as const, body: { requestId: 'r1', version: 1 } };

const calls = [
  {
    name: 'a DynamoDB call',
    call: () =>
      createDocumentClient(dynamoClient(config(), bounds)).send(new GetCommand({ TableName: 'paidan', Key: { pk: 'a', sk: 'b' } })),
  },
  {
    name: 'an SQS call',
    call: () => sqsClient(config(), bounds).send(new SendMessageCommand({ QueueUrl: queueUrl(), MessageBody: '{}' })),
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

describe('a DynamoDB client with more calls at once than sockets', () => {
  it('cuts none of them while they wait for a socket: only a connection’s own silence counts', async () => {
    server().mode = 'slow';
    // 200 calls on 50 sockets: the last wait about 3 × 300 ms for one, longer than the bound.
    // Connecting is not what is tested here: its bound is wide, so a loaded machine's slow connects cut nothing.
    const db = createDocumentClient(dynamoClient(config(), { connectMs: 5000, silenceMs: 1000 }));
    const calls = Array.from({ length: 200 }, (_, i) => db.send(new GetCommand({ TableName: 'paidan', Key: { pk: `p${i}`, sk: 's' } })));
    const answers = await Promise.all(calls);
    expect(answers.map((a) => a.$metadata.attempts)).toEqual(answers.map(() => 1));
    expect(server().attempts).toBe(200);
  });
});

describe('the adapters on these clients', () => {
  it('a message published to a queue that never answers is not sent, and the caller hears of it', async () => {
    const publisher = new SqsQueuePublisher(sqsClient(config(), bounds), { dispatch: queueUrl() });
    expect((await rejection(publisher.publish(dispatchMessage))).name).toBe('TimeoutError');
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
  it('bound each attempt by TABLE_CALL_BOUNDS and QUEUE_CALL_BOUNDS', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', server().endpoint);
    vi.stubEnv('AWS_ENDPOINT_URL_SQS', server().endpoint);
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    // One attempt each: the message names the bound that cut it, without waiting out the SDK's retries.
    vi.stubEnv('AWS_MAX_ATTEMPTS', '1');
    for (const name of environmentNames(topology.functions['dispatch-request'])) {
      vi.stubEnv(name, name === 'TABLE_NAME' ? 'paidan' : `${server().endpoint}/000000000000/paidan-${name.toLowerCase()}`);
    }
    const { tables, publisher } = functionContext('dispatch-request', { requests: table.requests }, queuePublisher);
    const record = { messageId: 'm1', receiptHandle: 'rh', eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:paidan-dispatch' };
    const [read, published, postponed] = await Promise.all([
      rejection(tables.requests.get('r1')),
      rejection(publisher.publish({ ...dispatchMessage, queue: 'notify' })),
      rejection(sqsRedelivery().postpone(record as unknown as SQSRecord)),
    ]);
    expect(read.message).toContain(`after ${TABLE_CALL_BOUNDS.silenceMs} ms of inactivity (configured by client requestHandler)`);
    expect(published.message).toContain(`after ${QUEUE_CALL_BOUNDS.silenceMs} ms of inactivity (configured by client requestHandler)`);
    expect(postponed.message).toContain(`after ${QUEUE_CALL_BOUNDS.silenceMs} ms of inactivity (configured by client requestHandler)`);
  }, 15_000);

  it('leave the local event source’s long polls whole: its bound is above their wait', () => {
    expect(POLL_BOUNDS.silenceMs).toBeGreaterThan(WAIT_SECONDS * 1000);
  });
});
