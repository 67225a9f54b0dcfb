import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '#shared/adapters/dynamo/keys';
import { DynamoRequestRepository } from '#shared/adapters/dynamo/request-repository';
import { IllegalTransitionError } from '#shared/domain/errors';
import { statusEvent, withStatus, type ServiceRequest } from '#shared/domain/service-request';
import { IdempotencyKeyTakenError, TrackingCodeTakenError } from '#shared/ports/request-repository';

const db = mockClient(DynamoDBDocumentClient);
const sealingKey = { id: 'k1', secret: Buffer.alloc(32, 7) };
const repo = new DynamoRequestRepository(db as unknown as DynamoDBDocumentClient, 'table', {
  current: async () => sealingKey,
  find: async () => sealingKey,
});

const request = {
  id: 'r1',
  trackingCode: '12345678',
  areaId: '370902003009',
  status: 'SUBMITTED',
  version: 1,
  createdAt: '2026-11-29T00:00:00.000Z',
  updatedAt: '2026-11-29T00:00:00.000Z',
} as ServiceRequest;
const record = {
  request,
  events: [],
  outbox: [],
  idempotency: { keyHash: 'k', bodyHash: 'b', response: {}, expiresAt: '2026-11-30T00:00:00.000Z' },
};

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

beforeEach(() => db.reset());

describe('DynamoRequestRepository.create', () => {
  it('writes the request, tracking code and idempotency record in one transaction, each only if new', async () => {
    db.on(TransactWriteCommand).resolves({});
    await repo.create(record);
    const items = db.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.map((i) => i.Put?.Item?.entity)).toEqual(['Request', 'TrackingCode', 'Idempotency']);
    expect(items[0]!.Put!.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(items[1]!.Put!.Item).toMatchObject({ pk: 'TRACK#12345678', requestId: 'r1' });
    expect(items[2]!.Put!.Item).toMatchObject({ pk: 'IDEM#k', ttl: Date.parse('2026-11-30T00:00:00.000Z') / 1000 });
  });

  it('reports a taken tracking code and a taken idempotency key as their own errors', async () => {
    db.on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'ConditionalCheckFailed', 'None'))
      .rejectsOnce(cancelled('None', 'None', 'ConditionalCheckFailed'));
    await expect(repo.create(record)).rejects.toBeInstanceOf(TrackingCodeTakenError);
    await expect(repo.create(record)).rejects.toBeInstanceOf(IdempotencyKeyTakenError);
  });

  it('retries a transaction cancelled by a conflict and succeeds', async () => {
    db.on(TransactWriteCommand)
      .rejectsOnce(cancelled('TransactionConflict', 'None', 'None'))
      .rejectsOnce(cancelled('None', 'TransactionConflict', 'None'))
      .resolves({});
    await repo.create(record);
    expect(db.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });

  it('gives up on conflicts after six attempts', async () => {
    db.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None', 'None'));
    await expect(repo.create(record)).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(db.commandCalls(TransactWriteCommand)).toHaveLength(6);
  });

  it('lets throttling through to the caller without a second attempt of its own', async () => {
    db.on(TransactWriteCommand).rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    await expect(repo.create(record)).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(db.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});

describe('DynamoRequestRepository.changeStatus', () => {
  const after = withStatus(request, 'WAITING', '2026-11-29T00:01:00.000Z');
  const change = { before: request, after, event: statusEvent(after, { zh: '等', en: 'wait' }, 'system' as const) };

  it('conditions the write on the stored status and version', async () => {
    db.on(TransactWriteCommand).resolves({});
    await repo.changeStatus(change);
    const put = db.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Put!;
    expect(put.ConditionExpression).toBe('#status = :from AND #version = :version');
    expect(put.ExpressionAttributeValues).toEqual({ ':from': 'SUBMITTED', ':version': 1 });
    expect(put.Item).toMatchObject({ status: 'WAITING', version: 2 });
  });

  it('turns a failed condition into IllegalTransitionError naming the stored status', async () => {
    const reasons = [{ Code: 'ConditionalCheckFailed', Item: { status: { S: 'CANCELLED' } } }, { Code: 'None' }];
    db.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({ message: 'x', $metadata: {}, CancellationReasons: reasons as never }),
    );
    await expect(repo.changeStatus(change)).rejects.toEqual(new IllegalTransitionError('CANCELLED', 'WAITING'));
  });
});

describe('DynamoRequestRepository.getWithTimeline', () => {
  it('reads the request, its details and its events in one query that stops at the details: facts written beside it before 2026-12-07 sort after them', async () => {
    db.on(QueryCommand).resolves({ Items: [{ pk: 'REQ#r1', sk: 'REQ', ...request }] });
    expect((await repo.getWithTimeline('r1'))?.request.id).toBe('r1');
    const input = db.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      KeyConditionExpression: 'pk = :pk AND sk <= :details',
      ExpressionAttributeValues: { ':pk': 'REQ#r1', ':details': 'REQ#DETAILS' },
    });
    // Upgrade shim, remove after 2027-01-16: a fact of the version before lies at `STATFACT#v<version>`.
    expect('STATFACT#v0001' > String(input.ExpressionAttributeValues?.[':details'])).toBe(true);
    expect(keys.timelineEvent('r1', '2026-11-29T00:00:00.000Z', 1).sk < 'REQ').toBe(true);
    expect(keys.request('r1').sk < keys.requestDetails('r1').sk).toBe(true);
  });
});

