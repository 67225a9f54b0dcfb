/**
 * The local stack set to a mainland SMS provider (Alibaba Cloud, at a stub of its API, keys in
 * a local Secrets Manager): a resident's SMS on acceptance goes through the provider with the
 * acceptance template and its values, and a permanent refusal is recorded without retrying, as is
 * a notice of a kind whose optional template the deployment has not registered.
 * Email is off: the team API refuses an email channel, naming it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { DevOutboxEntry } from '#shared/adapters/notify/dev-outbox';
import { issueTeamToken } from '#shared/domain/team-token';
import { call, postForm, postJson, validSubmission } from '../support/http';
import { KEDA, teamFixture } from '../support/fixtures';
import { drained, eventually, useLocalStack } from '../support/local-stack';
import { startAliyunSmsStub } from '../support/sms-provider-stubs';
import { aliyunTemplates } from '../support/sms-template-configs';
import { startWebhookReceiver } from '../support/webhook-receiver';
import { tapOutput } from '../support/output-tap';
import { REFUSED_FOR_GOOD } from '#shared/observability/refusals';

const keys = { accessKeyId: 'LTAI-local', accessKeySecret: 'local-aliyun-secret-0123' };
const stub = await startAliyunSmsStub(keys);
const hook = await startWebhookReceiver();
// As in the China regions: SMS through a mainland provider, and no email (no SES there).
// Templates registered before the notice of a cancellation by staff (an optional kind).
const { cancelled: _registeredLater, ...registered } = aliyunTemplates.templates;
const local = useLocalStack({
  sms: { provider: 'aliyun', templates: { ...aliyunTemplates, templates: registered }, endpoint: stub.url, keys },
  emailTransport: 'off',
  consumerConcurrency: 1,
});
afterAll(async () => {
  await Promise.all([stub.close(), hook.close()]);
});

const SECRET = 'mainland-team-webhook-secret-01';

async function devOutbox(): Promise<DevOutboxEntry[]> {
  return (await call(`${local().url}/dev/outbox`)).json().entries;
}

async function offeredAndAccepted(phone: string): Promise<{ id: string; trackingCode: string }> {
  const created = (await postJson(`${local().url}/requests`, validSubmission({ phone }))).json();
  const offer = await eventually(async () => hook.received.find((r) => r.body.includes(created.id)));
  const links = JSON.parse(offer.body).links;
  expect((await call(links.accept, { method: 'POST' })).json()).toEqual({ id: created.id, answer: 'accepted' });
  return { id: created.id, trackingCode: created.trackingCode };
}

describe('SMS through a mainland provider on the local stack', () => {
  it('sends the resident’s acceptance SMS through the provider: acceptance template, its values, the number', async () => {
    const { adapters } = local();
    const team = teamFixture('mainland-team', {
      name: { zh: '瑞迪维修队', en: 'Ruidi Repair' },
      channels: [{ kind: 'webhook', url: `${hook.url}/paidan`, format: 'json', secret: SECRET }],
    });
    await adapters.teams.register(team, ['appliance-repair']);
    await adapters.teams.setTokenHash('mainland-team', issueTeamToken('mainland-team').hash);

    const request = await offeredAndAccepted('13912345678');
    const sent = await eventually(async () => stub.received.find((s) => s.template === 'SMS_400000011'));
    expect(sent).toEqual({
      action: 'SendSms',
      signName: '社区志愿服务',
      template: 'SMS_400000011',
      params: { code: request.trackingCode, service: '小家电维修', team: '瑞迪维修队' },
      phone: '13912345678',
      signatureValid: true,
    });
    const entry = await eventually(async () => (await devOutbox()).find((e) => e.kind === 'accepted' && e.to === '+8613912345678'));
    expect(entry.outcome).toBe('sent');
  });

  it('records a number the provider refuses for good, without sending it again', async () => {
    stub.answer = (send) => (send.phone === '13700002222' ? { kind: 'code', code: 'isv.MOBILE_NUMBER_ILLEGAL' } : { kind: 'ok' });
    const request = await offeredAndAccepted('13700002222');
    await eventually(async () =>
      stub.received.find(
        (s) => s.phone === '13700002222' && s.params && (s.params as Record<string, string>).code === request.trackingCode,
      ),
    );
    expect(await drained(local().stack, 'notify')).toBe(0);
    const entry = (await devOutbox()).find((e) => e.kind === 'accepted' && e.to === '+8613700002222');
    expect(entry?.outcome).toMatch(/^failed: SMS refused by Alibaba Cloud \(isv\.MOBILE_NUMBER_ILLEGAL\)/);
    expect(stub.received.filter((s) => s.phone === '13700002222')).toHaveLength(1);
  });

  it('skips the notice of a cancellation by staff when its template is not registered: no call, no retry, nothing dead-lettered', async () => {
    const { url, stack } = local();
    const station = { authorization: `Bearer ${stack.adminTokens.station}` };
    const ordered = (await postJson(`${url}/admin/requests`, validSubmission({ phone: '13700006666' }), station)).json();
    const received = await eventually(async () => (await devOutbox()).find((e) => e.kind === 'received' && e.to === '+8613700006666'));
    expect(received.outcome).toBe('sent');
    const { version } = await eventually(async () => {
      const request = await local().adapters.requests.get(ordered.id);
      return request?.status !== 'SUBMITTED' && request;
    });
    const cancelled = await postJson(`${url}/admin/requests/${ordered.id}/cancel`, { reason: '重复登记', version }, station);
    expect(cancelled.json()).toMatchObject({ status: 'CANCELLED' });
    const entry = await eventually(async () => (await devOutbox()).find((e) => e.kind === 'cancelled' && e.to === '+8613700006666'));
    expect(entry.outcome).toBe('failed: SMS not sent: no SMS template for the "cancelled" notice');
    expect(await drained(stack, 'notify')).toBe(0);
    expect(stub.received.filter((s) => s.phone === '13700006666').map((s) => s.template)).toEqual(['SMS_400000010']);
    expect((await devOutbox()).filter((e) => e.kind === 'cancelled' && e.to === '+8613700006666')).toHaveLength(1);
  });

  it('answers a sign-in code the provider throttles with the page any number gets, and a registration code with the 429 form', async () => {
    const { url, stack } = local();
    const [volunteer, stranger, newcomer] = ['13700003333', '13700004444', '13700005555'];
    const center = { authorization: `Bearer ${stack.adminTokens.center}` };
    expect((await postJson(`${url}/admin/volunteers`, { name: '卫志愿', phone: volunteer, homeAreaId: KEDA }, center)).status).toBe(201);
    // Alibaba Cloud's flow control: about one verification code a minute to a number.
    stub.answer = () => ({ kind: 'code', code: 'isv.BUSINESS_LIMIT_CONTROL' });
    const unknown = await postForm(`${url}/me/code`, { phone: stranger });
    // Codes leave through the notify queue's consumer: the stranger's handled (nothing sent) and gone.
    expect(await drained(stack, 'notify')).toBe(0);
    const throttled = await postForm(`${url}/me/code`, { phone: volunteer });
    expect([throttled.status, unknown.status]).toEqual([200, 200]);
    expect(throttled.text.replaceAll(volunteer, '…')).toBe(unknown.text.replaceAll(stranger, '…'));
    // The volunteer's tried once, then put off to come back minutes later (after this test).
    await eventually(async () => stub.received.some((s) => s.phone === volunteer));
    expect(stub.received.filter((s) => s.phone === volunteer)).toHaveLength(1);
    expect(stub.received.filter((s) => s.phone === stranger)).toHaveLength(0);

    const registering = await postForm(`${url}/me/register/code`, { homeAreaId: KEDA, phone: newcomer });
    expect(registering.status).toBe(429);
    expect(registering.text).toContain('请求太频繁，请在');
    expect(registering.text).toContain(`value="${newcomer}"`);
    stub.answer = () => ({ kind: 'ok' });
  });

  it('answers a registration code whose template the provider refuses with a 503 in plain words, and logs it for the refusals alarm', async () => {
    const { url } = local();
    const [newcomer, abroad] = ['13700007777', '13700008888'];
    stub.answer = (send) =>
      send.phone === abroad ? { kind: 'code', code: 'isv.MOBILE_NUMBER_ILLEGAL' } : { kind: 'code', code: 'isv.SMS_TEMPLATE_ILLEGAL' };
    const tap = tapOutput();
    let revoked: Awaited<ReturnType<typeof postForm>>;
    let refusedNumber: Awaited<ReturnType<typeof postForm>>;
    try {
      revoked = await postForm(`${url}/me/register/code`, { homeAreaId: KEDA, phone: newcomer });
      refusedNumber = await postForm(`${url}/me/register/code`, { homeAreaId: KEDA, phone: abroad });
    } finally {
      tap.stop();
      stub.answer = () => ({ kind: 'ok' });
    }
    expect(revoked.status).toBe(503);
    expect(revoked.text).toContain('短信暂时发不出，请稍后再试，或联系社区。');
    expect(revoked.text).not.toContain('这个号码收不到我们的短信');
    expect(revoked.text).toContain(`value="${newcomer}"`);
    // The number's own refusal is still the caller's to fix, at its field.
    expect(refusedNumber.status).toBe(400);
    expect(refusedNumber.text).toContain('这个号码收不到我们的短信');
    const warnings = tap
      .text()
      .split('\n')
      .filter((line) => line.includes('registration code refused by the SMS provider'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${REFUSED_FOR_GOOD}=1`);
    expect(warnings[0]).toContain('isv.SMS_TEMPLATE_ILLEGAL');
  });

  it('refuses an email channel with 400 naming it, since this deployment sends no email', async () => {
    const { url, stack } = local();
    const answer = await postJson(
      `${url}/admin/teams`,
      {
        id: 'emailed-team',
        name: { zh: '邮件队', en: 'Email team' },
        stationAreaId: '370902003009',
        servesAreaId: '370902003009',
        services: ['appliance-repair'],
        capacity: 2,
        channels: [{ kind: 'email', address: 'team@example.org' }],
      },
      { authorization: `Bearer ${stack.adminTokens.center}` },
    );
    expect(answer.status).toBe(400);
    expect(answer.json().error.fields).toEqual([{ field: 'channels.0', message: 'Email is off in this deployment; use SMS or a webhook' }]);
    expect(await local().adapters.teams.get('emailed-team')).toBeUndefined();
  });
});
