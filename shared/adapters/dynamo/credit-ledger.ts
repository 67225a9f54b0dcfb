/**
 * The CreditLedger port on the single table. Each posting is one transaction: the EARN line
 * (only if new: once per volunteer and request) and the balance raised. A redemption is one
 * transaction too: the balance lowered only while it stays >= 0, and the SPEND line.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { defaultCreditRules, type CreditBalance, type CreditEntry, type CreditRules } from '#shared/domain/credit';
import type { CreditLedger, LedgerLine, Redemption } from '#shared/ports/credit-ledger';
import { keys } from './keys';
import { queryAll } from './query';
import { cancellationReasons, transactWrite } from './transaction-errors';

// Named through placeholders: some of these words are reserved in DynamoDB expressions.
const names = {
  '#entity': 'entity',
  '#key': 'volunteerKey',
  '#hours': 'hours',
  '#earned': 'pointsEarned',
  '#balance': 'balance',
  '#spent': 'pointsSpent',
};

export class DynamoCreditLedger implements CreditLedger {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async rules(): Promise<CreditRules> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.creditRules }));
    return { ...defaultCreditRules, ...(out.Item ? { hoursPerPoint: out.Item.hoursPerPoint, maxHoursPerActivity: out.Item.maxHoursPerActivity } : {}) };
  }

  async post(entry: CreditEntry): Promise<'posted' | 'already-posted'> {
    try {
      await transactWrite(this.db, [
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.volunteerEarning(entry.volunteerKey, entry.requestId), entity: 'CreditEarned', ...entry },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Update: {
            TableName: this.tableName,
            Key: keys.volunteerBalance(entry.volunteerKey),
            UpdateExpression: 'SET #entity = :entity, #key = :key ADD #hours :hours, #earned :points, #balance :points, #spent :zero',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ':entity': 'CreditBalance', ':key': entry.volunteerKey, ':hours': entry.hours, ':points': entry.points, ':zero': 0 },
          },
        },
      ]);
      return 'posted';
    } catch (error) {
      if (cancellationReasons(error)?.[0]?.Code === 'ConditionalCheckFailed') return 'already-posted';
      throw error;
    }
  }

  async balance(volunteerKey: string): Promise<CreditBalance> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.volunteerBalance(volunteerKey), ConsistentRead: true }));
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
      .flatMap((i): LedgerLine[] => {
        const at = String(i.at);
        const points = Number(i.points);
        if (i.entity === 'CreditEarned') return [{ kind: 'earn', at, points, hours: Number(i.hours), requestId: String(i.requestId) }];
        if (i.entity === 'CreditVoided') return [{ kind: 'void', at, points, hours: Number(i.hours), requestId: String(i.requestId), reason: String(i.reason) }];
        if (i.entity === 'CreditSpent') return [{ kind: 'spend', at, points, item: String(i.item), pickupCode: String(i.pickupCode) }];
        return [];
      })
      .sort((a, b) => a.at.localeCompare(b.at));
  }

  async earnedFor(volunteerKey: string, requestId: string): Promise<CreditEntry | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.volunteerEarning(volunteerKey, requestId), ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const { volunteerKey: key, requestId: id, teamId, minutes, hours, points, at } = out.Item;
    return { volunteerKey: key, requestId: id, teamId, minutes, hours, points, at } as CreditEntry;
  }

  async void(entry: CreditEntry, reason: string, at: string): Promise<'voided' | 'already-voided' | 'nothing-earned'> {
    try {
      await transactWrite(this.db, [
        {
          ConditionCheck: {
            TableName: this.tableName,
            Key: keys.volunteerEarning(entry.volunteerKey, entry.requestId),
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.volunteerVoiding(entry.volunteerKey, entry.requestId), entity: 'CreditVoided', ...entry, reason, at },
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
      if (reasons?.[0]?.Code === 'ConditionalCheckFailed') return 'nothing-earned';
      if (reasons?.[1]?.Code === 'ConditionalCheckFailed') return 'already-voided';
      throw error;
    }
  }

  async redeem(redemption: Redemption): Promise<'redeemed' | 'insufficient'> {
    try {
      await transactWrite(this.db, [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.volunteerBalance(redemption.volunteerKey),
            UpdateExpression: 'SET #balance = #balance - :points, #spent = #spent + :points',
            ConditionExpression: '#balance >= :points',
            ExpressionAttributeNames: { '#balance': names['#balance'], '#spent': names['#spent'] },
            ExpressionAttributeValues: { ':points': redemption.points },
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.volunteerSpending(redemption.volunteerKey, redemption.at, redemption.pickupCode), entity: 'CreditSpent', ...redemption },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ]);
      return 'redeemed';
    } catch (error) {
      if (cancellationReasons(error)?.[0]?.Code === 'ConditionalCheckFailed') return 'insufficient';
      throw error;
    }
  }
}
