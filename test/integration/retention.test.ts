import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { keys } from '#shared/adapters/dynamo/keys';
import { DynamoRequestRetention } from '#shared/adapters/dynamo/request-retention';
import { describe, expect, it } from 'vitest';
import { newAccessToken, sha256 } from '#shared/domain/identifiers';
import type { ServiceRequest, TimelineEvent } from '#shared/domain/service-request';
import { call, postForm, postJson } from '../support/http';
import { KEDA, requestFixture } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';

const local = useLocalStack();
const center = () => ({ authorization: `Bearer ${local().stack.adminTokens.center}` });
const station = () => ({ authorization: `Bearer ${local().stack.adminTokens.station}` });
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

let serial = 0;
/**
 * A request with a resident's data in every place it can be: the contact, a description long
 * enough to be kept apart, service answers, the preferred time, the rating's comment, the
 * completion's note, and events with a team's note and staff's reason. Each text is unique to it.
 */
async function stored(overrides: Partial<ServiceRequest>) {
  serial += 1;
  const tag = `${Date.now().toString(36)}${serial}`;
  const personal = {
    name: `葛留存${tag}`,
    phone: `+86139${String(10_000_000 + serial * 7919 + (Date.now() % 1000)).slice(-8)}`,
    address: `留存小区${tag}号楼`,
    description: `留存测试的需求说明，住在留存小区${tag}号楼，电话见联系方式。`.repeat(4),
    comment: `留存评价${tag}`,
    note: `留存备注${tag}`,
    staffReason: `留存原因${tag}`,
    brand: `留存品牌${tag}`,
    preferredTime: `周六上午${tag}`,
  };
  const token = newAccessToken();
  const request = requestFixture({
    areaId: KEDA,
    contact: { name: personal.name, phone: personal.phone, address: personal.address },
    description: personal.description,
    attributes: { applianceType: 'fan', brand: personal.brand },
    preferredTime: personal.preferredTime,
    accessTokenHash: sha256(token),
    assignedTeam: { id: 'ruidi-repair', name: '瑞迪e修站' },
    completion: { completedAt: daysAgo(200), note: personal.note, hours: [{ volunteer: '留存志愿者', minutes: 60 }] },
    rating: { stars: 5, comment: personal.comment, ratedAt: daysAgo(199) },
    ...overrides,
  });
  const event = (seq: number, fields: Partial<TimelineEvent>): TimelineEvent => ({
    requestId: request.id,
    at: new Date(Date.parse(request.createdAt) + seq * 1000).toISOString(),
    seq,
    type: 'STATUS_CHANGED',
    message: { zh: '记录', en: 'Recorded' },
    actor: 'team',
    ...fields,
  });
  const events = [
    event(1, { type: 'SUBMITTED', actor: 'resident' }),
    event(2, { status: 'WAITING', detail: `瑞迪e修站: ${personal.note}` }),
    event(3, {
      status: 'REJECTED',
      actor: 'admin',
      message: { zh: `未能受理：${personal.staffReason}`, en: `Not accepted: ${personal.staffReason}` },
    }),
  ];
  await local().adapters.requests.create({ request, events, outbox: [] });
  return { request, token, personal };
}

/** Every item of the table and of gsi3 that holds any of the texts, as JSON. */
async function itemsHolding(texts: readonly string[]): Promise<string[]> {
  const { stack } = local();
  const found: string[] = [];
  for (const IndexName of [undefined, 'gsi3']) {
    let ExclusiveStartKey: Record<string, never> | undefined;
    do {
      const page = await stack.dynamodb.send(new ScanCommand({ TableName: stack.tableName, IndexName, ExclusiveStartKey }));
      for (const item of page.Items ?? []) {
        const text = JSON.stringify(item);
        if (texts.some((t) => text.includes(t))) found.push(text);
      }
      ExclusiveStartKey = page.LastEvaluatedKey as typeof ExclusiveStartKey;
    } while (ExclusiveStartKey);
  }
  return found;
}

const allOf = (p: Awaited<ReturnType<typeof stored>>['personal']) => Object.values(p);
const retention = () => local().stack.schedules.find((s) => s.functionName === 'apply-retention')!;

