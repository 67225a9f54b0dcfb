/**
 * The CreditLedger port on the single table. Each posting is one transaction: the EARN line
 * (only if new, or written by a merge alone, `unposted`: once per volunteer and request) and the
 * balance raised. A redemption is one
 * transaction too: the balance lowered only while it stays >= 0 and no merge has begun to move
 * the ledger (`mergingInto`, set by a guest's merge: `credit-ledger-merge.ts`), the SPEND line, and the
 * PICKUP item that makes its code unique in the deployment. The stored credit rules
 * (`CONFIG#credit-rules`) are overrides of the defaults, checked when written and when read.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  checkStoredCreditRules,
  inheritedCreditRules,
  type CreditBalance,
  type CreditEntry,
  type CreditRuleOverrides,
  type CreditRules,
} from '#shared/domain/credit';
import { lineage } from '#shared/domain/area';
import { ValidationError } from '#shared/domain/errors';
import type {
  CreditAdjustment,
  CreditLedger,
  CreditRuleStore,
  LedgerLine,
  PickupCodes,
  Redemption,
  RequestCredit,
  StoredCreditRules,
  StoredCreditRulesLayer,
} from '#shared/ports/credit-ledger';
import { batchGetAll } from './batch';
import { adjustCredit, readCredit } from './credit-ledger-adjustments';
import { balanceNames as names, mergeLedger } from './credit-ledger-merge';
import { postCredit, postCredits } from './credit-ledger-post';
import { keys } from './keys';
import { queryAll } from './query';
import { cancellationReasons, transactWrite } from './transaction-errors';

/** Attributes of the rules item that are not rules; every other attribute is a rule value. */
const rulesBookkeeping = new Set(['pk', 'sk', 'entity', 'areaId', 'version', 'updatedAt', 'updatedBy']);

/** A rules item as found (none: no overrides, version 0). */
function storedOf(item: Record<string, unknown> | undefined): StoredCreditRules {
  const found = item ?? {};
  return {
    values: Object.fromEntries(Object.entries(found).filter(([name]) => !rulesBookkeeping.has(name))),
    version: typeof found.version === 'number' ? found.version : 0,
    ...(typeof found.updatedAt === 'string' ? { updatedAt: found.updatedAt } : {}),
    ...(typeof found.updatedBy === 'string' ? { updatedBy: found.updatedBy } : {}),
  };
}

/** An idempotency key is remembered a day: far longer than any client retries. */
const keyExpiry = (at: string) => Math.floor(Date.parse(at) / 1000) + 86_400;

export class DynamoCreditLedger implements CreditLedger, CreditRuleStore, PickupCodes {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Read on every call, never cached: a change applies to everything posted after it. */
  async rules(areaId?: string): Promise<CreditRules> {
    return inheritedCreditRules(await this.storedRulesInLineage(areaId));
  }

  async storedRules(areaId?: string): Promise<StoredCreditRules> {
    return storedOf(await this.rulesItem(areaId));
  }

