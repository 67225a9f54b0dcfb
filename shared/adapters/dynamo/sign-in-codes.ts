/**
 * The SignInCodes port on the single table: one item per phone (keyed by its hash) with the
 * code's hash, when it was issued, its expiry, the tries counted so far and whether it was used.
 * A new code replaces the item only if the last one was issued long enough ago (a condition on
 * the put, so two at once cannot both pass). A try is counted
 * by a conditional update before the code is compared, and using the code up is another
 * conditional update, so concurrent tries can neither exceed the limit nor use a code twice.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { hashesMatch } from '#shared/domain/sign-in';
import type { CodeCheck, CodeClient, SignInCodes } from '#shared/ports/sign-in-codes';
import { keys } from './keys';

/** Items stay a day past their expiry, then DynamoDB's TTL removes them. */
const KEEP_SECONDS = 24 * 60 * 60;

export class DynamoSignInCodes implements SignInCodes {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async issue(
    phoneKey: string,
    codeHash: string,
    now: Date,
    expiresAt: Date,
    spacingSeconds = 0,
    askedBy: CodeClient = 'any',
  ): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.signInCode(phoneKey),
            entity: 'SignInCode',
            codeHash,
            issuedAt: now.getTime(),
            expiresAt: expiresAt.getTime(),
            tries: 0,
            used: false,
            knownOnly: askedBy === 'known',
            ttl: Math.floor(expiresAt.getTime() / 1000) + KEEP_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(issuedAt) OR issuedAt <= :before',
          ExpressionAttributeValues: { ':before': now.getTime() - spacingSeconds * 1000 },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async check(phoneKey: string, codeHash: string, now: Date, maxTries: number, from: CodeClient = 'any'): Promise<CodeCheck> {
    const Key = keys.signInCode(phoneKey);
    // Items from before `knownOnly` were asked for by any browser.
    const anyMayTry = from === 'known' ? '' : ' AND (attribute_not_exists(knownOnly) OR knownOnly = :false)';
    let item: Record<string, unknown>;
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: 'ADD tries :one',
          ConditionExpression: `attribute_exists(pk) AND used = :false AND tries < :max AND expiresAt > :now${anyMayTry}`,
          ExpressionAttributeValues: { ':one': 1, ':false': false, ':max': maxTries, ':now': now.getTime() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      item = out.Attributes ?? {};
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return this.whyRefused(Key, now, maxTries, from);
    }
    if (!hashesMatch(String(item.codeHash), codeHash)) return Number(item.tries) >= maxTries ? 'locked' : 'wrong';
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: 'SET used = :true',
          ConditionExpression: 'used = :false AND codeHash = :hash',
          ExpressionAttributeValues: { ':true': true, ':false': false, ':hash': codeHash },
        }),
      );
      return 'ok';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'none';
      throw error;
    }
  }

  async isLive(phoneKey: string, codeHash: string, now: Date): Promise<boolean> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.signInCode(phoneKey), ConsistentRead: true }),
    );
    return !!Item && Item.used === false && Number(Item.expiresAt) > now.getTime() && hashesMatch(String(Item.codeHash), codeHash);
  }

  async hasLive(phoneKey: string, now: Date, maxTries: number): Promise<boolean> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.signInCode(phoneKey), ConsistentRead: true }),
    );
    return !!Item && Item.used === false && Number(Item.expiresAt) > now.getTime() && Number(Item.tries) < maxTries;
  }

  async release(phoneKey: string, codeHash: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.signInCode(phoneKey),
          // Issued at the epoch, as far as spacing goes: the next `issue` is not refused.
          UpdateExpression: 'SET issuedAt = :epoch',
          ConditionExpression: 'codeHash = :hash AND used = :false',
          ExpressionAttributeValues: { ':epoch': 0, ':hash': codeHash, ':false': false },
        }),
      );
    } catch (error) {
      // A newer code, or this one used: nothing to release.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  private async whyRefused(Key: { pk: string; sk: string }, now: Date, maxTries: number, from: CodeClient): Promise<CodeCheck> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }));
    if (!Item || Item.used === true) return 'none';
    if (Number(Item.expiresAt) <= now.getTime()) return 'expired';
    if (Number(Item.tries) >= maxTries) return 'locked';
    // A known browser's code, tried from another: answered as a wrong code, uncounted.
    return Item.knownOnly === true && from !== 'known' ? 'wrong' : 'none';
  }
}
