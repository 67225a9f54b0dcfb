/**
 * The SignInCodes port on the single table: one item per phone (keyed by its hash) holding both
 * slots, each with the code's hash, when it was issued, its expiry, the tries counted so far and
 * whether it was used: the `any` slot under the item's first attributes (as before the slots), the
 * `known` slot under `known…` ones. A new code replaces its slot's only if the codes it is spaced
 * from were issued long enough ago (a condition on the one update, so two at once, of either
 * slot, cannot both pass, nor a stranger's overwrite the owner's). A try is counted by a
 * conditional update before the code is compared, and using the code up is another conditional
 * update, so concurrent tries can neither exceed the limit nor use a code twice.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { hashesMatch } from '#shared/domain/sign-in';
import type { CodeCheck, CodeClient, SignInCodes } from '#shared/ports/sign-in-codes';
import { keys } from './keys';

/** Items stay a day past their expiry, then DynamoDB's TTL removes them. */
const KEEP_SECONDS = 24 * 60 * 60;

/** A slot's attribute names on the item. */
const SLOTS = {
  any: { hash: 'codeHash', issuedAt: 'issuedAt', expiresAt: 'expiresAt', tries: 'tries', used: 'used' },
  known: { hash: 'knownCodeHash', issuedAt: 'knownIssuedAt', expiresAt: 'knownExpiresAt', tries: 'knownTries', used: 'knownUsed' },
} as const;
type Slot = (typeof SLOTS)[CodeClient];
type Item = Record<string, unknown>;

const names = (slot: Slot) => ({
  '#hash': slot.hash,
  '#issued': slot.issuedAt,
  '#expires': slot.expiresAt,
  '#tries': slot.tries,
  '#used': slot.used,
});
const live = (item: Item | undefined, slot: Slot, now: Date) => item?.[slot.used] === false && Number(item[slot.expiresAt]) > now.getTime();

/**
 * No code of this slot to try, `from` a browser without the mark: `wrong` (uncounted) while the owner's
 * code is live, in its slot or, from before the slots, in the `any` slot; else `none`.
 */
function ownersLive(item: Item | undefined, now: Date, maxTries: number, from: CodeClient): CodeCheck {
  const liveIn = (s: Slot) => live(item, s, now) && Number(item?.[s.tries]) < maxTries;
  return from === 'any' && (liveIn(SLOTS.known) || (item?.knownOnly === true && liveIn(SLOTS.any))) ? 'wrong' : 'none';
}