describe('the retention rule', () => {
  it('anonymises a request ended past the period, everywhere it is kept; not one ended within it, nor an open one; a second run changes nothing', async () => {
    const old = await stored({ status: 'CLOSED', createdAt: daysAgo(220), updatedAt: daysAgo(190) });
    const recent = await stored({ status: 'CLOSED', createdAt: daysAgo(220), updatedAt: daysAgo(20) });
    const open = await stored({
      status: 'ACCEPTED',
      createdAt: daysAgo(220),
      updatedAt: daysAgo(215),
      completion: undefined,
      rating: undefined,
    });
    expect(await itemsHolding(allOf(old.personal))).not.toHaveLength(0);

    await retention().runNow();

    expect(await itemsHolding(allOf(old.personal))).toEqual([]);
    const after = (await local().adapters.requests.getWithTimeline(old.request.id))!;
    expect(after.request).toMatchObject({
      id: old.request.id,
      status: 'CLOSED',
      serviceCode: old.request.serviceCode,
      areaId: KEDA,
      createdAt: old.request.createdAt,
      updatedAt: old.request.updatedAt,
      assignedTeam: old.request.assignedTeam,
      contact: { name: '', phone: '', address: '' },
      description: '',
      attributes: {},
      version: old.request.version + 1,
      rating: { stars: 5, ratedAt: old.request.rating!.ratedAt },
      completion: { completedAt: old.request.completion!.completedAt, hours: old.request.completion!.hours },
    });
    expect(after.request.anonymisedAt).toEqual(expect.any(String));
    expect(after.timeline).toHaveLength(3);

    // Within the period, and open: untouched.
    expect(await local().adapters.requests.get(recent.request.id)).toMatchObject({
      contact: recent.request.contact,
      version: recent.request.version,
    });
    expect(await itemsHolding([recent.personal.phone, recent.personal.note])).not.toHaveLength(0);
    expect(await local().adapters.requests.get(open.request.id)).toMatchObject({
      contact: open.request.contact,
      version: open.request.version,
    });

    // A retry is a no-op.
    await retention().runNow();
    expect(await local().adapters.requests.get(old.request.id)).toEqual(after.request);

    // The resident's page says the details were removed, with no blank contact and no 5xx.
    const statusUrl = `${local().url}/requests/${old.request.id}?token=${old.token}`;
    expect((await call(statusUrl)).json()).toMatchObject({ personalDataRemoved: true, contact: { name: '', phone: '' } });
    const page = await call(statusUrl, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('联系方式和需求说明已删除');
    expect(page.text).not.toContain(old.personal.staffReason);
    // The lookup has no phone left to check the digits against: not found, as any wrong key, and it says why that may be.
    const lookup = await postForm(`${local().url}/lookup`, { code: old.request.trackingCode, phone4: old.personal.phone.slice(-4) });
    expect(lookup.status).toBe(404);
    expect(lookup.text).toContain('手机号等个人信息按规定删除');
    // Staff's detail says so too.
    const detail = await call(`${local().url}/admin/requests/${old.request.id}`, { headers: center() });
    expect(detail.status).toBe(200);
    expect(detail.json().request.anonymisedAt).toBe(after.request.anonymisedAt);
  });
});

describe('the retention rule on a deployment older than three years', () => {
  it('reaches a request ended 40 months ago, after an upgrade from the version that started its first run 36 months back', async () => {
    const ancient = await stored({ status: 'CLOSED', createdAt: daysAgo(1230), updatedAt: daysAgo(1218) });
    // The progress as that version left it: everything from the month the period reaches back to done, no first month.
    const { stack } = local();
    const db = createDocumentClient(stack.dynamodb);
    const month = new Date(Date.now() - 190 * 86_400_000).toISOString().slice(0, 7);
    await db.send(new PutCommand({ TableName: stack.tableName, Item: { ...keys.retentionProgress, entity: 'RetentionProgress', month } }));
    expect(await itemsHolding(allOf(ancient.personal))).not.toHaveLength(0);

    await retention().runNow();

    expect(await itemsHolding(allOf(ancient.personal))).toEqual([]);
    expect(await local().adapters.requests.get(ancient.request.id)).toMatchObject({
      status: 'CLOSED',
      contact: { name: '', phone: '', address: '' },
      anonymisedAt: expect.any(String),
    });
    // The first month found once and kept: the oldest request's (Shanghai) month, or one before it.
    const kept = await new DynamoRequestRetention(db, stack.tableName).progress();
    expect(kept.firstMonth! <= ancient.request.createdAt.slice(0, 7)).toBe(true);
  });
});

describe('erasure on request', () => {
  it('anonymises an ended request at once for the center, whatever its age; once, however often sent', async () => {
    const { request, personal } = await stored({ status: 'CLOSED', updatedAt: daysAgo(1) });
    const erase = `${local().url}/admin/requests/${request.id}/erase`;
    const erased = await postJson(erase, {}, center());
    expect(erased.status).toBe(200);
    expect(erased.json()).toEqual({ id: request.id, status: 'CLOSED', version: request.version + 1 });
    expect(await itemsHolding(allOf(personal))).toEqual([]);

    const again = await postJson(erase, {}, center());
    expect(again.status).toBe(200);
    expect(again.json()).toEqual(erased.json());
    const { timeline } = (await local().adapters.requests.getWithTimeline(request.id))!;
    // The audit: who erased it, once, and nothing of what was erased.
    expect(timeline.filter((e) => e.type === 'NOTE')).toEqual([
      expect.objectContaining({ actor: 'admin', message: expect.objectContaining({ zh: '居民的个人信息已按本人要求删除' }) }),
    ]);
  });

  it('refuses an open request (409: cancel it first) and leaves it whole', async () => {
    const { request } = await stored({ status: 'ACCEPTED', completion: undefined, rating: undefined });
    const refused = await postJson(`${local().url}/admin/requests/${request.id}/erase`, {}, center());
    expect(refused.status).toBe(409);
    expect(refused.json().error.message).toContain('cancel it first');
    expect(await local().adapters.requests.get(request.id)).toMatchObject({ contact: request.contact, version: request.version });
  });

  it('is the center’s: a station gets 403 for a request in its own area, and nothing changes', async () => {
    const { request } = await stored({ status: 'CLOSED' });
    const refused = await postJson(`${local().url}/admin/requests/${request.id}/erase`, {}, station());
    expect(refused.status).toBe(403);
    expect(await local().adapters.requests.get(request.id)).toMatchObject({ contact: request.contact, version: request.version });
  });
});
