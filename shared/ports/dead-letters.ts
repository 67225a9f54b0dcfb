/** The dead-letter queues: what failed every delivery attempt, kept for people to look at and redrive. */
export interface DeadLetter {
  readonly messageId: string;
  /** The message body: ids and versions only, never personal data. */
  readonly body: string;
  readonly sentAt?: string;
  readonly receiveCount?: number;
}

export interface DeadLetterQueue {
  readonly queue: string;
  /** Approximate, as SQS counts. */
  readonly count: number;
  readonly sample: readonly DeadLetter[];
}

export interface DeadLetters {
  /** Each queue's DLQ: its count and up to `sample` messages. */
  list(sample: number): Promise<DeadLetterQueue[]>;
  /** Moves up to `max` messages of `queue`'s DLQ back to the queue; how many it moved. */
  redrive(queue: string, max: number): Promise<number>;
  queues(): readonly string[];
}