/** The first telling outcome of a known browser's tries at both slots: a wrong code before one that can no longer be used. */
const ORDER: readonly CodeCheck[] = ['ok', 'wrong', 'locked', 'expired', 'none'];

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
    const slot = SLOTS[askedBy];
    const spaced = (s: Slot) => `(attribute_not_exists(${s.issuedAt}) OR ${s.issuedAt} <= :before)`;
    // A stranger is spaced from the owner's code too, and from a live code a known browser asked for before the slots.
    const condition =
      askedBy === 'known'
        ? spaced(slot)
        : `${spaced(SLOTS.any)} AND ${spaced(SLOTS.known)} AND (attribute_not_exists(knownOnly) OR knownOnly = :false OR used = :true OR expiresAt <= :now)`;
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.signInCode(phoneKey),
          UpdateExpression: `SET entity = :entity, #hash = :hash, #issued = :now, #expires = :expires, #tries = :zero, #used = :false, #ttl = :ttl${askedBy === 'any' ? ' REMOVE knownOnly' : ''}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: { ...names(slot), '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':entity': 'SignInCode',
            ':hash': codeHash,
            ':now': now.getTime(),
            ':expires': expiresAt.getTime(),
            ':zero': 0,
            ':false': false,
            // Codes last as long in either slot, so the newest's keeps the item as long as the other's needs.
            ':ttl': Math.floor(expiresAt.getTime() / 1000) + KEEP_SECONDS,
            ':before': now.getTime() - spacingSeconds * 1000,
            ...(askedBy === 'any' ? { ':true': true } : {}),
          },
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
    if (from === 'any') return this.tryOne(Key, SLOTS.any, codeHash, now, maxTries, 'any');
    const own = await this.tryOne(Key, SLOTS.known, codeHash, now, maxTries, 'known');
    if (own === 'ok') return own;
    const other = await this.tryOne(Key, SLOTS.any, codeHash, now, maxTries, 'known');
    return ORDER.find((o) => o === own || o === other) ?? 'none';
  }

  async isLive(phoneKey: string, codeHash: string, now: Date): Promise<boolean> {
    const item = await this.item(keys.signInCode(phoneKey));
    return Object.values(SLOTS).some((s) => live(item, s, now) && hashesMatch(String(item?.[s.hash]), codeHash));
  }

  async hasLive(phoneKey: string, now: Date, maxTries: number): Promise<boolean> {
    const item = await this.item(keys.signInCode(phoneKey));
    return Object.values(SLOTS).some((s) => live(item, s, now) && Number(item?.[s.tries]) < maxTries);
  }

  async release(phoneKey: string, codeHash: string): Promise<void> {
    for (const slot of Object.values(SLOTS)) {
      try {
        await this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.signInCode(phoneKey),
            // Issued at the epoch, as far as spacing goes: the next `issue` is not refused.
            UpdateExpression: 'SET #issued = :epoch',
            ConditionExpression: '#hash = :hash AND #used = :false',
            ExpressionAttributeNames: { '#issued': slot.issuedAt, '#hash': slot.hash, '#used': slot.used },
            ExpressionAttributeValues: { ':epoch': 0, ':hash': codeHash, ':false': false },
          }),
        );
      } catch (error) {
        // Another slot's, a newer code, or this one used: nothing to release here.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
  }

  /** One try `from` a browser at one slot's code: counted, then compared, and used up if it matches. */
  private async tryOne(
    Key: { pk: string; sk: string },
    slot: Slot,
    codeHash: string,
    now: Date,
    maxTries: number,
    from: CodeClient,
  ): Promise<CodeCheck> {
    // A code a known browser asked for before the slots, in the `any` slot: tried only from a known browser.
    const also = from === 'any' ? ' AND (attribute_not_exists(knownOnly) OR knownOnly = :false)' : '';
    let item: Item;
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: 'ADD #tries :one',
          ConditionExpression: `#used = :false AND #tries < :max AND #expires > :now${also}`,
          ExpressionAttributeNames: { '#tries': slot.tries, '#used': slot.used, '#expires': slot.expiresAt },
          ExpressionAttributeValues: { ':one': 1, ':false': false, ':max': maxTries, ':now': now.getTime() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      item = out.Attributes ?? {};
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return this.whyRefused(Key, slot, now, maxTries, from);
    }
    if (!hashesMatch(String(item[slot.hash]), codeHash)) return Number(item[slot.tries]) >= maxTries ? 'locked' : 'wrong';
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: 'SET #used = :true',
          ConditionExpression: '#used = :false AND #hash = :hash',
          ExpressionAttributeNames: { '#used': slot.used, '#hash': slot.hash },
          ExpressionAttributeValues: { ':true': true, ':false': false, ':hash': codeHash },
        }),
      );
      return 'ok';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'none';
      throw error;
    }
  }

  private async whyRefused(Key: { pk: string; sk: string }, slot: Slot, now: Date, maxTries: number, from: CodeClient): Promise<CodeCheck> {
    const item = await this.item(Key);
    if (item?.[slot.used] !== false) return ownersLive(item, now, maxTries, from);
    if (Number(item[slot.expiresAt]) <= now.getTime()) return 'expired';
    if (Number(item[slot.tries]) >= maxTries) return 'locked';
    return ownersLive(item, now, maxTries, from);
  }

  private async item(Key: { pk: string; sk: string }): Promise<Item | undefined> {
    return (await this.db.send(new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }))).Item;
  }
}
