/**
 * The DeliveryLog port on the single table: one item per notice and target in partition
 * `DELIVERY`, forgotten by TTL after a week. A delivery first takes the item (`INPROGRESS`, locked
 * until the invocation's own deadline, so a crash mid-send frees the key for the next attempt
 * instead of blocking it for a week), then records its outcome (`COMPLETED`), or gives the item
 * up when the send failed, so a later attempt runs it again.
 *
 * The item is the one Powertools idempotency wrote (its key, hash and attribute names), which this
 * log replaced: a notice delivered before an upgrade is still known after it.
 */
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { systemClock, type Clock } from '#shared/ports/clock';
import { DeliveryInFlightError, type DeliveryLog, type DeliveryOutcome, type DeliveryRun } from '#shared/ports/delivery-log';
import { keys, type ItemKey } from './keys';

/** Longer than a message can live in the queue plus the outbox relay's give-up time. */
const REMEMBER_SECONDS = 7 * 86_400;
/** How long a delivery holds its key when no invocation deadline is known (scripts, tests). */
export const DEFAULT_LOCK_MS = 60_000;

const INPROGRESS = 'INPROGRESS';
const COMPLETED = 'COMPLETED';

/** The part of a Lambda context the log reads: how long the invocation may still run. */
export interface InvocationDeadline {
  getRemainingTimeInMillis(): number;
}

export class DynamoDeliveryLog implements DeliveryLog {
  private invocation: InvocationDeadline | undefined;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Each invocation: the in-flight lock lasts as long as the invocation may. */
  registerLambdaContext(context: InvocationDeadline): void {
    this.invocation = context;
  }

  async once(key: string, deliver: () => Promise<DeliveryOutcome>): Promise<DeliveryRun> {
    const itemKey = keys.delivery(key);
    const attempt = randomUUID();
    const known = await this.take(itemKey, attempt);
    if (known) return { outcome: known, fresh: false };
    let outcome: DeliveryOutcome;
    try {
      outcome = await deliver();
    } catch (error) {
      // The send's own failure is what the caller must see; a key not given up frees itself when its lock lapses.
      await this.giveUp(itemKey, attempt).catch(() => undefined);
      throw error;
    }
    // The send went out: a failure to record it is reported, not thrown (see the port).
    const recorded = await this.complete(itemKey, attempt, outcome).then(
      () => true,
      () => false,
    );
    return recorded ? { outcome, fresh: true } : { outcome, fresh: true, unrecorded: true };
  }

  /**
   * Takes the key for this attempt: free, forgotten, or held by an attempt whose lock is over.
   * Returns the outcome when the delivery has already run; throws while another attempt holds it.
   */
  private async take(itemKey: ItemKey, attempt: string): Promise<DeliveryOutcome | undefined> {
    const nowMs = this.clock.now().getTime();
    const lockMs = this.invocation?.getRemainingTimeInMillis() ?? DEFAULT_LOCK_MS;
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...itemKey,
            status: INPROGRESS,
            data: { attempt },
            in_progress_expiration: nowMs + lockMs,
            ttl: Math.round(nowMs / 1000) + REMEMBER_SECONDS,
          },
          ConditionExpression:
            'attribute_not_exists(#pk) OR #ttl < :now OR (#status = :inprogress AND attribute_exists(#lock) AND #lock < :nowMs)',
          ExpressionAttributeNames: { '#pk': 'pk', '#ttl': 'ttl', '#status': 'status', '#lock': 'in_progress_expiration' },
          ExpressionAttributeValues: { ':now': nowMs / 1000, ':nowMs': nowMs, ':inprogress': INPROGRESS },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return undefined;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const outcome = completedOutcome(error.Item);
      if (outcome) return outcome;
      throw new DeliveryInFlightError();
    }
  }

  /**
   * Records the outcome, unless another attempt has taken the key since (this one outlived its
   * lock): its record stands, and this delivery still happened.
   */
  private complete(itemKey: ItemKey, attempt: string, outcome: DeliveryOutcome): Promise<void> {
    return this.unlessTakenOver(
      new UpdateCommand({
        TableName: this.tableName,
        Key: itemKey,
        UpdateExpression: 'SET #status = :completed, #data = :data REMOVE #lock',
        ConditionExpression: '#data.#attempt = :attempt',
        ExpressionAttributeNames: { '#status': 'status', '#data': 'data', '#attempt': 'attempt', '#lock': 'in_progress_expiration' },
        ExpressionAttributeValues: { ':completed': COMPLETED, ':data': { outcome, attempt }, ':attempt': attempt },
      }),
    );
  }

  /** The send failed: the key is free again, unless another attempt has taken it since. */
  private giveUp(itemKey: ItemKey, attempt: string): Promise<void> {
    return this.unlessTakenOver(
      new DeleteCommand({
        TableName: this.tableName,
        Key: itemKey,
        ConditionExpression: '#data.#attempt = :attempt',
        ExpressionAttributeNames: { '#data': 'data', '#attempt': 'attempt' },
        ExpressionAttributeValues: { ':attempt': attempt },
      }),
    );
  }

  /** A write conditioned on this attempt still holding the key: a failed condition means another took it over, and is no error. */
  private async unlessTakenOver(command: UpdateCommand | DeleteCommand): Promise<void> {
    try {
      await this.db.send(command);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

function completedOutcome(item: Record<string, AttributeValue> | undefined): DeliveryOutcome | undefined {
  if (item?.status?.S !== COMPLETED) return undefined;
  const outcome = item.data?.M?.outcome?.S;
  return outcome === 'sent' || outcome === 'refused' ? outcome : undefined;
}
