import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { DynamoDeliveryLog } from '#shared/adapters/dynamo/delivery-log';
import type { Clock } from '#shared/ports/clock';
import { DeliveryInFlightError, type DeliveryOutcome } from '#shared/ports/delivery-log';
import { deliveryLogContract } from '../support/delivery-log-contract';
import { useLocalStack } from '../support/local-stack';

const local = useLocalStack({ seed: false });
const db = () => createDocumentClient(local().stack.dynamodb);
const table = () => local().stack.tableName;

deliveryLogContract('DynamoDeliveryLog on DynamoDB Local', () => new DynamoDeliveryLog(db(), table()));

it('frees a key held past its invocation’s deadline: a stuck attempt does not block the notice for a week', async () => {
  let now = Date.parse('2026-12-06T08:00:00Z');
  const clock: Clock = { now: () => new Date(now) };
  const stuck = new DynamoDeliveryLog(db(), table(), clock);
  stuck.registerLambdaContext({ getRemainingTimeInMillis: () => 30_000 });
  const key = `req-${randomUUID()}#v1#offer#t`;
  let release = (_: DeliveryOutcome) => {};
  let started = false;
  const stuckRun = stuck.once(key, () => ((started = true), new Promise<DeliveryOutcome>((resolve) => (release = resolve))));
  await expect.poll(() => started).toBe(true);
  const next = new DynamoDeliveryLog(db(), table(), clock);
  await expect(next.once(key, async () => 'sent')).rejects.toBeInstanceOf(DeliveryInFlightError);
  now += 29_000;
  await expect(next.once(key, async () => 'sent')).rejects.toBeInstanceOf(DeliveryInFlightError);
  now += 2_000;
  expect(await next.once(key, async () => 'sent')).toEqual({ outcome: 'sent', fresh: true });
  // The stuck attempt ends after all (its send went out too): it neither fails nor overwrites the record.
  release('refused');
  expect(await stuckRun).toEqual({ outcome: 'refused', fresh: true });
  expect(await next.once(key, async () => 'refused')).toEqual({ outcome: 'sent', fresh: false });
});

it('knows a delivery that the Powertools idempotency log recorded before the upgrade', async () => {
  // The item as Powertools 2.x wrote it for the key 'req-1#v3#offer#abc' (keyPrefix `delivery`,
  // MD5 base64 of the key as JSON, the table's `pk`/`sk` and `ttl`; the lock it took is kept).
  const ttl = Math.round(Date.now() / 1000) + 86_400;
  const item = {
    pk: 'DELIVERY',
    sk: 'delivery#bXT3SuEf6eQK2ahxYinerA==',
    status: 'COMPLETED',
    ttl,
    in_progress_expiration: Date.now() - 60_000,
    data: { outcome: 'refused', attempt: 'a1' },
  };
  await db().send(new PutCommand({ TableName: table(), Item: item }));
  let ran = false;
  const log = new DynamoDeliveryLog(db(), table());
  expect(await log.once('req-1#v3#offer#abc', async () => ((ran = true), 'sent'))).toEqual({ outcome: 'refused', fresh: false });
  expect(ran).toBe(false);
  const stored = await db().send(new GetCommand({ TableName: table(), Key: { pk: item.pk, sk: item.sk } }));
  expect(stored.Item).toEqual(item);
});

it('runs a delivery again once its record is past its week (before DynamoDB’s TTL has removed it)', async () => {
  let now = Date.parse('2026-12-06T08:00:00Z');
  const clock: Clock = { now: () => new Date(now) };
  const log = new DynamoDeliveryLog(db(), table(), clock);
  const key = `req-${randomUUID()}#v1#status#t`;
  expect(await log.once(key, async () => 'sent')).toEqual({ outcome: 'sent', fresh: true });
  now += 7 * 86_400_000 - 1000;
  expect(await log.once(key, async () => 'refused')).toEqual({ outcome: 'sent', fresh: false });
  now += 2000;
  expect(await log.once(key, async () => 'refused')).toEqual({ outcome: 'refused', fresh: true });
});
