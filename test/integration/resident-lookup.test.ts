import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { tableAdapters } from '#shared/wiring/composition';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { NotFoundError } from '#shared/domain/errors';
import { systemClock } from '#shared/ports/clock';
import { lookupRequest, WRONG_LOOKUPS_PER_CODE } from '#shared/use-cases/lookup-request';
import { insideOneWindow } from '../support/fixed-windows';
import { call, callRaw, postForm, postJson, validSubmission } from '../support/http';
import { useLocalStack } from '../support/local-stack';

const local = useLocalStack();

async function submitted(phone: string) {
  const reply = await postJson(`${local().url}/requests`, validSubmission({ phone, contactName: '王秀兰' }));
  return reply.json<{ id: string; trackingCode: string }>();
}

describe('looking a request up by tracking code and phone digits', () => {
  it('shows the request read-only for the right code and last four digits, spaces and full-width digits allowed', async () => {
    const { trackingCode } = await submitted('13912345678');
    const spaced = `${trackingCode.slice(0, 4)} ${trackingCode.slice(4)}`;
    const page = await postForm(`${local().url}/lookup`, { code: spaced, phone4: '５６７８' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('需求进度');
    expect(page.text).toContain('只能查看进度');
    expect(page.text).toContain('139****5678');
    expect(page.text).not.toContain('王秀兰');
    expect(page.text).not.toContain('<form');
    expect(page.text).not.toContain('token=');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");

    const json = await postJson(`${local().url}/lookup`, { code: trackingCode, phone4: '5678' });
    expect(json.json()).toMatchObject({
      trackingCode,
      status: expect.any(String),
      contact: { phone: '139****5678' },
      actions: { cancel: false, rate: false, reopen: false },
    });
  });

  it('answers a wrong phone and an unknown code alike, so nobody learns which codes exist', async () => {
    const { trackingCode } = await submitted('13912340001');
    const unknown = trackingCode === '99999999' ? '99999998' : '99999999';
    const wrongPhone = await postForm(`${local().url}/lookup`, { code: trackingCode, phone4: '9999' });
    const noSuchCode = await postForm(`${local().url}/lookup`, { code: unknown, phone4: '0001' });
    expect([wrongPhone.status, noSuchCode.status]).toEqual([404, 404]);
    expect(wrongPhone.text).toContain('没有找到与这个查询码和手机号后 4 位都相符的需求');
    const typed = (text: string) => text.replace(/value="[^"]*"/g, 'value=""');
    expect(typed(wrongPhone.text)).toBe(typed(noSuchCode.text));
    expect((await postJson(`${local().url}/lookup`, { code: unknown, phone4: '0001' })).json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'Request not found' },
    });
  });

  it('refuses a tracking code for the day after ten wrong phone digits from any addresses, the right ones too: 429 with Retry-After', async () => {
    const { trackingCode } = await submitted('13912340002');
    await insideOneWindow([WRONG_LOOKUPS_PER_CODE.windowSeconds], 30_000);
    // From two client addresses by turns.
    const lookUp = (phone4: string, i: number) =>
      callRaw(local().url, '/lookup', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: trackingCode, phone4 }),
        localAddress: `127.0.0.${1 + (i % 2)}`,
      });
    const statuses: number[] = [];
    for (let i = 0; i < WRONG_LOOKUPS_PER_CODE.limit; i++) statuses.push((await lookUp(String(3000 + i), i)).status);
    expect(statuses).toEqual(Array(WRONG_LOOKUPS_PER_CODE.limit).fill(404));
    const refused = await lookUp('0002', 1);
    expect(refused.status).toBe(429);
    expect(refused.json().error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await postForm(`${local().url}/lookup`, { code: trackingCode, phone4: '0002' })).status).toBe(429);
  });

  it('compares at most ten of 200 wrong guesses of one code sent at once (a conditional counter on the table)', async () => {
    const { stack } = local();
    const { trackingCode } = await submitted('13912340004');
    const deps = { ...tableAdapters(stack.tableName, createDocumentClient(stack.dynamodb)), clock: systemClock };
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        lookupRequest(deps, { code: trackingCode, phone4: String(5000 + i) }).then(
          () => 'found',
          (e: Error) => e.constructor.name,
        ),
      ),
    );
    expect(answers.filter((a) => a === 'NotFoundError')).toHaveLength(WRONG_LOOKUPS_PER_CODE.limit);
    expect(answers.filter((a) => a === 'RateLimitedError')).toHaveLength(200 - WRONG_LOOKUPS_PER_CODE.limit);
  });

  it('masks the phone and door numbers a resident wrote in the description', async () => {
    const reply = await postJson(
      `${local().url}/requests`,
      validSubmission({ phone: '13912340005', description: '电视坏了，我儿子电话13812345678，住3号楼2单元501' }),
    );
    const { trackingCode } = reply.json<{ trackingCode: string }>();
    const page = await postForm(`${local().url}/lookup`, { code: trackingCode, phone4: '0005' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('电视坏了');
    expect(page.text).not.toContain('13812345678');
    expect(page.text).not.toContain('501');
  });

  it('names malformed fields, and serves the empty form on GET in either language', async () => {
    const malformed = await postForm(`${local().url}/lookup?lang=en`, { code: '12ab', phone4: '12345' });
    expect(malformed.status).toBe(400);
    expect(malformed.text).toContain('Enter the 8-digit tracking code');
    expect(malformed.text).toContain('Enter the last 4 digits of your mobile number');
    expect(malformed.text).toContain('value="12ab"');
    const form = await call(`${local().url}/lookup?lang=en`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('<form method="post" action="/lookup?lang=en">');
    expect((await call(`${local().url}/`)).text).toContain('href="/lookup"');
  });
});

describe('the consoles’ pages', () => {
  it('serve one page each with a CSP that allows their own script only; other pages still run none', async () => {
    for (const path of ['/team', '/console', '/console?lang=en&size=large']) {
      const page = await call(`${local().url}${path}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const csp = page.headers.get('content-security-policy')!;
      expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'/);
      expect(csp).toContain("connect-src 'self'");
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.headers.get('cache-control')).toBe('no-store');
    }
    const form = await call(`${local().url}/`);
    expect(form.headers.get('content-security-policy')).not.toContain('script-src');
  });

  it('reads the same items the same way for an unknown code as for a wrong phone, so timing tells nothing', async () => {
    const { stack } = local();
    const { trackingCode } = await submitted('13912340003');
    const unknown = trackingCode === '99999997' ? '99999996' : '99999997';
    // The table's own client, seen from inside: every call's operation, key kind and read mode.
    const client = new DynamoDBClient({ endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB });
    const calls: string[] = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Key?: { pk?: { S?: string } }; ConsistentRead?: boolean; TableName?: string };
        const kind = input.Key?.pk?.S?.split('#')[0] ?? '(no key)';
        calls.push(`${context.commandName} ${input.TableName} ${kind} consistent=${input.ConsistentRead === true}`);
        return next(args);
      },
      { step: 'initialize', name: 'recordCalls' },
    );
    const deps = { ...tableAdapters(stack.tableName, createDocumentClient(client)), clock: systemClock };
    const readsFor = async (code: string, phone4: string) => {
      calls.length = 0;
      await expect(lookupRequest(deps, { code, phone4 })).rejects.toBeInstanceOf(NotFoundError);
      return [...calls];
    };
    const wrongPhone = await readsFor(trackingCode, '9999');
    const noSuchCode = await readsFor(unknown, '0003');
    expect(wrongPhone.length).toBeGreaterThan(0);
    expect(noSuchCode).toEqual(wrongPhone);
  });
});
