/** Starts the local stack once for a test file and stops it after, awaiting both. */
import { afterAll, beforeAll } from 'vitest';
import { queuePublisher, tableAdapters } from '#shared/adapters/composition';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { demoData, seedDemoData } from '#shared/seed/seed-demo-data';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '#infra/local/local-stack';
import { silentLog } from '#infra/local/log-line';

export interface StackHandle {
  readonly stack: LocalStack;
  readonly url: string;
  readonly adapters: ReturnType<typeof tableAdapters>;
}

/**
 * `seed`: load the demo menu and areas (default true); `teams`: the demo teams too (default
 * false, so a request waits for a team and intake tests see one outcome).
 */
/** Limits no test reaches by accident; the rate-limit tests ask for the real ones (`realLimits`). */
const UNLIMITED = { limit: 1_000_000, windowSeconds: 60 };

export function useLocalStack(options: LocalStackOptions & { seed?: boolean; teams?: boolean; realLimits?: boolean } = {}): () => StackHandle {
  let handle: StackHandle | undefined;
  beforeAll(async () => {
    const stack = await startLocalStack({ port: 0, log: silentLog, runSchedules: false, ...options });
    // Like a function with notify and stats access: notices and facts of changes made here are sent at once.
    const notify = queuePublisher({ notify: stack.queues.notify.url, stats: stack.queues.stats.url }, stack.sqs);
    const adapters = tableAdapters(stack.tableName, createDocumentClient(stack.dynamodb), notify);
    if (options.seed !== false) await seedDemoData(adapters, options.teams ? demoData : { ...demoData, teams: [] });
    if (!options.realLimits) await adapters.limiter.setIntakeLimits({ perPhone: UNLIMITED, perAddress: UNLIMITED, lookupsPerAddress: UNLIMITED });
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

export async function eventually<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
