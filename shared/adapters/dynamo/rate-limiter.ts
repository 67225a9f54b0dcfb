/** The RateLimiter port: one counter item per key and window, raised under `n < limit`, gone by TTL. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type IntakeLimits, type LimitsConfig, type RateLimiter, windowStart } from '#shared/ports/rate-limiter';
import { keys } from './keys';

/** How long a container keeps the limits it read before reading them again. */
const CACHE_MS = 60_000;

export class DynamoRateLimiter implements RateLimiter, LimitsConfig {
  private cached: { limits: IntakeLimits; until: number } | undefined;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly defaults: IntakeLimits,
  ) {}

  async intakeLimits(): Promise<IntakeLimits> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.limits;
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.intakeLimits }));
    const limits = (out.Item?.limits as IntakeLimits | undefined) ?? this.defaults;
    this.cached = { limits, until: Date.now() + CACHE_MS };
    return limits;
  }

  async setIntakeLimits(limits: IntakeLimits): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.intakeLimits, entity: 'IntakeLimits', limits } }));
    this.cached = undefined;
  }

  async counted(key: string, windowSeconds: number, now: Date): Promise<number> {
    const window = windowStart(now, windowSeconds);
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.rateWindow(key, window), ConsistentRead: true }));
    return Number(out.Item?.n ?? 0);
  }

  async take(key: string, limit: number, windowSeconds: number, now: Date): Promise<boolean> {
    const window = windowStart(now, windowSeconds);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.rateWindow(key, window),
          UpdateExpression: 'ADD n :one SET #ttl = :ttl, entity = :entity',
          ConditionExpression: 'attribute_not_exists(n) OR n < :limit',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':ttl': window + windowSeconds + 3600, ':entity': 'RateWindow' },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async giveBack(key: string, windowSeconds: number, now: Date): Promise<void> {
    const window = windowStart(now, windowSeconds);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.rateWindow(key, window),
          UpdateExpression: 'ADD n :minusOne',
          ConditionExpression: 'n > :zero',
          ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
        }),
      );
    } catch (error) {
      // Nothing counted (the window's item gone by TTL, or at zero): nothing to give back.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
