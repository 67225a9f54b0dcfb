/**
 * The NoticeDeliveries port on the single table: each target's delivery is an attribute of the
 * notice's outbox item (`d#` and a hash of its key), so a notice sent to one target costs two
 * writes of that small item (the target taken, then the item removed) where a delivery log of its
 * own cost three (its item taken and completed, the outbox item removed). A delivery first takes
 * its attribute (`INPROGRESS`, locked until the invocation's own deadline, so a crash mid-send
 * frees it for the next attempt); when every target has an outcome the item is removed, which
 * settles the notice; otherwise each outcome is recorded on the item (`COMPLETED`) and a target
 * whose send failed is given up, for the message's return. No item means a settled notice.
 *
 * Upgrade shim (remove after 2027-01-06, with `DELIVERIES_ON_ITEM`): a notice written before
 * 2026-12-07 has no mark on its item, and its targets go through the delivery log as before.
 */
import { createHash, randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { systemClock, type Clock } from '#shared/ports/clock';
import { DeliveryInFlightError, type DeliveryOutcome, type DeliveryRun } from '#shared/ports/delivery-log';
import { type NoticeDeliveries, NoticeNotSettledError, type NoticeRef, type TargetDelivery } from '#shared/ports/notice-deliveries';
import { DEFAULT_LOCK_MS, type DynamoDeliveryLog, type InvocationDeadline } from './delivery-log';
import { keys, type ItemKey } from './keys';
import { DELIVERIES_ON_ITEM, DELIVERY_PREFIX } from './outbox';

const INPROGRESS = 'INPROGRESS';
const COMPLETED = 'COMPLETED';

/** How one target's delivery went in this attempt. */
interface TargetRun {
  readonly run: DeliveryRun;
  /** The attribute this attempt took and ran (a fresh run on the item), to record or settle. */
  readonly held?: string;
  /** The item was gone: the notice is settled. */
  readonly settled?: true;
}

export class DynamoNoticeDeliveries implements NoticeDeliveries {
  private invocation: InvocationDeadline | undefined;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Where notices written before their item kept their deliveries held them (upgrade shim). */
    private readonly legacy: DynamoDeliveryLog,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Each invocation: a target's lock lasts as long as the invocation may. */
  registerLambdaContext(context: InvocationDeadline): void {
    this.invocation = context;
    this.legacy.registerLambdaContext(context);
  }

  async deliver(
    notice: NoticeRef,
    targets: readonly TargetDelivery[],
    keepUnsent?: () => boolean,
  ): Promise<'settled' | Array<PromiseSettledResult<DeliveryRun>>> {
    const item = keys.outbox(notice.requestId, notice.messageId);
    const attempt = randomUUID();
    const runs = await Promise.allSettled(targets.map((target) => this.one(item, target, attempt)));
    const held = runs.flatMap((r) => (r.status === 'fulfilled' && r.value.held ? [r.value] : []));
    if (runs.every((r) => r.status === 'fulfilled')) {
      const settled = runs.filter((r) => (r as PromiseFulfilledResult<TargetRun>).value.settled).length;
      if (settled === runs.length) return 'settled';
      const refused = runs.every((r) => (r as PromiseFulfilledResult<TargetRun>).value.run.outcome === 'refused');
      // Kept unsent, its refusals recorded (not tried again): failing that, as a partial failure below.
      if (settled === 0 && refused && keepUnsent?.()) return this.recorded(runs, await this.recordAll(item, held, attempt));
      if (settled === 0) {
        try {
          await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: item }));
        } catch (error) {
          // The sends went out: their outcomes, where they can be recorded, spare them the message's return.
          const unrecorded = await this.recordAll(item, held, attempt);
          throw new NoticeNotSettledError(unrecorded.size, targets.length, error);
        }
      }
      return runs.map((r) => ({ status: 'fulfilled', value: (r as PromiseFulfilledResult<TargetRun>).value.run }));
    }
    return this.recorded(runs, await this.recordAll(item, held, attempt));
  }

  /** The runs, each whose outcome could not be recorded marked `unrecorded`. */
  private recorded(
    runs: ReadonlyArray<PromiseSettledResult<TargetRun>>,
    unrecorded: Set<string>,
  ): Array<PromiseSettledResult<DeliveryRun>> {
    return runs.map((r): PromiseSettledResult<DeliveryRun> => {
      if (r.status === 'rejected') return r;
      const { run, held: attribute } = r.value;
      return attribute && unrecorded.has(attribute)
        ? { status: 'fulfilled', value: { ...run, unrecorded: true } }
        : { status: 'fulfilled', value: run };
    });
  }

  private async one(item: ItemKey, target: TargetDelivery, attempt: string): Promise<TargetRun> {
    const attribute = `${DELIVERY_PREFIX}${createHash('sha256').update(target.key).digest('base64url').slice(0, 16)}`;
    const taken = await this.take(item, attribute, attempt);
    if (taken === 'legacy') return { run: await this.legacy.once(target.key, target.deliver) };
    if (taken === 'settled') return { run: { outcome: 'sent', fresh: false }, settled: true };
    if (taken !== 'taken') return { run: { outcome: taken, fresh: false } };
    let outcome: DeliveryOutcome;
    try {
      outcome = await target.deliver();
    } catch (error) {
      // The send's own failure is what the caller must see; a target not given up frees itself when its lock lapses.
      await this.unlessTakenOver(item, attribute, attempt, 'REMOVE #t').catch(() => undefined);
      throw error;
    }
    return { run: { outcome, fresh: true }, held: attribute };
  }

  /**
   * Takes the target for this attempt: free, or held by an attempt whose lock is over. Answers its
   * outcome when it has run, `settled` when the item is gone and `legacy` when it has no mark;
   * throws while another attempt holds it.
   */
  private async take(item: ItemKey, attribute: string, attempt: string): Promise<'taken' | 'settled' | 'legacy' | DeliveryOutcome> {
    const nowMs = this.clock.now().getTime();
    const lockMs = this.invocation?.getRemainingTimeInMillis() ?? DEFAULT_LOCK_MS;
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: item,
          UpdateExpression: 'SET #t = :held',
          ConditionExpression: 'attribute_exists(#mark) AND (attribute_not_exists(#t) OR (#t.#status = :inprogress AND #t.#lock < :nowMs))',
          ExpressionAttributeNames: { '#t': attribute, '#mark': DELIVERIES_ON_ITEM, '#status': 'status', '#lock': 'lockedUntil' },
          ExpressionAttributeValues: {
            ':held': { status: INPROGRESS, attempt, lockedUntil: nowMs + lockMs },
            ':inprogress': INPROGRESS,
            ':nowMs': nowMs,
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'taken';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const old = error.Item;
      if (!old) return 'settled';
      if (!old[DELIVERIES_ON_ITEM]) return 'legacy';
      const outcome = completedOutcome(old[attribute]);
      if (outcome) return outcome;
      throw new DeliveryInFlightError();
    }
  }

  /** Records each fresh outcome; answers the attributes it could not record. */
  private async recordAll(item: ItemKey, held: readonly TargetRun[], attempt: string): Promise<Set<string>> {
    const failed = await Promise.all(
      held.map(({ held: attribute, run }) =>
        this.unlessTakenOver(item, attribute!, attempt, 'SET #t = :done', { ':done': { status: COMPLETED, outcome: run.outcome } }).then(
          () => undefined,
          () => attribute!,
        ),
      ),
    );
    return new Set(failed.filter((a): a is string => a !== undefined));
  }

  /**
   * A write to a target this attempt still holds: a failed condition means another attempt took
   * it over (this one outlived its lock) or the notice was settled since, and is no error.
   */
  private async unlessTakenOver(
    item: ItemKey,
    attribute: string,
    attempt: string,
    update: string,
    values: Record<string, unknown> = {},
  ): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: item,
          UpdateExpression: update,
          ConditionExpression: '#t.#attempt = :attempt',
          ExpressionAttributeNames: { '#t': attribute, '#attempt': 'attempt' },
          ExpressionAttributeValues: { ':attempt': attempt, ...values },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

function completedOutcome(value: AttributeValue | undefined): DeliveryOutcome | undefined {
  if (value?.M?.status?.S !== COMPLETED) return undefined;
  const outcome = value.M.outcome?.S;
  return outcome === 'sent' || outcome === 'refused' ? outcome : undefined;
}