describe('DynamoRequestRepository.claimedBy', () => {
  it('lists only the claims the table still holds for the claimer, read consistently, whatever the lagging index says', async () => {
    const claim = {
      claimer: { kind: 'volunteer', id: 'v1', name: 'v' },
      deadline: '2026-12-08T00:00:00.000Z',
      remindAt: '2026-12-07T00:00:00.000Z',
    };
    const claimed = (id: string) => ({
      pk: `REQ#${id}`,
      sk: 'REQ',
      ...request,
      id,
      status: 'ACCEPTED',
      claim,
      contact: { phone: '+8613300004444' },
    });
    // The index still lists r2, which the volunteer gave up a moment ago, and r3, now someone else's.
    db.on(QueryCommand).resolves({ Items: [claimed('r1'), claimed('r2'), claimed('r3')] });
    const { claim: _gone, ...givenUp } = claimed('r2');
    const others = { ...claimed('r3'), claim: { ...claim, claimer: { ...claim.claimer, id: 'v2' } } };
    db.on(BatchGetCommand).resolves({ Responses: { table: [others, { ...givenUp, status: 'PUBLISHED' }, claimed('r1')] } });
    expect((await repo.claimedBy({ kind: 'volunteer', id: 'v1' }, 20)).map((r) => r.id)).toEqual(['r1']);
    const read = db.commandCalls(BatchGetCommand)[0]!.args[0].input.RequestItems!.table!;
    expect(read).toMatchObject({ ConsistentRead: true, Keys: ['r1', 'r2', 'r3'].map((id) => keys.request(id)) });
  });
});

describe('DynamoRequestRepository.openForTeam', () => {
  it('lists only the orders the table still holds for the team, read consistently in one batch, whatever the lagging index says (review 55)', async () => {
    const order = (id: string, teamId = 't1', more: Record<string, unknown> = {}) => ({
      pk: `REQ#${id}`,
      sk: 'REQ',
      ...request,
      id,
      status: 'ACCEPTED',
      assignedTeam: { id: teamId, name: teamId },
      contact: { name: '王秀兰', phone: '+8613300004444', address: '科大社区1号楼' },
      ...more,
    });
    // The index still lists r2, cancelled a moment ago, and r3, taken back and accepted by another team since.
    db.on(QueryCommand).resolves({ Items: [order('r1'), order('r2'), order('r3'), order('r4', 't1', { detailsApart: true })] });
    const details = { pk: 'REQ#r4', sk: 'REQ#DETAILS', description: '门锁坏了' };
    db.on(BatchGetCommand).resolves({
      Responses: {
        table: [
          order('r3', 't2'),
          { ...order('r2'), status: 'CANCELLED' },
          order('r1'),
          details,
          order('r4', 't1', { detailsApart: true }),
        ],
      },
    });
    const listed = await repo.openForTeam('t1', 'ACCEPTED', 1000);
    expect(listed.map((r) => r.id)).toEqual(['r1', 'r4']);
    expect(listed[1]).toMatchObject({ description: '门锁坏了' });
    expect(db.commandCalls(BatchGetCommand)).toHaveLength(1);
    const read = db.commandCalls(BatchGetCommand)[0]!.args[0].input.RequestItems!.table!;
    expect(read).toMatchObject({
      ConsistentRead: true,
      Keys: [...['r1', 'r2', 'r3', 'r4'].map((id) => keys.request(id)), keys.requestDetails('r4')],
    });
  });
});
