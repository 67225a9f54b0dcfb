/**
 * Contract tests of the two mainland SMS senders: the official SDKs (Alibaba Cloud Dysmsapi,
 * Tencent Cloud SMS) against local stubs of the providers' HTTP APIs that check the request's
 * signature and answer success, throttling and refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALIYUN_SEND_MS, type AliyunCredentials, AliyunSmsSender, aliyunTimeouts } from '#shared/adapters/notify/aliyun-sms-sender';
import { SECRET_READ_BOUNDS } from '#shared/adapters/sdk-call-bounds';
import { type TencentCredentials, TencentSmsSender } from '#shared/adapters/notify/tencent-sms-sender';
import type { SecretSource } from '#shared/adapters/secrets/secret-json';
import { renderNotice, type NoticeContext } from '#shared/domain/notice-text';
import { parseSmsTemplateConfig, type AliyunSmsConfig, type TencentSmsConfig } from '#shared/domain/sms-templates';
import { topology } from '#shared/topology/topology';
import * as z from '#shared/domain/zod';
import {
  NumberDailyLimitDeliveryError,
  PermanentDeliveryError,
  refusalKind,
  ThrottledDeliveryError,
  type NotificationSender,
} from '#shared/ports/notification-sender';
import { fixedSecret } from '../../support/fixed-secret';
import { localSecret, putAfterRefusal } from '../../support/local-secret';
import { rejection } from '../../support/rejection';
import { startAliyunSmsStub, startTencentSmsStub, type SmsStub, type StubAnswer } from '../../support/sms-provider-stubs';
import { aliyunTemplates, tencentTemplates } from '../../support/sms-template-configs';

const phone = '+8613912345678';
const aliyunKeys = { accessKeyId: 'LTAI-test-key', accessKeySecret: 'aliyun-secret-0123456789' };
const tencentKeys = { secretId: 'AKID-test-id', secretKey: 'tencent-secret-0123456789' };

const context: NoticeContext = {
  eventId: 'req-1#v3#accepted',
  kind: 'accepted',
  requestId: 'req-1',
  trackingCode: '48213705',
  service: { zh: '家电维修', en: 'Appliance repair' },
  areaNames: ['蜀山区', '稻香村街道', '科大社区'],
  urgency: 'normal',
  teamName: '瑞迪维修队',
};
const accepted = renderNotice(context);

type Keys = AliyunCredentials | TencentCredentials;

/** Keys a test changes as it goes, counting the provider's refusals of them. */
function keysSource(value: Keys): SecretSource<Keys> & { value: Keys; refusals: number } {
  const source = { value, refusals: 0, get: async () => source.value, refused: () => void source.refusals++ };
  return source;
}

const failure = (promise: Promise<void>) => rejection(promise, [phone, '13912345678']);

type ProviderError = Extract<StubAnswer, { code: string }>;

interface Case {
  readonly name: string;
  start(): Promise<SmsStub>;
  /** A sender signing with the keys `keys` holds, the right ones by default. */
  sender(url: string, keys?: SecretSource<Keys>): NotificationSender;
  readonly keys: Keys;
  /** The keys' shape, not the keys: the secret as the stack creates it, with a generated value. */
  readonly placeholder: Keys;
  readonly shape: z.ZodMiniType<Keys>;
  /** What the stub must have received for the accepted notice. */
  expected: { action: string; template: string; params: unknown; phone: string };
  /** Too many sent: a ThrottledDeliveryError. */
  throttled: ProviderError[];
  /** Transient, but not throttling. */
  outages: ProviderError[];
  refused: ProviderError[];
  /** Whom each refusal asks to act (`refusalKind`): the number's own, the operator's, or neither. */
  refusedAs: ReturnType<typeof refusalKind>[];
  /** The number had its SMS for the day: refused for good at once, alarmed (NumberDailyLimitDeliveryError). */
  numberDailyLimit: ProviderError[];
}

