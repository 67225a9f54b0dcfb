import { describe, expect, it } from 'vitest';
import type { LocalFunction } from '../../../infra/local/lambda-runtime';
import { startSchedule } from '../../../infra/local/scheduler';

/** A scheduled function whose run fails when the test says, as one does when DynamoDB Local is gone. */
function failingOnCue(): { fn: LocalFunction; started: Promise<void>; fail: () => void } {
  let fail = () => {};
  let markStarted = () => {};
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const fn = {
    name: 'reconcile-outbox',
    invoke: () =>
      new Promise((_, reject) => {
        fail = () => reject(new Error('connect ECONNREFUSED 127.0.0.1:8000'));
        markStarted();
      }),
  } as unknown as LocalFunction;
  return { fn, started, fail: () => fail() };
}

describe('startSchedule', () => {
  it('logs a run that fails while the stack runs', async () => {
    const lines: string[] = [];
    const { fn, started, fail } = failingOnCue();
    const schedule = startSchedule(fn, 1, 3600, (source, message) => lines.push(`${source}: ${message}`));
    const run = schedule.runNow();
    await started;
    fail();
    await run;
    expect(lines).toEqual(['scheduler: reconcile-outbox failed: Error: connect ECONNREFUSED 127.0.0.1:8000']);
    await schedule.stop();
  });

  it('stays quiet about a run that fails once the stack is stopping (Ctrl-C stops DynamoDB Local too)', async () => {
    const lines: string[] = [];
    const { fn, started, fail } = failingOnCue();
    const schedule = startSchedule(fn, 1, 3600, (source, message) => lines.push(`${source}: ${message}`));
    void schedule.runNow();
    await started;
    const stopped = schedule.stop();
    fail();
    await stopped;
    expect(lines).toEqual([]);
  });
});
