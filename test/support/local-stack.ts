/** Starts the local stack once for a test file and stops it after, awaiting both. */
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { queuePublisher, tableAdapters } from '#shared/wiring/composition';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { demoData, seedDemoData } from '#shared/seed/seed-demo-data';
import { testAreas } from './test-areas';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '#infra/local/local-stack';
import { PortInUseError } from '#infra/local/ports';
import { silentLog } from '#infra/local/log-line';
import type { QueueName } from '#shared/topology/topology';

export interface StackHandle {
  readonly stack: LocalStack;
  readonly url: string;
  readonly adapters: ReturnType<typeof tableAdapters>;
}

/**
 * `seed`: load the demo menu and areas (default true): the tested part of the city
 * (`testAreas`), or with `wholeCity` all 3,878 areas; `teams`: the demo teams too (default
 * false, so a request waits for a team and intake tests see one outcome).
 */
/** Limits no test reaches by accident; the rate-limit tests ask for the real ones (`realLimits`). */
const UNLIMITED = { limit: 1_000_000, windowSeconds: 60 };

export function useLocalStack(
  options: LocalStackOptions & { seed?: boolean; teams?: boolean; realLimits?: boolean; wholeCity?: boolean } = {},
): () => StackHandle {
  let handle: StackHandle | undefined;
  beforeAll(async () => {
    // The run's one DynamoDB Local (test/support/dynamodb-global.ts), a table of this file's own.
    const sharedDynamoDb = { endpoint: inject('dynamodbEndpoint'), tableName: `paidan-${randomUUID().slice(0, 8)}` };
    const start = () => startLocalStack({ port: 0, log: silentLog, runSchedules: false, sharedDynamoDb, ...options });
    // The free port is found before the API listens on it (links need it first); another test
    // process can take it in between: then the stack stops itself, and starts again on another.
    const stack = await start().catch((error: unknown) => {
      if (error instanceof PortInUseError) return start();
      throw error;
    });
    // Like a function with notify access: notices of changes made here are sent at once.
    const notify = queuePublisher({ notify: stack.queues.notify.url }, stack.sqs);
    const adapters = tableAdapters(stack.tableName, createDocumentClient(stack.dynamodb), notify);
    if (options.seed !== false) {
      const areas = options.wholeCity ? demoData.areas : testAreas;
      await seedDemoData(adapters, { ...demoData, areas, teams: options.teams ? demoData.teams : [] });
    }
    if (!options.realLimits)
      await adapters.limiter.setIntakeLimits({ perPhone: UNLIMITED, perAddress: UNLIMITED, lookupsPerAddress: UNLIMITED });
    handle = { stack, url: stack.apiUrl, adapters };
  });
  afterAll(async () => {
    await handle?.stack.stop();
  });
  return () => {
    if (!handle) throw new Error('local stack not started');
    return handle;
  };
}

/**
 * Polls `probe` until it returns something truthy. The default deadline is long enough for a
 * loaded CI machine (two cores running DynamoDB Local, the queue server and the consumers): it
 * costs time only when the condition is never met. Keep it well under the integration project's
 * testTimeout in vitest.config.ts.
 */
export const EVENTUALLY_MS = 30_000;

export async function eventually<T>(probe: () => Promise<T | undefined | false>, timeoutMs = EVENTUALLY_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const DEPTH = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] as const;

async function messagesOn(stack: LocalStack, url: string): Promise<number> {
  const out = await stack.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [...DEPTH] }));
  return DEPTH.reduce((n, name) => n + Number(out.Attributes?.[name] ?? 0), 0);
}

/**
 * Messages still on a queue (waiting, in flight, or just sent and not yet visible) and on its DLQ.
 * `pending` 0 means every message sent so far has left the queue: deleted by its consumer after
 * a successful run, or moved to the DLQ; an unchanged `dead` tells the two apart.
 */
export async function queueDepth(stack: LocalStack, queue: QueueName): Promise<{ pending: number; dead: number }> {
  const { url, dlqUrl } = stack.queues[queue];
  const [pending, dead] = await Promise.all([messagesOn(stack, url), messagesOn(stack, dlqUrl)]);
  return { pending, dead };
}

/** Waits until `queue` holds no message at all, and returns how many its DLQ holds then. */
export async function drained(stack: LocalStack, queue: QueueName, timeoutMs = EVENTUALLY_MS): Promise<number> {
  const depth = await eventually(async () => {
    const d = await queueDepth(stack, queue);
    return d.pending === 0 && d;
  }, timeoutMs);
  return depth.dead;
}