  private async rulesItem(areaId?: string): Promise<Record<string, unknown> | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.creditRules(areaId), ConsistentRead: true }));
    return out.Item;
  }

  async storedRulesInLineage(areaId?: string): Promise<StoredCreditRulesLayer[]> {
    if (!areaId) {
      const item = await this.rulesItem();
      return item ? [storedOf(item)] : [];
    }
    // The area's lineage and the deployment's item in one read.
    const levels = [...lineage(areaId), undefined];
    const items = await batchGetAll(
      this.db,
      this.tableName,
      levels.map((id) => ({ ...keys.creditRules(id) })),
      { consistentRead: true },
    );
    return levels.flatMap((id) => {
      const item = items.find((i) => i.sk === keys.creditRules(id).sk);
      return item ? [{ ...storedOf(item), ...(id ? { areaId: id } : {}) }] : [];
    });
  }

  async saveRules(
    overrides: CreditRuleOverrides,
    change: { expectedVersion: number; at: string; by: string },
    areaId?: string,
  ): Promise<boolean> {
    const checked = checkStoredCreditRules(overrides);
    if ('issues' in checked) throw new ValidationError(checked.issues);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.creditRules(areaId),
            entity: 'CreditRules',
            ...(areaId ? { areaId } : {}),
            ...checked.overrides,
            version: change.expectedVersion + 1,
            updatedAt: change.at,
            updatedBy: change.by,
          },
          // Version 0: no item, or one written by hand without a version.
          ConditionExpression: change.expectedVersion === 0 ? 'attribute_not_exists(#version)' : '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ...(change.expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':version': change.expectedVersion } }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async post(entry: CreditEntry): Promise<'posted' | 'already-posted' | 'voided'> {
    return postCredit(this.db, this.tableName, entry);
  }

  async postAll(entries: readonly CreditEntry[]): Promise<Array<'posted' | 'already-posted' | 'voided'>> {
    return postCredits(this.db, this.tableName, entries);
  }

  async balance(volunteerKey: string): Promise<CreditBalance> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.volunteerBalance(volunteerKey), ConsistentRead: true }),
    );
    const item = out.Item ?? {};
    return {
      volunteerKey,
      hours: Number(item.hours ?? 0),
      pointsEarned: Number(item.pointsEarned ?? 0),
      pointsSpent: Number(item.pointsSpent ?? 0),
      balance: Number(item.balance ?? 0),
    };
  }

  async history(volunteerKey: string): Promise<LedgerLine[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.volunteerPartition(volunteerKey) },
      ConsistentRead: true,
    });
    return items
      .filter((i) => i.mergedInto === undefined)
      .flatMap((i): LedgerLine[] => {
        const at = String(i.at);
        const points = Number(i.points);
        const team = typeof i.teamId === 'string' && i.teamId ? { teamId: i.teamId } : {};
        if (i.entity === 'CreditEarned')
          return [{ kind: 'earn', at, points, hours: Number(i.hours), requestId: String(i.requestId), ...team }];
        if (i.entity === 'CreditVoided')
          return [{ kind: 'void', at, points, hours: Number(i.hours), requestId: String(i.requestId), ...team, reason: String(i.reason) }];
        if (i.entity === 'CreditAdjusted')
          return [
            { kind: 'adjust', at, points, hours: Number(i.hours), requestId: String(i.requestId), ...team, reason: String(i.reason) },
          ];
        if (i.entity === 'CreditSpent') return [{ kind: 'spend', at, points, item: String(i.item), pickupCode: String(i.pickupCode) }];
        return [];
      })
      .sort((a, b) => a.at.localeCompare(b.at));
  }

  async earnedFor(volunteerKey: string, requestId: string): Promise<CreditEntry | undefined> {
    return (await this.creditFor(volunteerKey, requestId))?.entry;
  }

  async creditFor(volunteerKey: string, requestId: string): Promise<RequestCredit | undefined> {
    return readCredit(this.db, this.tableName, volunteerKey, requestId);
  }

  async adjust(adjustment: CreditAdjustment): Promise<'adjusted' | 'changed' | 'voided' | 'nothing-earned'> {
    return adjustCredit(this.db, this.tableName, adjustment);
  }

  async void(entry: CreditEntry, reason: string, at: string): Promise<'voided' | 'already-voided' | 'nothing-earned' | 'changed'> {
    const { adjustments: seen = 0, ...standing } = entry;
    try {
      await transactWrite(this.db, [
        {
          // The line standing, marked: a posting into it (a merged-in credit, `unposted`) then answers voided (credit-ledger-post.ts).
          Update: {
            TableName: this.tableName,
            Key: keys.volunteerEarning(entry.volunteerKey, entry.requestId),
            UpdateExpression: 'SET voided = :true',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(mergedInto)',
            ExpressionAttributeValues: { ':true': true },
            // Merged away since `entry` was read (`changed`: read again there), or never posted.
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.volunteerVoiding(entry.volunteerKey, entry.requestId), entity: 'CreditVoided', ...standing, reason, at },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          // What stands is what `entry` read: a correction adjusted in since makes it read again.
          ConditionCheck: {
            TableName: this.tableName,
            Key: keys.volunteerAdjustment(entry.volunteerKey, entry.requestId, seen + 1),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Update: {
            TableName: this.tableName,
            Key: keys.volunteerBalance(entry.volunteerKey),
            UpdateExpression: 'SET #hours = #hours - :hours, #earned = #earned - :points, #balance = #balance - :points',
            ExpressionAttributeNames: { '#hours': names['#hours'], '#earned': names['#earned'], '#balance': names['#balance'] },
            ExpressionAttributeValues: { ':hours': entry.hours, ':points': entry.points },
          },
        },
      ]);
      return 'voided';
    } catch (error) {
      const reasons = cancellationReasons(error);
      const line = reasons?.[0];
      if (line?.Code === 'ConditionalCheckFailed') return line.Item?.mergedInto !== undefined ? 'changed' : 'nothing-earned';
      if (reasons?.[1]?.Code === 'ConditionalCheckFailed') return 'already-voided';
      if (reasons?.[2]?.Code === 'ConditionalCheckFailed') return 'changed';
      throw error;
    }
  }

  async merge(fromKey: string, toKey: string, at: string): Promise<{ moved: number }> {
    return mergeLedger(this.db, this.tableName, fromKey, toKey, at);
  }

  async redeem(redemption: Redemption): Promise<'redeemed' | 'insufficient' | 'code-taken' | 'key-used' | 'merged'> {
    const byKey = redemption.idempotencyKey
      ? [
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...keys.redemptionKey(redemption.idempotencyKey),
                entity: 'RedemptionKey',
                ...redemption,
                ttl: keyExpiry(redemption.at),
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ]
      : [];
    try {
      await transactWrite(this.db, [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.volunteerBalance(redemption.volunteerKey),
            UpdateExpression: 'SET #balance = #balance - :points, #spent = #spent + :points',
            // A guest's ledger a merge has begun to move (`mergingInto`) spends nothing more: its points are the person's.
            ConditionExpression: '#balance >= :points AND attribute_not_exists(mergingInto)',
            ExpressionAttributeNames: { '#balance': names['#balance'], '#spent': names['#spent'] },
            ExpressionAttributeValues: { ':points': redemption.points },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.volunteerSpending(redemption.volunteerKey, redemption.at, redemption.pickupCode),
              entity: 'CreditSpent',
              ...redemption,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.pickupCode(redemption.pickupCode), entity: 'PickupCode', ...redemption },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...byKey,
      ]);
      return 'redeemed';
    } catch (error) {
      const reasons = cancellationReasons(error);
      const failed = (i: number) => reasons?.[i]?.Code === 'ConditionalCheckFailed';
      // Before the balance: a repeat of a redemption that emptied it is a repeat, not a shortfall.
      if (byKey.length > 0 && failed(3)) return 'key-used';
      if (failed(0)) return reasons?.[0]?.Item?.mergingInto !== undefined ? 'merged' : 'insufficient';
      if (failed(1) || failed(2)) return 'code-taken';
      throw error;
    }
  }

  /** As made: the key's item holds the redemption as sent, the guest's key though a merge gave the code to a person since. */
  async findRedemptionByKey(idempotencyKey: string): Promise<Redemption | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.redemptionKey(idempotencyKey), ConsistentRead: true }),
    );
    return out.Item ? redemptionOf(out.Item) : undefined;
  }

  async findRedemption(pickupCode: string): Promise<Redemption | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.pickupCode(pickupCode), ConsistentRead: true }));
    return out.Item ? redemptionOf(out.Item) : undefined;
  }
}

/** A redemption as a PICKUP or redemption key item holds it. */
function redemptionOf(found: Record<string, unknown>): Redemption {
  const by = found.by as { id?: unknown; name?: unknown } | undefined;
  return {
    volunteerKey: found.volunteerKey as string,
    points: found.points as number,
    item: found.item as string,
    pickupCode: String(found.pickupCode),
    at: found.at as string,
    by: { id: String(by?.id), name: String(by?.name) },
    stationAreaId: found.stationAreaId as string,
  };
}