const aliyunConfig = parseSmsTemplateConfig('aliyun', aliyunTemplates) as AliyunSmsConfig;
const tencentConfig = parseSmsTemplateConfig('tencent', tencentTemplates) as TencentSmsConfig;

const cases: Case[] = [
  {
    name: 'Alibaba Cloud SMS',
    start: () => startAliyunSmsStub(aliyunKeys),
    sender: (url, keys = fixedSecret(aliyunKeys)) =>
      new AliyunSmsSender(aliyunConfig, keys as SecretSource<AliyunCredentials>, { endpoint: url, timeoutMs: 2000 }),
    keys: aliyunKeys,
    placeholder: { accessKeyId: 'accessKeyId', accessKeySecret: 'x7Gq2-generated-placeholder' },
    shape: z.object({ accessKeyId: z.string(), accessKeySecret: z.string() }),
    expected: {
      action: 'SendSms',
      template: 'SMS_400000011',
      params: { code: '48213705', service: '家电维修', team: '瑞迪维修队' },
      phone: '13912345678',
    },
    throttled: [
      { kind: 'code', code: 'isv.BUSINESS_LIMIT_CONTROL', message: '触发分钟级流控Permits:1' },
      { kind: 'code', code: 'isv.BUSINESS_LIMIT_CONTROL', message: '触发小时级流控Permits:5' },
      { kind: 'api-error', code: 'Throttling.User', status: 400 },
    ],
    outages: [
      { kind: 'api-error', code: 'ServiceUnavailable', status: 503 },
      // A nonce clash, answered at HTTP 400: the next request has a new nonce.
      { kind: 'api-error', code: 'SignatureNonceUsed', status: 400 },
    ],
    refused: [
      { kind: 'code', code: 'isv.MOBILE_NUMBER_ILLEGAL' },
      { kind: 'code', code: 'isv.SMS_TEMPLATE_ILLEGAL' },
      { kind: 'api-error', code: 'MissingPhoneNumbers', status: 400 },
      // An international template for our mainland numbers.
      { kind: 'code', code: 'isv.DOMESTIC_NUMBER_NOT_SUPPORTED' },
      { kind: 'code', code: 'isv.DENY_IP_RANGE' },
      { kind: 'code', code: 'isv.PARAM_LENGTH_LIMIT' },
      { kind: 'code', code: 'isv.ACCOUNT_NOT_EXISTS' },
      { kind: 'code', code: 'isv.PRODUCT_UNSUBSCRIBE' },
      // The account's totals set in the console.
      { kind: 'code', code: 'isv.DAY_LIMIT_CONTROL' },
      { kind: 'code', code: 'isv.MONTH_LIMIT_CONTROL' },
    ],
    refusedAs: ['recipient', 'configuration', 'other', ...Array<'configuration'>(7).fill('configuration')],
    numberDailyLimit: [{ kind: 'code', code: 'isv.BUSINESS_LIMIT_CONTROL', message: '触发天级流控Permits:10' }],
  },
  {
    name: 'Tencent Cloud SMS',
    start: () => startTencentSmsStub(tencentKeys),
    sender: (url, keys = fixedSecret(tencentKeys)) =>
      new TencentSmsSender(tencentConfig, keys as SecretSource<TencentCredentials>, { endpoint: url, timeoutMs: 2000 }),
    keys: tencentKeys,
    placeholder: { secretId: 'secretId', secretKey: 'x7Gq2-generated-placeholder' },
    shape: z.object({ secretId: z.string(), secretKey: z.string() }),
    expected: { action: 'SendSms', template: '2000011', params: ['48213705', '瑞迪维修队'], phone },
    throttled: [
      { kind: 'code', code: 'LimitExceeded.PhoneNumberThirtySecondLimit' },
      { kind: 'code', code: 'LimitExceeded.PhoneNumberOneHourLimit' },
      { kind: 'api-error', code: 'RequestLimitExceeded' },
    ],
    outages: [{ kind: 'api-error', code: 'InternalError.Timeout' }],
    refused: [
      { kind: 'code', code: 'InvalidParameterValue.IncorrectPhoneNumber' },
      { kind: 'code', code: 'FailedOperation.TemplateIncorrectOrUnapproved' },
      { kind: 'api-error', code: 'FailedOperation.SignatureIncorrectOrUnapproved' },
      { kind: 'code', code: 'FailedOperation.PhoneNumberInBlacklist' },
      // The application's or account's totals for the day.
      { kind: 'code', code: 'LimitExceeded.AppMainlandChinaDailyLimit' },
      { kind: 'code', code: 'LimitExceeded.AppDailyLimit' },
      { kind: 'code', code: 'LimitExceeded.DailyLimit' },
    ],
    refusedAs: ['recipient', 'configuration', 'configuration', 'recipient', 'configuration', 'configuration', 'configuration'],
    numberDailyLimit: [
      { kind: 'code', code: 'LimitExceeded.PhoneNumberDailyLimit' },
      { kind: 'code', code: 'LimitExceeded.PhoneNumberSameContentDailyLimit' },
    ],
  },
];

