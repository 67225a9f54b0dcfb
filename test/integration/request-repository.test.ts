import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { keys } from '#shared/adapters/dynamo/keys';
import { DynamoRequestRepository } from '#shared/adapters/dynamo/request-repository';
import { WAITING_LINE_PARALLEL } from '#shared/ports/request-repository';
import { requestItem } from '#shared/adapters/dynamo/request-items';
import { statusEvent, withStatus, type ServiceRequest } from '#shared/domain/service-request';
import { orderMonth } from '#shared/domain/team';
import { requestFixture } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';
import { PROVINCE_LINE, provinceLine } from '../support/province-line';
import { requestRepositoryContract } from '../support/request-repository-contract';
import { requestLinesContract } from '../support/request-lines-contract';
import { wishListingsContract } from '../support/wish-listings-contract';

const local = useLocalStack({ seed: false });

requestRepositoryContract('DynamoRequestRepository on DynamoDB Local', () => local().adapters);
wishListingsContract('DynamoRequestRepository on DynamoDB Local, the wish wall’s listings', () => local().adapters);
requestLinesContract('DynamoRequestRepository on DynamoDB Local, the waiting line and the center’s queue', () => local().adapters);

describe('a request’s details on the table', () => {
  const db = () => createDocumentClient(local().stack.dynamodb);
  const item = async (key: object) => (await db().send(new GetCommand({ TableName: local().stack.tableName, Key: key }))).Item;
  const details = ['description', 'attributes', 'preferredTime'];
  const code = () => String(10_000_000 + Math.floor(Math.random() * 89_999_999));
  const long = (): ServiceRequest =>
    requestFixture({
      trackingCode: code(),
      description: '家里的收音机没有声音了，老人每天都要听戏曲和新闻。'.repeat(10),
      preferredTime: '周末上午',
    });
  const waitingAfter = async (before: ServiceRequest) => {
    const after = withStatus(before, 'WAITING', new Date().toISOString());
    await local().adapters.requests.changeStatus({ before, after, event: statusEvent(after, { zh: '等', en: 'wait' }, 'system') });
  };

  it('keeps long free text in an item of their own, written once, out of the request’s item and its index entries', async () => {
    const { requests } = local().adapters;
    const request = long();
    await requests.create({ request, events: [], outbox: [] });
    await waitingAfter((await requests.get(request.id))!);
    const stored = await item(keys.request(request.id));
    expect(stored).toMatchObject({ status: 'WAITING', detailsApart: true, contact: request.contact, gsi1pk: expect.any(String) });
    expect(Object.keys(stored!).filter((name) => details.includes(name))).toEqual([]);
    const apart = await item(keys.requestDetails(request.id));
    expect(apart).toMatchObject({ description: request.description, attributes: request.attributes, preferredTime: '周末上午' });
    expect(apart).not.toHaveProperty('contact');
    expect(await requests.get(request.id)).toMatchObject({ status: 'WAITING', description: request.description, contact: request.contact });
    // The admins' list and the service records read a month whole and show none of the free text: not read for them.
    const month = orderMonth(new Date(request.createdAt));
    const listed = (await requests.listCreated(request.areaId.slice(0, 6), month, request.areaId)).find((r) => r.id === request.id);
    expect(listed).toMatchObject({ status: 'WAITING', contact: request.contact });
    expect(listed).not.toHaveProperty('description');
  });

  it('keeps short free text inline, with no item of their own', async () => {
    const { requests } = local().adapters;
    const request = requestFixture({ trackingCode: code() });
    await requests.create({ request, events: [], outbox: [] });
    expect(await item(keys.request(request.id))).toMatchObject({ description: request.description, contact: request.contact });
    expect(await item(keys.requestDetails(request.id))).toBeUndefined();
    expect(await requests.get(request.id)).toEqual(request);
  });

  it('keeps inline the long details of a request stored by the version before, through its changes', async () => {
    const { requests } = local().adapters;
    const request = long();
    // As the version before stored it: every detail in the request's item, no flag.
    await db().send(new PutCommand({ TableName: local().stack.tableName, Item: requestItem(request) }));
    const before = (await requests.get(request.id))!;
    expect(before).toEqual(request);
    await waitingAfter(before);
    expect(await item(keys.request(request.id))).toMatchObject({
      status: 'WAITING',
      description: request.description,
      contact: request.contact,
    });
    expect(await item(keys.requestDetails(request.id))).toBeUndefined();
    expect(await requests.get(request.id)).toMatchObject({ status: 'WAITING', description: request.description });
  });
});

describe('a waiting request stored before the line was keyed by county', () => {
  const db = () => createDocumentClient(local().stack.dynamodb);

  it('is not in its area’s line until its next re-check writes it, which the sweep does within minutes of a deploy', async () => {
    const { requests } = local().adapters;
    const serviceCode = `legacy-line-${Date.now()}`;
    const at = new Date().toISOString();
    const request: ServiceRequest = { ...requestFixture({ serviceCode, status: 'WAITING' }), dueAt: at };
    // As the version before wrote it: urgent flag first, no area.
    const old = { ...requestItem(request), gsi1sk: `1#${request.createdAt}#${request.id}` };
    await db().send(new PutCommand({ TableName: local().stack.tableName, Item: old }));
    expect(await requests.waiting(serviceCode, request.areaId.slice(0, 6), 10)).toEqual([]);
    // The sweep's re-check of a request nobody could take: a new due time, the item written whole.
    const stored = (await requests.get(request.id))!;
    expect(await requests.update(stored, { ...stored, dueAt: new Date(Date.now() + 5 * 60_000).toISOString() })).toBe(true);
    expect((await requests.waiting(serviceCode, request.areaId.slice(0, 6), 10)).map((r) => r.id)).toEqual([request.id]);
  });
});

describe('a province’s waiting line on the table', () => {
  /** The repository on a client of its own that records each Query's `Limit` and how many were in flight at once. */
  function watchedQueries() {
    const limits: number[] = [];
    let inFlight = 0;
    let most = 0;
    const client = new DynamoDBClient({ endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB });
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'QueryCommand') return next(args);
        limits.push(Number((args.input as { Limit?: number }).Limit));
        most = Math.max(most, ++inFlight);
        try {
          return await next(args);
        } finally {
          inFlight--;
        }
      },
      { step: 'initialize', name: 'watchQueries' },
    );
    const requests = new DynamoRequestRepository(createDocumentClient(client), local().stack.tableName);
    return { requests, limits, most: () => most };
  }

  it('reads each county once for no more than asked, the cities side by side, a few queries at a time', async () => {
    const { serviceCode, expected } = await provinceLine(local().adapters.requests);
    const watched = watchedQueries();
    expect((await watched.requests.waiting(serviceCode, '37', 4)).map((r) => r.id)).toEqual(expected('37').slice(0, 4));
    // One query a county, one more to end each city's walk, and one to end the walk through the cities.
    expect(watched.limits.length).toBeLessThanOrEqual(PROVINCE_LINE.counties + PROVINCE_LINE.cities + 1);
    expect(Math.max(...watched.limits)).toBeLessThanOrEqual(4);
    expect(watched.most()).toBeGreaterThan(1);
    expect(watched.most()).toBeLessThanOrEqual(WAITING_LINE_PARALLEL);
  });

  it('reads a county’s own line for no more than asked', async () => {
    const { serviceCode, expected } = await provinceLine(local().adapters.requests);
    const watched = watchedQueries();
    expect((await watched.requests.waiting(serviceCode, '370203', 3)).map((r) => r.id)).toEqual(expected('370203').slice(0, 3));
    expect(watched.limits).toEqual([3]);
  });
});
