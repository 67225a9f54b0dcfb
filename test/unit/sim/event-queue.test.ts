import { describe, expect, it } from 'vitest';
import { MinHeap } from '#shared/adapters/memory/min-heap';
import { EventQueue } from '../../../sim/event-queue';
import { Random } from '../../../sim/random';

describe('EventQueue', () => {
  it('hands events out by time, whatever order they were scheduled in', () => {
    const queue = new EventQueue<string>();
    queue.push(30, 'c');
    queue.push(10, 'a');
    queue.push(20, 'b');
    queue.push(5, 'first');
    expect([queue.pop(), queue.pop(), queue.pop(), queue.pop()].map((e) => e?.item)).toEqual(['first', 'a', 'b', 'c']);
    expect(queue.pop()).toBeUndefined();
  });

  it('keeps the scheduling order among events at the same time', () => {
    const queue = new EventQueue<number>();
    for (let i = 0; i < 50; i++) queue.push(i % 2 === 0 ? 100 : 50, i);
    const out: number[] = [];
    for (let e = queue.pop(); e; e = queue.pop()) out.push(e.item);
    expect(out).toEqual([...Array.from({ length: 25 }, (_, k) => 2 * k + 1), ...Array.from({ length: 25 }, (_, k) => 2 * k)]);
  });

  it('stays ordered while events are added between pops, as a simulation does', () => {
    const random = new Random(7);
    const queue = new EventQueue<number>();
    for (let i = 0; i < 200; i++) queue.push(random.int(1000), i);
    let last = -Infinity;
    let popped = 0;
    for (let e = queue.pop(); e; e = queue.pop()) {
      expect(e.at).toBeGreaterThanOrEqual(last);
      last = e.at;
      if (++popped < 500) queue.push(e.at + random.int(100), popped);
    }
    expect(queue.size).toBe(0);
  });

  it('refuses a time that is not a number', () => {
    expect(() => new EventQueue<string>().push(Number.NaN, 'x')).toThrow();
  });

  it('MinHeap sorts by its comparison', () => {
    const heap = new MinHeap<string>((x, y) => x < y);
    for (const s of ['pear', 'apple', 'fig', 'kiwi', 'banana']) heap.push(s);
    const out: string[] = [];
    for (let s = heap.pop(); s !== undefined; s = heap.pop()) out.push(s);
    expect(out).toEqual(['apple', 'banana', 'fig', 'kiwi', 'pear']);
  });
});
