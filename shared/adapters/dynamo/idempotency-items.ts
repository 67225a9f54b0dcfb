/**
 * A submission's kept first answer (`Idempotency-Key`), as an item of the single table: sealed
 * under the signing key ring, since it holds the resident's access token, which the request
 * itself keeps only as a hash; put in the request's own creation transaction.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sha256 } from '#shared/domain/identifiers';
import { open, seal, sealedKeyId } from '#shared/domain/sealed-box';
import type { IdempotencyRecord } from '#shared/ports/request-repository';
import type { SigningKeys } from '#shared/ports/signing-keys';
import { keys } from './keys';

export type Put = {
  Put: {
    TableName: string;
    Item: Record<string, unknown>;
    ConditionExpression?: string;
    ExpressionAttributeValues?: Record<string, unknown>;
  };
};

const IDEMPOTENCY_PURPOSE = 'idempotency-response v1';

const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** The kept answer for this key, unless it expired or no longer opens. */
export async function readIdempotency(
  db: DynamoDBDocumentClient,
  tableName: string,
  sealingKeys: Pick<SigningKeys, 'find'>,
  keyHash: string,
): Promise<IdempotencyRecord | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: keys.idempotency(keyHash), ConsistentRead: true }));
  if (!out.Item || Date.parse(String(out.Item.expiresAtIso)) <= Date.now()) return undefined;
  const sealed = String(out.Item.sealedResponse ?? '');
  const key = await sealingKeys.find(sealedKeyId(sealed));
  // One that does not open was altered, or sealed with a key revoked since.
  const response = key && open(key, IDEMPOTENCY_PURPOSE, sealed, keyHash);
  if (response === undefined) return undefined;
  return {
    keyHash,
    bodyHash: String(out.Item.bodyHash),
    response: JSON.parse(response) as unknown,
    expiresAt: String(out.Item.expiresAtIso),
  };
}

/**
 * The Put of a kept answer, for the request's creation transaction: `requestId` the request it
 * answers (kept hashed), `takesOver` an ended request whose unexpired answer it may replace.
 */
export async function idempotencyPut(
  tableName: string,
  sealingKeys: Pick<SigningKeys, 'current'>,
  record: IdempotencyRecord,
  at: { readonly now: string; readonly requestId: string; readonly takesOver?: string | undefined },
): Promise<Put> {
  const key = await sealingKeys.current();
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.idempotency(record.keyHash),
        entity: 'Idempotency',
        bodyHash: record.bodyHash,
        // Encrypted: the response holds the resident's access token, which the request
        // itself keeps only as a hash.
        sealedResponse: seal(key, IDEMPOTENCY_PURPOSE, JSON.stringify(record.response), record.keyHash),
        expiresAtIso: record.expiresAt,
        ttl: epochSeconds(record.expiresAt),
        // Which request it answers, hashed like the rest (the answer itself is sealed).
        requestIdHash: sha256(at.requestId),
      },
      // An expired record that TTL has not swept yet may be taken over, and so may the answer of
      // an ended request this one replaces while it is still that request's.
      ConditionExpression: `attribute_not_exists(pk) OR expiresAtIso <= :now${at.takesOver ? ' OR requestIdHash = :ended' : ''}`,
      ExpressionAttributeValues: { ':now': at.now, ...(at.takesOver ? { ':ended': sha256(at.takesOver) } : {}) },
    },
  };
}
