import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { sha256 } from '#shared/domain/identifiers';
import { call, callRaw, postForm, postJson, validFormFields, validSubmission } from '../support/http';
import { uniquePhone } from '../support/served-order';
import { eventually, useLocalStack } from '../support/local-stack';
import { smsOfKindTo } from '../support/volunteer-session';

const local = useLocalStack();

/**
 * The partitions a submission would write (its request, tracking code and idempotency record).
 * Earlier tests' consumers keep writing inside their own requests' partitions and the statistics,
 * so "writes nothing" is checked as "no new partition of these kinds", which those never create.
 */
async function requestPartitions(): Promise<Set<string>> {
  const { stack } = local();
  const db = createDocumentClient(stack.dynamodb);
  const partitions = new Set<string>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: stack.tableName, ProjectionExpression: 'pk', ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) {
      const pk = String(item.pk);
      if (/^(REQ|TRACK|IDEM)#/.test(pk)) partitions.add(pk);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return partitions;
}

async function expectNothingWrittenSince(before: Set<string>): Promise<void> {
  const added = [...(await requestPartitions())].filter((pk) => !before.has(pk));
  expect(added).toEqual([]);
}

describe('the service menu and areas', () => {
  it('lists active services grouped with their categories', async () => {
    const reply = await call(`${local().url}/services`);
    expect(reply.status).toBe(200);
    const menu = reply.json();
    expect(menu.categories.map((c: { code: string }) => c.code)).toContain('appliance-repair');
    const repair = menu.services.find((s: { code: string }) => s.code === 'appliance-repair');
    expect(repair.fields.map((f: { code: string }) => f.code)).toEqual(['applianceType', 'model', 'canBringToStation']);
  });

  it('returns one service definition, and 404 for an unknown code', async () => {
    expect((await call(`${local().url}/services/legal-consultation`)).json().code).toBe('legal-consultation');
    const missing = await call(`${local().url}/services/no-such-service`);
    expect(missing.status).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
  });

  it('returns the top areas, one area’s children, or areas by id: never the tree', async () => {
    const top = (await call(`${local().url}/areas`)).json().areas;
    expect(top.map((a: { id: string }) => a.id)).toEqual(['37']);
    expect(top[0]).toMatchObject({ id: '37', level: 'province' });
    expect(top[0].children).toBeUndefined();
    const streets = (await call(`${local().url}/areas?within=370902`)).json().areas;
    expect(streets.map((s: { id: string }) => s.id)).toContain('370902003');
    expect(streets.every((s: { level: string }) => s.level === 'street')).toBe(true);
    const communities = (await call(`${local().url}/areas?within=370911001`)).json().areas;
    expect(communities.map((c: { id: string }) => c.id)).toContain('370911001005');
    const named = (await call(`${local().url}/areas?ids=370902003009,370902,370999`)).json().areas;
    expect(named.map((a: { id: string; name: { zh: string } }) => [a.id, a.name.zh])).toEqual([
      ['370902003009', '科大社区'],
      ['370902', '泰山区'],
    ]);
    const unknown = await call(`${local().url}/areas?within=370999`);
    expect(unknown.status).toBe(404);
  });
});

describe('POST /requests with JSON', () => {
  it('stores the request, queues it, and the consumer moves it on: no team serves it here, so to the center', async () => {
    const reply = await postJson(`${local().url}/requests`, validSubmission());
    expect(reply.status).toBe(201);
    const body = reply.json();
    expect(body).toMatchObject({ status: 'SUBMITTED' });
    expect(body.trackingCode).toMatch(/^\d{8}$/);
    expect(body.statusUrl).toBe(`${local().url}/requests/${body.id}?token=${body.accessToken}`);
    const stored = await local().adapters.requests.get(body.id);
    expect(stored).toMatchObject({ serviceCode: 'appliance-repair', channel: 'api', contact: { phone: '+8613912345678' } });
    const escalated = await eventually(async () => {
      const r = await local().adapters.requests.get(body.id);
      return r?.status === 'ESCALATED' && r;
    });
    expect(escalated.version).toBe(2);
    // Its notice to the resident is sent and settled: nothing is left for the relay.
    await eventually(async () => (await local().adapters.outbox.due(new Date(Date.now() + 3600_000).toISOString(), 100)).length === 0);
  });

  it('names every bad field in a 400 and writes nothing', async () => {
    const before = await requestPartitions();
    const reply = await postJson(
      `${local().url}/requests`,
      validSubmission({ phone: '12345', description: '', areaId: '370902', nickname: 'x', attributes: { applianceType: 'piano' } }),
    );
    expect(reply.status).toBe(400);
    const fields = reply
      .json()
      .error.fields.map((f: { field: string }) => f.field)
      .sort();
    expect(fields).toEqual(['attributes.applianceType', 'description', 'nickname', 'phone']);
    await expectNothingWrittenSince(before);
  });

  it('checks the area level and the service attributes after the schema', async () => {
    const before = await requestPartitions();
    const wrongArea = await postJson(`${local().url}/requests`, validSubmission({ areaId: '370902' }));
    expect(wrongArea.json().error.fields).toEqual([{ field: 'areaId', message: 'Choose a community or village' }]);
    const wrongAttr = await postJson(`${local().url}/requests`, validSubmission({ attributes: { applianceType: 'piano', colour: 'red' } }));
    expect(wrongAttr.status).toBe(400);
    expect(
      wrongAttr
        .json()
        .error.fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['attributes.applianceType', 'attributes.colour']);
    const notUrgent = await postJson(
      `${local().url}/requests`,
      validSubmission({ serviceCode: 'micro-wish', urgency: 'urgent', attributes: { wishItem: '一副老花镜' } }),
    );
    expect(notUrgent.json().error.fields).toEqual([{ field: 'urgency', message: 'This service cannot be ordered as urgent' }]);
    await expectNothingWrittenSince(before);
  });

  it('answers 413 to a body over the limit and 415 to another content type, writing nothing', async () => {
    const before = await requestPartitions();
    const big = await postJson(`${local().url}/requests`, validSubmission({ description: '很'.repeat(25000) }));
    expect(big.status).toBe(413);
    const xml = await call(`${local().url}/requests`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<a/>' });
    expect(xml.status).toBe(415);
    const broken = await call(`${local().url}/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":',
    });
    expect(broken.status).toBe(400);
    // A lone surrogate (a JSON escape) is no character: refused at its field, not stored.
    const lone = await postJson(`${local().url}/requests`, validSubmission({ contactName: '\ud800', phone: uniquePhone() }));
    expect([lone.status, lone.json().error.fields]).toEqual([
      400,
      [{ field: 'contactName', message: 'Contains a character that cannot be shown' }],
    ]);
    await expectNothingWrittenSince(before);
  });

  it('returns the same request for a repeated Idempotency-Key, and 422 for a different body', async () => {
    const key = `test-${Date.now()}`;
    const first = await postJson(`${local().url}/requests`, validSubmission(), { 'idempotency-key': key });
    const again = await postJson(`${local().url}/requests`, validSubmission(), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.json()).toEqual(first.json());
    const different = await postJson(`${local().url}/requests`, validSubmission({ description: '另一个问题' }), { 'idempotency-key': key });
    expect(different.status).toBe(422);
    expect(different.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('keeps the first answer of an Idempotency-Key encrypted: no access token in clear, and a replay still gets it', async () => {
    const key = `sealed-${Date.now()}`;
    const first = await postJson(`${local().url}/requests`, validSubmission(), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const { accessToken, id } = first.json() as { accessToken: string; id: string };
    const { stack } = local();
    const raw = await createDocumentClient(stack.dynamodb).send(
      new GetCommand({ TableName: stack.tableName, Key: { pk: `IDEM#${sha256(key)}`, sk: 'IDEM' } }),
    );
    expect(raw.Item).toBeDefined();
    const stored = JSON.stringify(raw.Item);
    expect(stored).not.toContain(accessToken);
    expect(stored).not.toContain(id);
    const again = await postJson(`${local().url}/requests`, validSubmission(), { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.json()).toEqual(first.json());
  });

  it('creates one request when the same Idempotency-Key arrives ten times at once', async () => {
    const key = `race-${Date.now()}`;
    const submission = validSubmission({ description: `并发提交 ${key}` });
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => postJson(`${local().url}/requests`, submission, { 'idempotency-key': key })),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(replies.map((r) => r.json().id)).size).toBe(1);
    const { stack } = local();
    const stored = await createDocumentClient(stack.dynamodb).send(
      new ScanCommand({
        TableName: stack.tableName,
        FilterExpression: 'entity = :e AND description = :d',
        ExpressionAttributeValues: { ':e': 'Request', ':d': submission.description },
      }),
    );
    expect(stored.Items).toHaveLength(1);
  });
});

describe('GET /requests/{id}', () => {
  it('shows the request with its timeline to the holder of the token, masking personal data', async () => {
    const created = (await postJson(`${local().url}/requests`, validSubmission())).json();
    // No team serves it here: it goes to the center at once.
    await eventually(async () => (await local().adapters.requests.get(created.id))?.status === 'ESCALATED');
    const view = (await call(`${local().url}/requests/${created.id}`, { headers: { 'x-access-token': created.accessToken } })).json();
    expect(view).toMatchObject({ id: created.id, status: 'ESCALATED', contact: { name: '王**', phone: '139****5678' } });
    expect(view.area.names[0].zh).toBe('科大社区');
    expect(view.timeline.map((e: { status: string }) => e.status)).toEqual(['SUBMITTED', 'ESCALATED']);
    expect(JSON.stringify(view)).not.toContain('13912345678');
    // The address, not '501' alone: a random tracking code or token may hold those digits.
    expect(JSON.stringify(view)).not.toContain('3号楼2单元');
    const viaQuery = await call(`${local().url}/requests/${created.id}?token=${created.accessToken}`);
    expect(viaQuery.json().id).toBe(created.id);
  });

  it('answers 404, never 403, without the right token or for an unknown id', async () => {
    const created = (await postJson(`${local().url}/requests`, validSubmission())).json();
    for (const url of [
      `${local().url}/requests/${created.id}`,
      `${local().url}/requests/${created.id}?token=wrong`,
      `${local().url}/requests/${created.id}?token=${created.accessToken.slice(0, -1)}${created.accessToken.endsWith('A') ? 'B' : 'A'}`,
      `${local().url}/requests/zzzzzzzzzzzzzzzzzzzz?token=${created.accessToken}`,
    ]) {
      const reply = await call(url);
      expect(reply.status, url).toBe(404);
      expect(reply.json().error.code).toBe('NOT_FOUND');
    }
  });
});

describe('the HTML form', () => {
  it('serves the menu at /, the community picker for a service, and the form for both, without JavaScript (the picker’s search has one script, by hash)', async () => {
    const menu = await call(`${local().url}/`, { headers: { accept: 'text/html' } });
    expect(menu.status).toBe(200);
    expect(menu.headers.get('content-type')).toContain('text/html');
    expect(menu.text).toContain('href="/?service=appliance-repair"');
    expect(menu.text).not.toContain('<script');
    const page = await call(`${local().url}/?service=appliance-repair`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('href="/?service=appliance-repair&amp;in=370902"');
    // The picker's one script (search as one types), and the policy that allows exactly it.
    expect(page.text.match(/<script>/g)).toHaveLength(1);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'; /);
    expect(menu.headers.get('content-security-policy')).not.toContain('script-src');
    const form = await call(`${local().url}/?service=appliance-repair&area=370902003009`, { headers: { accept: 'text/html' } });
    expect(form.text).toContain('action="/requests');
    expect(form.text).toContain('<input type="hidden" name="serviceCode" value="appliance-repair">');
    expect(form.text).toContain('<input type="hidden" name="areaId" value="370902003009">');
    expect(form.text).not.toContain('<script');
    expect(form.headers.get('content-security-policy')).not.toContain('script-src');
  });

  it('confirms a form post with the tracking code and a status link', async () => {
    const reply = await postForm(`${local().url}/requests`, validFormFields({ 'attr.elderly-visit.livesAlone': 'true' }));
    expect(reply.status).toBe(201);
    const link = /href="(http:\/\/127\.0\.0\.1:\d+\/requests\/([0-9a-z]{20})\?token=[^"]+)"/.exec(reply.text);
    expect(link).not.toBeNull();
    const stored = await local().adapters.requests.get(link![2]!);
    expect(stored).toMatchObject({ channel: 'web', attributes: { applianceType: 'radio' } });
    expect(reply.text).toContain(`${stored!.trackingCode.slice(0, 4)} ${stored!.trackingCode.slice(4)}`);
    const status = await call(link![1]!.replaceAll('&amp;', '&'), { headers: { accept: 'text/html' } });
    expect(status.status).toBe(200);
    expect(status.text).toContain(stored!.trackingCode.slice(0, 4));
  });

  it('texts the tracking code and the lookup page after a form post: the confirmation page may be closed or lost', async () => {
    const { url, adapters } = local();
    const phone = uniquePhone();
    const reply = await postForm(`${url}/requests`, validFormFields({ phone }));
    expect(reply.status).toBe(201);
    const id = /\/requests\/([0-9a-z]{20})\?token=/.exec(reply.text)![1]!;
    const { trackingCode } = (await adapters.requests.get(id))!;
    const [sms] = await eventually(async () => {
      const sent = await smsOfKindTo(url, phone, 'received');
      return sent.length > 0 && sent;
    });
    expect(sms!.text).toContain(`查询码${trackingCode}`);
    expect(sms!.text).toContain(`${url}/lookup`);
    expect(sms!.text).not.toContain('工作人员');
  });

  it('confirms a micro-wish with what happens to it: review, then the wish wall, no team', async () => {
    const fields = validFormFields({ serviceCode: 'micro-wish', description: '想要一台能听戏的收音机', phone: uniquePhone() });
    for (const name of Object.keys(fields)) if (name.startsWith('attr.')) delete fields[name];
    fields['attr.micro-wish.wishItem'] = '一台收音机';
    const reply = await postForm(`${local().url}/requests`, fields);
    expect(reply.status).toBe(201);
    expect(reply.text).toContain('社区审核后会把您的心愿发布到心愿墙');
    expect(reply.text).not.toContain('我们正在为您安排服务队');
  });

  it('makes one request of a form sent twice (a double tap, a refresh), and a new one of a form changed and sent again', async () => {
    const { url, adapters } = local();
    const page = await call(`${url}/?service=appliance-repair&area=370902003009`, { headers: { accept: 'text/html' } });
    const formKey = /name="formKey" value="([0-9a-f-]{36})"/.exec(page.text)?.[1];
    expect(formKey).toBeDefined();
    const idOf = (reply: { text: string }) => /\/requests\/([0-9a-z]{20})\?token=/.exec(reply.text)![1]!;
    const fields = validFormFields({ formKey: formKey! });
    const [first, second] = await Promise.all([postForm(`${url}/requests`, fields), postForm(`${url}/requests`, fields)]);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(idOf(second)).toBe(idOf(first));
    const edited = await postForm(`${url}/requests`, { ...fields, description: '收音机还是没有声音' });
    expect(edited.status).toBe(201);
    expect(idOf(edited)).not.toBe(idOf(first));
    expect((await adapters.requests.get(idOf(edited)))!.description).toBe('收音机还是没有声音');
  });

  it('answers the same content from another address with its tracking code, not its link; from the same address in full', async () => {
    const { url } = local();
    const fields = validFormFields({ phone: uniquePhone() });
    const form = (formKey: string) => new URLSearchParams({ ...fields, formKey }).toString();
    const send = (formKey: string, localAddress: string) =>
      callRaw(url, '/requests', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: form(formKey),
        localAddress,
      });
    const link = (text: string) => /href="([^"]*\/requests\/[0-9a-z]{20}\?token=[^"]*)"/.exec(text)?.[1];
    const first = await send('resident-form-key-1', '127.0.0.1');
    expect([first.status, link(first.text)]).toEqual([201, expect.any(String)]);
    const code = /<strong class="code">([0-9 ]+)<\/strong>/.exec(first.text)?.[1];

    // Another browser (its own form key) on another address, with only the content.
    const elsewhere = await send('someone-else-key-2', '127.0.0.2');
    expect(elsewhere.status).toBe(200);
    expect(link(elsewhere.text)).toBeUndefined();
    expect(elsewhere.text).not.toContain('token=');
    expect(elsewhere.text).toContain('这份需求已经提交过了');
    expect(elsewhere.text).toContain(`<strong class="code">${code}</strong>`);

    // The resident's back and send again (a new form key, the same address); and the first form anywhere.
    expect(link((await send('resident-form-key-3', '127.0.0.1')).text)).toBe(link(first.text));
    expect(link((await send('resident-form-key-1', '127.0.0.2')).text)).toBe(link(first.text));
  });

  it('shows the form again with the entered values and a message at each bad field', async () => {
    const before = await requestPartitions();
    const reply = await postForm(`${local().url}/requests`, validFormFields({ phone: '555' }));
    expect(reply.status).toBe(400);
    expect(reply.text).toContain('<form');
    expect(reply.text).toContain('收音机没有声音了');
    expect(reply.text).toMatch(/aria-describedby="[^"]*phone/);
    await expectNothingWrittenSince(before);
  });

  it('keeps every ticked box of a refused form', async () => {
    const { 'attr.appliance-repair.applianceType': _, ...fields } = validFormFields({
      serviceCode: 'health-consultation',
      description: '',
    });
    const ticked = ['hypertension', 'heart'];
    const reply = await postForm(`${local().url}/requests`, { ...fields, 'attr.health-consultation.conditions': ticked });
    expect(reply.status).toBe(400);
    const checked = [...reply.text.matchAll(/<input type="checkbox"[^>]*value="([a-z]+)" checked/g)].map((m) => m[1]);
    expect(checked).toEqual(ticked);
  });
});
