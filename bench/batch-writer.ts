/**
 * BatchWriteItem of whatever is queued while the caller goes on drawing: the statistics load's
 * writer (see stats-load.ts).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchWriteAll } from '#shared/adapters/dynamo/batch';

type Item = Record<string, unknown>;

/**
 * BatchWriteItem of whatever is queued, `concurrency` batches in flight, while the caller keeps
 * drawing days; `room` holds the caller back while too much is queued.
 */
export class Writer {
  private readonly queue: Item[] = [];
  private head = 0;
  private active = 0;
  private failure: unknown;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly concurrency = 16,
  ) {}

  push(items: readonly Item[]): void {
    this.queue.push(...items);
    this.pump();
  }

  /** Resolves once at most `queued` items wait (0: everything written). */
  async room(queued: number): Promise<void> {
    while (this.failure === undefined && (this.queue.length - this.head > queued || (queued === 0 && this.active > 0)))
      await new Promise<void>((r) => this.waiters.push(r));
    if (this.failure !== undefined) throw this.failure;
  }

  private pump(): void {
    while (this.active < this.concurrency && this.head < this.queue.length) {
      const batch = this.queue.slice(this.head, this.head + 25);
      this.head += batch.length;
      if (this.head > 100_000) this.queue.splice(0, this.head), (this.head = 0);
      this.active++;
      batchWriteAll(
        this.db,
        this.tableName,
        batch.map((Item) => ({ PutRequest: { Item } })),
      )
        .catch((error: unknown) => void (this.failure ??= error))
        .finally(() => {
          this.active--;
          this.pump();
          for (const wake of this.waiters.splice(0)) wake();
        });
    }
  }
}