describe.each(cases)('$name sender against a stub of its API', (c) => {
  let stub: SmsStub;
  beforeAll(async () => {
    stub = await c.start();
  });
  afterAll(async () => {
    await stub?.close();
  });

  it('sends SendSms with the signature name, the notice’s template and values, to the number, signed with the secret key', async () => {
    stub.answer = () => ({ kind: 'ok' });
    const before = stub.received.length;
    await c.sender(stub.url).send({ kind: 'sms', phone }, accepted);
    const sent = stub.received.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ ...c.expected, signName: '社区志愿服务', signatureValid: true });
    if (c.name.startsWith('Tencent')) expect(sent[0]!.appId).toBe('1400000001');
  });

  it('cuts a value to the provider’s limit instead of having the message refused', async () => {
    stub.answer = () => ({ kind: 'ok' });
    const before = stub.received.length;
    const longTeam = '科学技术大学社区邻里互助家电维修志愿服务队第一分队第二小组';
    await c.sender(stub.url).send({ kind: 'sms', phone }, renderNotice({ ...context, teamName: longTeam }));
    const params = stub.received[before]!.params;
    const team = Array.isArray(params) ? params[1]! : (params as Record<string, string>).team!;
    const limit = c.name.startsWith('Tencent') ? 12 : 35;
    expect([...team]).toHaveLength(Math.min(limit, [...longTeam].length));
    expect(team.endsWith('…') || team === longTeam).toBe(true);
  });

  it('takes throttling and provider outages as transient, throttling named as such, without the number', async () => {
    for (const answer of [...c.throttled, ...c.outages]) {
      stub.answer = () => answer;
      const e = await failure(c.sender(stub.url).send({ kind: 'sms', phone }, accepted));
      expect(e, answer.code).not.toBeInstanceOf(PermanentDeliveryError);
      expect(e instanceof ThrottledDeliveryError, answer.code).toBe(c.throttled.includes(answer));
      expect(e.message).toContain(answer.code);
    }
  });

  it('takes a number’s limit for the day as a refusal for good at once, alarmed like a set-up refusal, without the number', async () => {
    for (const answer of c.numberDailyLimit) {
      stub.answer = () => answer;
      const e = await failure(c.sender(stub.url).send({ kind: 'sms', phone }, accepted));
      expect(e, answer.code).toBeInstanceOf(NumberDailyLimitDeliveryError);
      expect(refusalKind(e as PermanentDeliveryError), answer.code).toBe('configuration');
      expect(e.message).toContain(answer.code);
    }
  });

  it('takes an invalid number, a set-up not approved or not working, an account’s limit and a bad request as permanent refusals, without the number', async () => {
    for (const [i, answer] of c.refused.entries()) {
      stub.answer = () => answer;
      const e = await failure(c.sender(stub.url).send({ kind: 'sms', phone }, accepted));
      expect(e, answer.code).toBeInstanceOf(PermanentDeliveryError);
      expect(e.message).toContain(answer.code);
      // A mistyped or blocked number alarms nobody; a template or signature does.
      expect(refusalKind(e as PermanentDeliveryError), answer.code).toBe(c.refusedAs[i]);
    }
  });

  it('takes keys the provider does not accept as transient, tells their source, and signs with the keys it holds next', async () => {
    stub.answer = () => ({ kind: 'ok' });
    const keys = keysSource(c.placeholder);
    const sender = c.sender(stub.url, keys);
    const before = stub.received.length;
    const e = await failure(sender.send({ kind: 'sms', phone }, accepted));
    expect(stub.received[before]!.signatureValid).toBe(false);
    expect(e).not.toBeInstanceOf(PermanentDeliveryError);
    expect(keys.refusals).toBe(1);
    keys.value = c.keys;
    await sender.send({ kind: 'sms', phone }, accepted);
    expect(stub.received[before + 1]!.signatureValid).toBe(true);
    expect(keys.refusals).toBe(1);
  });

  it('takes up keys put in Secrets Manager after the placeholder was refused, reading the secret at most once a minute', async () => {
    stub.answer = () => ({ kind: 'ok' });
    const secret = await localSecret(c.shape, c.placeholder);
    try {
      const sender = c.sender(stub.url, secret.source);
      await putAfterRefusal(secret, c.keys, () => sender.send({ kind: 'sms', phone }, accepted));
      const before = stub.received.length;
      await sender.send({ kind: 'sms', phone }, accepted);
      await sender.send({ kind: 'sms', phone: '+8613700001111' }, renderNotice({ ...context, kind: 'completed' }));
      expect(stub.received.slice(before).map((s) => s.signatureValid)).toEqual([true, true]);
      expect(secret.reads).toBe(2);
    } finally {
      await secret.close();
    }
  });

  it('refuses a number outside the mainland for good without calling the provider', async () => {
    const before = stub.received.length;
    const e = await rejection(c.sender(stub.url).send({ kind: 'sms', phone: '+85291234567' }, accepted), ['+85291234567']);
    expect(e).toBeInstanceOf(PermanentDeliveryError);
    expect(stub.received.length).toBe(before);
  });

  it('gives up on an API that never answers within the sender’s timeout, as transient', async () => {
    stub.answer = () => ({ kind: 'hang' });
    const started = Date.now();
    const e = await failure(c.sender(stub.url).send({ kind: 'sms', phone }, accepted));
    // The senders here are given 2 s (Alibaba's SDK: half to connect, half for the answer).
    expect(Date.now() - started).toBeLessThan(4500);
    expect(e).not.toBeInstanceOf(PermanentDeliveryError);
    expect(e).not.toBeInstanceOf(ThrottledDeliveryError);
  }, 10_000);

  it('takes an unreachable provider as transient', async () => {
    const closed = await c.start();
    await closed.close();
    const e = await failure(c.sender(closed.url).send({ kind: 'sms', phone }, accepted));
    expect(e).not.toBeInstanceOf(PermanentDeliveryError);
  });
});

describe('the Alibaba Cloud sender’s bounds', () => {
  it('fit a registration code asked for on a cold start in volunteer-self’s timeout: the keys’ secret read, connecting, the answer', () => {
    const { connectTimeout, readTimeout } = aliyunTimeouts(ALIYUN_SEND_MS);
    expect(connectTimeout + readTimeout).toBeLessThanOrEqual(ALIYUN_SEND_MS);
    // A second left for the table's calls around the send.
    const functionMs = topology.functions['volunteer-self'].timeoutSeconds * 1000;
    expect(SECRET_READ_BOUNDS.totalMs + connectTimeout + readTimeout).toBeLessThanOrEqual(functionMs - 1000);
  });
});
