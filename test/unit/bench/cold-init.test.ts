import { describe, expect, it } from 'vitest';
import { coldInit } from '../../../bench/cost';
import type { Step } from '../../../bench/lifecycle';
import { prices } from '../../../bench/prices';
import { topology } from '#shared/topology/topology';

const step = (name: string, perOrder: boolean, fns: string[]): Step => ({
  step: name,
  perOrder,
  calls: [],
  invocations: fns.map((fn) => ({ fn, ms: 5, trigger: 'queue' as const })),
});

describe('coldInit', () => {
  it('prices each invocation of the order as a cold start: its import time × its memory, at the GB-second price', () => {
    const steps = [
      step('submit', true, ['submit-request', 'send-notifications', 'send-notifications']),
      step('status page view', false, ['get-request']),
    ];
    const imports = new Map([
      ['submit-request', 50],
      ['send-notifications', 40],
      ['get-request', 1000],
    ]);
    const gb = (fn: keyof typeof topology.functions) => topology.functions[fn].memoryMb / 1024;
    const expected = 0.05 * gb('submit-request') + 2 * 0.04 * gb('send-notifications');
    const init = coldInit(steps, imports);
    expect(init.gbSeconds).toBeCloseTo(expected, 10);
    expect(init.dollars).toBeCloseTo(expected * prices.lambdaArmGbSecond, 15);
    expect(init.unmeasured).toEqual([]);
  });

  it('names a function whose import was not measured, and leaves it out', () => {
    const init = coldInit([step('submit', true, ['submit-request', 'dispatch-request'])], new Map([['submit-request', Number.NaN]]));
    expect(init.gbSeconds).toBe(0);
    expect(init.unmeasured.sort()).toEqual(['dispatch-request', 'submit-request']);
  });
});
