/** Runs scheduled functions on their local interval, one run at a time per function. */
import type { ScheduledEvent } from 'aws-lambda';
import type { LocalFunction } from './lambda-runtime';
import type { LocalLog } from './log-line';

export interface LocalSchedule {
  readonly functionName: string;
  readonly everyMinutes: number;
  readonly everySeconds: number;
  /** Runs the function now (tests use it instead of waiting). */
  runNow(): Promise<unknown>;
  stop(): Promise<void>;
}

export function startSchedule(fn: LocalFunction, everyMinutes: number, everySeconds: number, log: LocalLog): LocalSchedule {
  let current: Promise<unknown> = Promise.resolve();
  // Once stopping, a run's failure is the shutdown's doing (Ctrl-C reaches DynamoDB Local's
  // process too, which can go first): not a fault to report.
  let stopping = false;
  const run = () => {
    current = current.then(async () => {
      const event: ScheduledEvent = {
        version: '0',
        id: crypto.randomUUID(),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: '000000000000',
        time: new Date().toISOString(),
        region: 'us-east-1',
        resources: [`arn:aws:events:local:000000000000:rule/${fn.name}`],
        detail: {},
      };
      try {
        return await fn.invoke(event);
      } catch (error) {
        if (!stopping) log('scheduler', `${fn.name} failed: ${(error as Error).name}: ${(error as Error).message}`);
        return undefined;
      }
    });
    return current;
  };
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void run().finally(() => (busy = false));
  }, everySeconds * 1000);
  return {
    functionName: fn.name,
    everyMinutes,
    everySeconds,
    runNow: run,
    stop: async () => {
      stopping = true;
      clearInterval(timer);
      await current;
    },
  };
}
