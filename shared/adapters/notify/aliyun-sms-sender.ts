/**
 * SMS through Alibaba Cloud SMS (阿里云短信, Dysmsapi `SendSms`, the official SDK): the notice's
 * approved template with its values, under the registered signature. Mainland numbers only
 * (the templates are mainland ones): another number is refused for good before any call.
 *
 * Outcomes, like the webhook's: `Code: OK` is sent. A limit the queue's retries cannot outlast is
 * a refusal for good: the number's for the day (`isv.BUSINESS_LIMIT_CONTROL` whose message says
 * 天级), the account's for the day or month (`limitRefusal`). Other rate limits (the number's per
 * minute or hour, API `Throttling*`: ThrottledDeliveryError), an
 * account out of credit or permission, keys the API does not take, server and network errors are
 * transient: the notice comes back and is tried again (refused keys are read again from the
 * secret, see `SecretJson`, so keys put there reach a warm container). Any other `isv.*` code (an
 * invalid number, a template or signature not approved, a missing or too long variable) is a
 * permanent refusal, recorded. Codes: help.aliyun.com/document_detail/101346.html ("API错误码").
 * Errors carry the code only, never the number nor the provider's message (it may quote the number).
 */
import Dysmsapi, { SendSmsRequest } from '@alicloud/dysmsapi20170525';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { type AliyunSmsConfig, fillAliyunTemplate, NoSmsTemplateError, UnfillableNoticeError } from '#shared/domain/sms-templates';
import type { ChannelTarget } from '#shared/domain/team';
import {
  MisconfiguredDeliveryError,
  NoTemplateDeliveryError,
  NumberDailyLimitDeliveryError,
  RecipientRefusedDeliveryError,
  ThrottledDeliveryError,
  type NotificationSender,
  type RenderedNotice,
} from '#shared/ports/notification-sender';
import type { SecretSource } from '../secrets/secret-json';
import { cjsDefault, endpointParts, limitRefusal, mainlandNational, providerRefusal, safeCode } from './mainland-sms';

export interface AliyunCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}

export interface AliyunSmsOptions {
  /** The API's base URL; tests point it at a local stub. @default https://dysmsapi.aliyuncs.com */
  readonly endpoint?: string;
  /** The whole call, connecting and the answer together. @default ALIYUN_SEND_MS */
  readonly timeoutMs?: number;
}

/**
 * A send's bound, so a registration code asked for on a cold start (the keys' secret read first,
 * `SECRET_READ_BOUNDS`) is answered within volunteer-self's timeout. Alibaba answers SendSms in
 * well under a second.
 */
export const ALIYUN_SEND_MS = 5000;

/**
 * The SDK's two timers within `budgetMs`: its read timer starts once connected (httpx), after up to
 * `connectTimeout`, which is also the socket's idle timeout while the answer is awaited; so half each.
 */
export function aliyunTimeouts(budgetMs: number): { connectTimeout: number; readTimeout: number } {
  const connectTimeout = Math.floor(budgetMs / 2);
  return { connectTimeout, readTimeout: budgetMs - connectTimeout };
}

/** Too many sent to the number for now (by default a verification code a minute, 5 an hour); its day's limit is named in the message. */
const THROTTLED = 'isv.BUSINESS_LIMIT_CONTROL';
/** The message of `THROTTLED` when the number's day is used up ("触发天级流控Permits:10"), not its minute's or hour's. */
const DAY_LEVEL = /天级/;
const TRANSIENT = new Set([
  'isv.OUT_OF_SERVICE',
  'isv.AMOUNT_NOT_ENOUGH',
  'isv.PRODUCT_UN_SUBSCRIPT',
  'isv.ACCOUNT_ABNORMAL',
  'SignatureNonceUsed',
]);
/** HTTP-level refusals of the keys or the request's signature: the operator fixes the secret, the notice waits. */
const CREDENTIAL_CODE = /^(InvalidAccessKeyId|SignatureDoesNotMatch|IncompleteSignature|InvalidTimeStamp|Forbidden)/;

type DysmsClient = InstanceType<typeof Dysmsapi>;

export class AliyunSmsSender implements NotificationSender {
  /** The client, and the keys it signs with. */
  private client: { readonly keys: AliyunCredentials; readonly client: DysmsClient } | undefined;

