/**
 * The Outbox port on the single table: every unsettled message is an item of one partition
 * (`keys.outbox`), which the relay reads whole and filters by due time. It holds only what is in
 * flight (a settled message is removed), and a message costs its put and its delete, with no
 * index entry to write or remove.
 *
 * Upgrade shims: the version before kept a message beside its request, found by gsi2 due time;
 * `due` first moves any it finds there to this partition (remove after 2027-01-06, with
 * `keys.legacyOutbox`). The version before that sent each request fact through a `stats` queue
 * as an outbox message, counted it, and kept the item as its count marker (`countedAt`). A fact it
 * left uncounted is still there after an upgrade: the fold's first run moves every one to the
 * stored facts (`StatsFacts.adoptLegacy`) before folding; `due` moves any it meets the same way
 * (`moveLegacyFact`) instead of returning it.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { newRequestId } from '#shared/domain/identifiers';
import type { Outbox, OutboxMessage, RemovedMessage } from '#shared/ports/outbox';
import { keys } from './keys';
import { LEGACY_FACTS_QUEUE, moveLegacyFact } from './stats-facts';
import { cancellationReasons, failedConditionAt, transactWrite } from './transaction-errors';

/**
 * The most messages one read of the relay (`due`) takes. The partition holds only unsettled
 * messages, a handful normally; in a backlog (a consumer or a provider down for hours) each read
 * takes this many from a point drawn evenly over the partition, so a read costs at most about 100
 * read units whatever the backlog. A run reads again only after a read that brought at least a
 * batch of messages to handle (`relayOutbox`), within its time budget: at most one read per 100
 * messages sent, held or dropped, plus one.
 */
export const OUTBOX_READ_PER_RUN = 1000;

/**
 * On a notice's item: its deliveries are kept on it (`DynamoNoticeDeliveries`). Upgrade shim
 * (remove after 2027-01-06, with `legacy`): a notice written before 2026-12-07 has no mark, and
 * its deliveries are in the delivery log, where the version before recorded them.
 */
export const DELIVERIES_ON_ITEM = 'deliveriesHere';

/** The start of each target's attribute on a notice's item (`DynamoNoticeDeliveries`). */
export const DELIVERY_PREFIX = 'd#';

/** The message's item; `legacy`: moved from where the version before kept it, without the deliveries' mark. */
export function outboxItem(message: OutboxMessage, legacy = false): Record<string, unknown> {
  const mark = message.queue === 'notify' && !legacy ? { [DELIVERIES_ON_ITEM]: true } : {};
  return { ...keys.outbox(message.requestId, message.id), entity: 'OutboxMessage', ...message, ...mark };
}

const toMessage = ({ id, requestId, queue, body, dueAt, relays, giveUpAt }: Record<string, unknown>) =>
  ({ id, requestId, queue, body, dueAt, relays: relays ?? 0, ...(giveUpAt ? { giveUpAt } : {}) }) as OutboxMessage;

