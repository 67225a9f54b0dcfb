/**
 * The virtual clock's agenda: a binary min-heap of events by time. Events at the same time come
 * out in the order they were scheduled, so a run never depends on how the heap breaks ties.
 */
import { MinHeap } from '#shared/adapters/memory/min-heap';

export interface Scheduled<T> {
  /** Virtual time, milliseconds since the epoch. */
  readonly at: number;
  readonly seq: number;
  readonly item: T;
}

export class EventQueue<T> {
  private readonly heap = new MinHeap<Scheduled<T>>((x, y) => x.at < y.at || (x.at === y.at && x.seq < y.seq));
  private seq = 0;

  get size(): number {
    return this.heap.size;
  }

  push(at: number, item: T): void {
    if (!Number.isFinite(at)) throw new Error(`Event time is not a number: ${at}`);
    this.heap.push({ at, seq: this.seq++, item });
  }

  peek(): Scheduled<T> | undefined {
    return this.heap.peek();
  }

  pop(): Scheduled<T> | undefined {
    return this.heap.pop();
  }
}
