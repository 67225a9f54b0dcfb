import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { DynamoDeliveryLog } from '#shared/adapters/dynamo/delivery-log';
import { keys } from '#shared/adapters/dynamo/keys';
import { DynamoNoticeDeliveries } from '#shared/adapters/dynamo/notice-deliveries';
import { DynamoOutbox, outboxItem } from '#shared/adapters/dynamo/outbox';
import type { Clock } from '#shared/ports/clock';
import { DeliveryInFlightError, type DeliveryOutcome } from '#shared/ports/delivery-log';
import { NoticeNotSettledError, type NoticeRef } from '#shared/ports/notice-deliveries';
import { noticeDeliveriesContract } from '../support/notice-deliveries-contract';
import { useLocalStack } from '../support/local-stack';

const local = useLocalStack({ seed: false });
const db = () => createDocumentClient(local().stack.dynamodb);
const table = () => local().stack.tableName;
const deliveriesOn = (client: DynamoDBDocumentClient, clock?: Clock) =>
  new DynamoNoticeDeliveries(client, table(), new DynamoDeliveryLog(client, table(), clock), clock);

/** A notice's outbox item as a status change writes it (`legacy`: as the version before did, without the mark). */
async function newNotice(legacy = false): Promise<NoticeRef> {
  const notice = { requestId: `r-${randomUUID()}`, messageId: 'notice-v2-offer' };
  const message = {
    id: notice.messageId,
    requestId: notice.requestId,
    queue: 'notify' as const,
    body: {},
    dueAt: '2026-12-07T00:00:00.000Z',
  };
  await db().send(new PutCommand({ TableName: table(), Item: outboxItem(message, legacy) }));
  return notice;
}
const unsettled = async (notice: NoticeRef) =>
  (await db().send(new GetCommand({ TableName: table(), Key: keys.outbox(notice.requestId, notice.messageId), ConsistentRead: true })))
    .Item !== undefined;

noticeDeliveriesContract('DynamoNoticeDeliveries on DynamoDB Local', () => ({
  deliveries: deliveriesOn(db()),
  newNotice,
  unsettled,
  outbox: new DynamoOutbox(db(), table()),
}));

it('does not call a notice written before its deliveries were kept with it unsent: whether it went is not known there', async () => {
  const notice = await newNotice(true);
  expect(await new DynamoOutbox(db(), table()).unsent(notice.requestId, notice.messageId)).toBe(false);
});

it('frees a target held past its invocation’s deadline: a stuck attempt does not block the notice', async () => {
  let now = Date.parse('2026-12-07T08:00:00Z');
  const clock: Clock = { now: () => new Date(now) };
  const stuck = deliveriesOn(db(), clock);
  stuck.registerLambdaContext({ getRemainingTimeInMillis: () => 30_000 });
  const notice = await newNotice();
  let release = (_: DeliveryOutcome) => {};
  let started = false;
  const stuckRun = stuck.deliver(notice, [
    { key: 't', deliver: () => ((started = true), new Promise<DeliveryOutcome>((resolve) => (release = resolve))) },
  ]);
  await expect.poll(() => started).toBe(true);
  const next = deliveriesOn(db(), clock);
  const blocked = await next.deliver(notice, [{ key: 't', deliver: async () => 'sent' }]);
  expect(blocked).toEqual([{ status: 'rejected', reason: expect.any(DeliveryInFlightError) }]);
  now += 31_000;
  expect(await next.deliver(notice, [{ key: 't', deliver: async () => 'sent' }])).toEqual([
    { status: 'fulfilled', value: { outcome: 'sent', fresh: true } },
  ]);
  expect(await unsettled(notice)).toBe(false);
  // The stuck attempt ends after all (its send went out too): the notice stays settled.
  release('refused');
  expect(await stuckRun).toEqual([{ status: 'fulfilled', value: { outcome: 'refused', fresh: true } }]);
  expect(await unsettled(notice)).toBe(false);
});

it('delivers a notice written before the upgrade through the delivery log, which knows what the version before sent', async () => {
  const notice = await newNotice(true);
  const log = new DynamoDeliveryLog(db(), table());
  // The version before sent to `a`, then `b` failed: the message came back after the upgrade.
  expect(await log.once(`${notice.requestId}#a`, async () => 'sent')).toEqual({ outcome: 'sent', fresh: true });
  let runs = 0;
  const results = await deliveriesOn(db()).deliver(notice, [
    { key: `${notice.requestId}#a`, deliver: async () => (runs++, 'sent') },
    { key: `${notice.requestId}#b`, deliver: async () => (runs++, 'sent') },
  ]);
  expect(results).toEqual([
    { status: 'fulfilled', value: { outcome: 'sent', fresh: false } },
    { status: 'fulfilled', value: { outcome: 'sent', fresh: true } },
  ]);
  expect(runs).toBe(1);
  expect(await unsettled(notice)).toBe(false);
});

/** The table's client, refusing the writes `refuses` picks (a fault DynamoDB Local cannot make). */
function refusing(refuses: (command: unknown) => boolean): DynamoDBDocumentClient {
  const client = db();
  const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
  (client as { send: unknown }).send = async (command: unknown) => {
    if (refuses(command)) throw Object.assign(new Error('Throughput exceeds the current capacity'), { name: 'ThrottlingException' });
    return send(command);
  };
  return client;
}

it('records the outcomes when it cannot settle, so the message’s return sends nothing again', async () => {
  const notice = await newNotice();
  let refuse = true;
  const client = refusing((command) => command instanceof DeleteCommand && refuse && !(refuse = false));
  let runs = 0;
  const targets = ['a', 'b'].map((key) => ({ key, deliver: async () => (runs++, 'sent' as const) }));
  const failed = await deliveriesOn(client)
    .deliver(notice, targets)
    .catch((error: unknown) => error);
  expect(failed).toBeInstanceOf(NoticeNotSettledError);
  expect(failed).toMatchObject({ unrecorded: 0, of: 2 });
  expect(await unsettled(notice)).toBe(true);
  expect(await deliveriesOn(client).deliver(notice, targets)).toEqual([
    { status: 'fulfilled', value: { outcome: 'sent', fresh: false } },
    { status: 'fulfilled', value: { outcome: 'sent', fresh: false } },
  ]);
  expect(runs).toBe(2);
  expect(await unsettled(notice)).toBe(false);
});

it('says how many sends will go again when neither the settle nor their records can be written', async () => {
  const notice = await newNotice();
  // Every write after the takes is refused: the item's partition is throttled.
  let takes = 0;
  const client = refusing((command) => command instanceof DeleteCommand || (command instanceof UpdateCommand && ++takes > 2));
  const targets = ['a', 'b'].map((key) => ({ key, deliver: async () => 'sent' as const }));
  const failed = await deliveriesOn(client)
    .deliver(notice, targets)
    .catch((error: unknown) => error);
  expect(failed).toMatchObject({ name: 'NoticeNotSettledError', unrecorded: 2, of: 2 });
  expect((failed as Error).message).toBe(
    "the notice's 2 targets have their outcomes but it could not be settled (ThrottlingException); 2 not recorded either will be sent again",
  );
});
