/**
 * What a handler with table access needs, from its topology entry in one call: its
 * environment (`functionEnv`), its logger, the clock, the table adapters it names, and a
 * publisher holding the URLs of exactly the queues it may send to. Built once, at cold start.
 *
 * Bundles carry only what a function uses: it names its adapters by their factories
 * (`functionContext('list-services', { catalog: table.catalog })`, `import * as table` from
 * `table-adapters.ts`), so no other adapter's code is in its bundle; a function that sends to
 * queues passes the publisher's factory (`functionContext('submit-request', { ... },
 * queuePublisher)`; the types require it exactly then), so the others carry no SQS client;
 * functions without a table (the two console pages, the dead-letter tool) take `functionEnv`
 * alone and carry no DynamoDB client.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Logger } from '@aws-lambda-powertools/logger';
import { createDocumentClient, dynamoClient } from '#shared/adapters/dynamo/client';
import { type FunctionEnv, functionEnv } from '#shared/config/function-env';
import { createLogger } from '#shared/observability/logger';
import { type Clock, systemClock } from '#shared/ports/clock';
import type { QueuePublisher } from '#shared/ports/queue-publisher';
import { queueUrlEnv, type SendQueue, sendQueuesOf, type TableFunction, topology } from '#shared/topology/topology';
import type { queuePublisher } from './queue-publisher';
import { type AdapterFactories, type Adapters, buildAdapters } from './table-adapters';

export type FunctionContext<N extends TableFunction, F extends AdapterFactories> = {
  readonly env: FunctionEnv<N>;
  readonly logger: Logger;
  readonly clock: Clock;
  /** The table adapters the function named; status changes written through `requests` announce themselves through `publisher`. */
  readonly tables: Adapters<F>;
  /** The container's DynamoDB clients, for adapters built beside the table's (statistics counters, delivery log). */
  readonly dynamo: DynamoDBClient;
  readonly db: ReturnType<typeof createDocumentClient>;
} & ([SendQueue<N>] extends [never] ? unknown : { readonly publisher: QueuePublisher });

/** The publisher's factory (`queuePublisher`, or `queuePublisherOnFirstUse`), for a function that may send to a queue; nothing otherwise. */
type Sending<N extends TableFunction> = [SendQueue<N>] extends [never]
  ? []
  : [publisherOf: (urls: Parameters<typeof queuePublisher>[0]) => QueuePublisher];

export function functionContext<N extends TableFunction, F extends AdapterFactories>(
  name: N,
  adapters: F,
  ...[publisherOf]: Sending<N>
): FunctionContext<N, F> {
  const env: Record<string, string> = functionEnv(name);
  const sends = sendQueuesOf(topology.functions[name]);
  const publisher = publisherOf?.(Object.fromEntries(sends.map((q) => [q, env[queueUrlEnv(q)]])));
  const dynamo = dynamoClient();
  const db = createDocumentClient(dynamo);
  const tables = buildAdapters(adapters, { db, tableName: env.TABLE_NAME ?? '', ...(publisher ? { notify: publisher } : {}) });
  return {
    env,
    logger: createLogger(name),
    clock: systemClock,
    tables,
    dynamo,
    db,
    ...(publisher ? { publisher } : {}),
  } as FunctionContext<N, F>;
}