export class DynamoOutbox implements Outbox {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async due(now: string, limit: number): Promise<OutboxMessage[]> {
    await this.moveLegacy();
    // From a random point of the partition (its sort keys start with a request id, so a random
    // one is a point drawn evenly) to its end, then from its start: at most OUTBOX_READ_PER_RUN
    // messages in all, so in a backlog of N each is read in a run with a chance of about 1,000 / N.
    const start = newRequestId();
    const tail = await this.window(now, 'sk >= :start', start, OUTBOX_READ_PER_RUN);
    const head =
      tail.complete && tail.read < OUTBOX_READ_PER_RUN
        ? await this.window(now, 'sk < :start', start, OUTBOX_READ_PER_RUN - tail.read)
        : undefined;
    return [...tail.due, ...(head?.due ?? [])]
      .map(toMessage)
      .sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0))
      .slice(0, limit);
  }

  /** The due messages among at most `budget` of the partition's within `range`, and whether the range was read to its end. */
  private async window(now: string, range: string, start: string, budget: number) {
    const due: Record<string, unknown>[] = [];
    let read = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: `pk = :pk AND ${range}`,
          FilterExpression: 'dueAt <= :now',
          ExpressionAttributeValues: { ':pk': keys.outboxPartition, ':start': start, ':now': now },
          Limit: budget - read,
          ExclusiveStartKey: startKey,
        }),
      );
      due.push(...(page.Items ?? []));
      read += page.ScannedCount ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey && read < budget);
    return { due, read, complete: startKey === undefined };
  }

  /** Upgrade shim (remove after 2027-01-06): moves what the versions before left on gsi2's outbox partition. */
  private async moveLegacy(): Promise<void> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.legacyOutboxDuePartition },
        Limit: 100,
      }),
    );
    await Promise.all(
      (out.Items ?? []).map((item) =>
        item.queue === LEGACY_FACTS_QUEUE ? moveLegacyFact(this.db, this.tableName, item) : this.moveLegacyMessage(item),
      ),
    );
  }

  /** One transaction: the message put in this partition, its old item removed; nothing when that is gone (settled). */
  private async moveLegacyMessage(item: Record<string, unknown>): Promise<void> {
    const message = toMessage(item);
    try {
      await transactWrite(this.db, [
        { Put: { TableName: this.tableName, Item: outboxItem(message, true) } },
        {
          Delete: {
            TableName: this.tableName,
            Key: keys.legacyOutbox(message.requestId, message.id),
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
      ]);
    } catch (error) {
      // Moved by another run, or settled by a consumer of the version before, meanwhile.
      const reasons = cancellationReasons(error);
      if (!reasons || failedConditionAt(reasons) < 0) throw error;
    }
  }

  async reschedule(message: OutboxMessage, dueAt: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.outbox(message.requestId, message.id),
          UpdateExpression: 'SET dueAt = :due, relays = :relays',
          // Settled by its consumer meanwhile: nothing to move. Postponed by its consumer since it
          // was read (`postpone`) to later than `dueAt`: left so, the later time kept.
          ConditionExpression: 'attribute_exists(pk) AND (dueAt <= :read OR dueAt < :due)',
          ExpressionAttributeValues: { ':due': dueAt, ':read': message.dueAt, ':relays': (message.relays ?? 0) + 1 },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async postpone(requestId: string, messageId: string, dueAt: string, giveUpAt?: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.outbox(requestId, messageId),
          UpdateExpression: giveUpAt ? 'SET dueAt = :due, giveUpAt = :giveUp, body.giveUpAt = :giveUp' : 'SET dueAt = :due',
          // Settled meanwhile, or already due later (the relay backed it off further, or held it): left alone.
          ConditionExpression: 'attribute_exists(pk) AND dueAt < :due',
          ExpressionAttributeValues: { ':due': dueAt, ...(giveUpAt ? { ':giveUp': giveUpAt } : {}) },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async remove(requestId: string, messageId: string): Promise<RemovedMessage | undefined> {
    const out = await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: keys.outbox(requestId, messageId), ReturnValues: 'ALL_OLD' }),
    );
    return out.Attributes ? { sentToAny: sentToAny(out.Attributes) } : undefined;
  }

  async unsent(requestId: string, messageId: string): Promise<boolean> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.outbox(requestId, messageId), ConsistentRead: true }),
    );
    // Without the mark, its deliveries are in the delivery log: not known here.
    return out.Item?.[DELIVERIES_ON_ITEM] === true && !sentToAny(out.Item);
  }
}

/** Whether a notice's item records a target sent (`DynamoNoticeDeliveries` keeps each target's outcome as a `d#` attribute). */
function sentToAny(item: Record<string, unknown>): boolean {
  return Object.entries(item).some(
    ([name, value]) => name.startsWith(DELIVERY_PREFIX) && (value as { outcome?: unknown } | null)?.outcome === 'sent',
  );
}
