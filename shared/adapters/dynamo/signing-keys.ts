/**
 * The SigningKeys port on the single table. The ring is one item (`keys.linkSigningKey`): the
 * current key where the single key always was (`keyId`, `secret`, so nothing moves on upgrade),
 * the keys rotated out (`previous`, each with `retiresAt`) and `originalKeyId` once the first key
 * is no longer current. Created with a conditional put; every rotation puts the whole ring on
 * condition that the current key is still the one it read, so two rotations at once both land,
 * one after the other, and no key is lost. The identity key is an item of its own, put once.
 *
 * A container caches the ring for `RING_REFRESH_MS` (so a rotation or a revocation reaches every
 * container within that time) and reads it again at once when it meets a key id it does not hold,
 * at most once a `UNKNOWN_ID_REREAD_MS`, however many forged ids arrive.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  firstRing,
  type KeyRing,
  keyNamed,
  newSigningKey,
  originalKey,
  type Rotation,
  rotated,
  type SigningKey,
} from '#shared/domain/key-ring';
import { derive } from '#shared/domain/sealed-box';
import { type Clock, systemClock } from '#shared/ports/clock';
import type { RotationOutcome, SigningKeys } from '#shared/ports/signing-keys';
import { keys } from './keys';

export const RING_REFRESH_MS = 10_000;
export const UNKNOWN_ID_REREAD_MS = 1_000;
const ROTATION_ATTEMPTS = 8;

export class DynamoSigningKeys implements SigningKeys {
  private cached: { ring: KeyRing; readAt: number } | undefined;
  private lastUnknownReread = Number.NEGATIVE_INFINITY;
  private identity: Buffer | undefined;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock = systemClock,
  ) {}

  async current(): Promise<SigningKey> {
    return (await this.ring()).current;
  }

  async find(id?: string): Promise<SigningKey | undefined> {
    const now = this.clock.now();
    const ring = await this.ring(false);
    const key = ring && keyNamed(ring, id, now);
    // A key made since this container read the ring: read it again, but not for every forged id.
    if (key || id === undefined || now.getTime() - this.lastUnknownReread < UNKNOWN_ID_REREAD_MS) return key;
    this.lastUnknownReread = now.getTime();
    const fresh = await this.read();
    return fresh && keyNamed(fresh, id, now);
  }

  async identityKey(): Promise<Buffer> {
    if (this.identity) return this.identity;
    const pinned = await this.readIdentity();
    if (pinned) return (this.identity = pinned);
    const original = originalKey(await this.ring());
    // Only a hand-deleted identity item after the first key left the ring gets here: a new key
    // would silently stop every stored hash from matching, so refuse instead.
    if (!original) throw new Error('The identity key is not pinned and the original signing key is gone');
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.identityKey,
            entity: 'IdentityKey',
            secret: derive(original, 'identity numbers').toString('base64'),
            derivedFrom: original.id,
            pinnedAt: this.clock.now().toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    return (this.identity = (await this.readIdentity())!);
  }

  async rotate(mode: Rotation): Promise<RotationOutcome> {
    // Pinned before any rotation, so the original key can never leave the ring unpinned.
    await this.identityKey();
    for (let attempt = 1; ; attempt++) {
      const before = (await this.read()) ?? (await this.create());
      const now = this.clock.now();
      const after = rotated(before, newSigningKey(), mode, now);
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: ringItem(after),
            ConditionExpression: 'keyId = :read',
            ExpressionAttributeValues: { ':read': before.current.id },
          }),
        );
      } catch (error) {
        // Another rotation landed in between: rotate again from the ring it left.
        if (error instanceof ConditionalCheckFailedException && attempt < ROTATION_ATTEMPTS) continue;
        throw error;
      }
      this.cached = { ring: after, readAt: now.getTime() };
      return { current: after.current.id, kept: after.previous.map(({ id, retiresAt }) => ({ id, retiresAt })) };
    }
  }

  /** The ring, cached for `RING_REFRESH_MS`; created when there is none yet (unless `create` is false). */
  private async ring(create?: true): Promise<KeyRing>;
  private async ring(create: false): Promise<KeyRing | undefined>;
  private async ring(create = true): Promise<KeyRing | undefined> {
    if (this.cached && this.clock.now().getTime() - this.cached.readAt < RING_REFRESH_MS) return this.cached.ring;
    return (await this.read()) ?? (create ? await this.create() : undefined);
  }

  private async create(): Promise<KeyRing> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: ringItem(firstRing(newSigningKey())),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    // Whoever won the race, everybody signs with the stored key.
    return (await this.read())!;
  }

  private async read(): Promise<KeyRing | undefined> {
    const readAt = this.clock.now().getTime();
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.linkSigningKey, ConsistentRead: true }));
    if (!out.Item) return undefined;
    const ring = ringOf(out.Item);
    this.cached = { ring, readAt };
    return ring;
  }

  private async readIdentity(): Promise<Buffer | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.identityKey, ConsistentRead: true }));
    return out.Item ? Buffer.from(String(out.Item.secret), 'base64') : undefined;
  }
}

interface StoredKey {
  keyId: string;
  secret: string;
  retiresAt: string;
}

function ringItem(ring: KeyRing): Record<string, unknown> {
  return {
    ...keys.linkSigningKey,
    entity: 'SigningKey',
    keyId: ring.current.id,
    secret: ring.current.secret.toString('base64'),
    ...(ring.originalId !== ring.current.id ? { originalKeyId: ring.originalId } : {}),
    previous: ring.previous.map((k): StoredKey => ({ keyId: k.id, secret: k.secret.toString('base64'), retiresAt: k.retiresAt })),
  };
}

/** The ring of a stored item; an item from before the ring (one key, no `previous`) is a ring of its original key. */
function ringOf(item: Record<string, unknown>): KeyRing {
  const current = { id: String(item.keyId), secret: Buffer.from(String(item.secret), 'base64') };
  const previous = Array.isArray(item.previous) ? (item.previous as StoredKey[]) : [];
  return {
    current,
    previous: previous.map((k) => ({
      id: String(k.keyId),
      secret: Buffer.from(String(k.secret), 'base64'),
      retiresAt: String(k.retiresAt),
    })),
    originalId: typeof item.originalKeyId === 'string' ? item.originalKeyId : current.id,
  };
}
