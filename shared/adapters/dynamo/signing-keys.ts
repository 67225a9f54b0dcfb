/** The SigningKeys port on the single table: one item, created with a conditional put. */
import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SigningKey, SigningKeys } from '#shared/ports/signing-keys';
import { keys } from './keys';

export class DynamoSigningKeys implements SigningKeys {
  private cached: SigningKey | undefined;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async current(): Promise<SigningKey> {
    if (this.cached) return this.cached;
    const existing = await this.read();
    if (existing) return (this.cached = existing);
    const fresh = { id: randomBytes(6).toString('hex'), secret: randomBytes(32).toString('base64') };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.linkSigningKey, entity: 'SigningKey', keyId: fresh.id, secret: fresh.secret },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    // Whoever won the race, everybody signs with the stored key.
    return (this.cached = (await this.read())!);
  }

  async find(): Promise<SigningKey | undefined> {
    return this.cached ?? (this.cached = await this.read());
  }

  private async read(): Promise<SigningKey | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.linkSigningKey, ConsistentRead: true }));
    return out.Item ? { id: String(out.Item.keyId), secret: Buffer.from(String(out.Item.secret), 'base64') } : undefined;
  }
}