  constructor(
    private readonly config: AliyunSmsConfig,
    private readonly credentials: SecretSource<AliyunCredentials>,
    private readonly options: AliyunSmsOptions = {},
  ) {}

  async send(target: ChannelTarget, notice: RenderedNotice): Promise<void> {
    if (target.kind !== 'sms') throw new Error(`AliyunSmsSender cannot send to a ${target.kind} target`);
    const national = mainlandNational(target.phone);
    if (!national) throw new RecipientRefusedDeliveryError('SMS refused: Alibaba Cloud mainland templates reach mainland numbers only');
    let filled: ReturnType<typeof fillAliyunTemplate>;
    try {
      filled = fillAliyunTemplate(this.config, notice);
    } catch (error) {
      if (error instanceof NoSmsTemplateError) throw new NoTemplateDeliveryError(`SMS not sent: ${error.message}`);
      if (error instanceof UnfillableNoticeError) throw new MisconfiguredDeliveryError(`SMS not sent: ${error.message}`);
      throw error;
    }
    const client = await this.connect();
    let code: string | undefined;
    let message: string | undefined;
    try {
      // No SDK retries (the default): a notice that failed for now comes back through the queue.
      const response = await client.sendSms(
        new SendSmsRequest({
          phoneNumbers: national,
          signName: this.config.signName,
          templateCode: filled.templateCode,
          templateParam: JSON.stringify(filled.params),
        }),
      );
      code = response.body?.code;
      message = response.body?.message;
    } catch (error) {
      if (CREDENTIAL_CODE.test(errorCode(error) ?? '')) this.credentials.refused();
      throw sdkError(error);
    }
    if (code === 'OK') return;
    const shown = safeCode(code);
    // Read, never repeated: the message may quote the number.
    if (code === THROTTLED && DAY_LEVEL.test(message ?? ''))
      throw new NumberDailyLimitDeliveryError(`SMS refused by Alibaba Cloud for today (${shown}, daily)`);
    const forTheDay = limitRefusal(`SMS refused by Alibaba Cloud: a limit for the day or month (${shown})`, code);
    if (forTheDay) throw forTheDay;
    if (code === THROTTLED) throw new ThrottledDeliveryError(`SMS not sent by Alibaba Cloud for now (${shown})`);
    if (code && (TRANSIENT.has(code) || code.startsWith('isp.'))) throw new Error(`SMS not sent by Alibaba Cloud for now (${shown})`);
    throw providerRefusal(`SMS refused by Alibaba Cloud (${shown})`, code);
  }

  /** A client for the keys the source holds now, built again when it hands over others. */
  private async connect(): Promise<DysmsClient> {
    const keys = await this.credentials.get();
    if (this.client?.keys === keys) return this.client.client;
    const { host, protocol } = endpointParts(this.options.endpoint ?? 'https://dysmsapi.aliyuncs.com');
    const Client = cjsDefault(Dysmsapi);
    const client = new Client(
      new $OpenApiUtil.Config({
        accessKeyId: keys.accessKeyId,
        accessKeySecret: keys.accessKeySecret,
        endpoint: host,
        protocol,
        ...aliyunTimeouts(this.options.timeoutMs ?? ALIYUN_SEND_MS),
      }),
    );
    this.client = { keys, client };
    return client;
  }
}

const errorCode = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
};

/** The SDK's errors: `ThrottlingError`, `ClientError` (4xx), `ServerError` (5xx), or a network error. */
function sdkError(error: unknown): Error {
  const e = (error ?? {}) as { name?: unknown; statusCode?: unknown };
  const code = errorCode(error);
  const shown = safeCode(code ?? (typeof e.name === 'string' ? e.name : undefined));
  if (e.name === 'ThrottlingError' || code?.startsWith('Throttling'))
    return new ThrottledDeliveryError(`SMS throttled by Alibaba Cloud (${shown})`);
  // A transient code at HTTP 400 (SignatureNonceUsed: a nonce clash) is tried again, before `providerRefusal` takes "Signature" for the set-up.
  if (code && TRANSIENT.has(code)) return new Error(`SMS not sent by Alibaba Cloud for now (${shown})`);
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  if (e.name === 'ClientError' && status !== undefined && status >= 400 && status < 500 && !CREDENTIAL_CODE.test(code ?? '')) {
    return providerRefusal(`SMS refused by Alibaba Cloud (${shown})`, code);
  }
  return new Error(`SMS sending through Alibaba Cloud failed (${shown})`);
}
