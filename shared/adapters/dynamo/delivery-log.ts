/**
 * The DeliveryLog port on Powertools idempotency, stored in the single table (partition
 * `DELIVERY`, TTL on `ttl`). An in-flight delivery is locked until the Lambda's own deadline,
 * so a crash mid-send frees the key for the next attempt instead of blocking it for a week.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import type { DeliveryLog, DeliveryOutcome } from '#shared/ports/delivery-log';
import { keys } from './keys';

/** Longer than a message can live in the queue plus the outbox relay's give-up time. */
const REMEMBER_SECONDS = 7 * 86_400;

interface Delivery {
  readonly key: string;
  readonly attempt: string;
}

export class PowertoolsDeliveryLog implements DeliveryLog {
  private readonly config = new IdempotencyConfig({ eventKeyJmesPath: 'key', expiresAfterSeconds: REMEMBER_SECONDS });
  private readonly deliverOnce: (
    delivery: Delivery,
    deliver: () => Promise<DeliveryOutcome>,
  ) => Promise<{ outcome: DeliveryOutcome; attempt: string }>;

  constructor(client: DynamoDBClient, tableName: string) {
    const persistenceStore = new DynamoDBPersistenceLayer({
      tableName,
      awsSdkV3Client: client,
      keyAttr: 'pk',
      sortKeyAttr: 'sk',
      staticPkValue: keys.deliveryPartition,
      expiryAttr: 'ttl',
    });
    this.deliverOnce = makeIdempotent(
      async (delivery: Delivery, deliver: () => Promise<DeliveryOutcome>) => ({ outcome: await deliver(), attempt: delivery.attempt }),
      { persistenceStore, config: this.config, keyPrefix: 'delivery' },
    );
  }

  /** Each invocation: the in-flight lock lasts as long as the invocation may. */
  registerLambdaContext(context: Context): void {
    this.config.registerLambdaContext(context);
  }

  async once(key: string, deliver: () => Promise<DeliveryOutcome>): Promise<{ outcome: DeliveryOutcome; fresh: boolean }> {
    const attempt = randomUUID();
    const result = await this.deliverOnce({ key, attempt }, deliver);
    return { outcome: result.outcome, fresh: result.attempt === attempt };
  }
}
