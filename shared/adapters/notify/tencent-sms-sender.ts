/**
 * SMS through Tencent Cloud SMS (腾讯云短信, API 3.0 `SendSms` 2021-01-11, the official SDK): the
 * notice's approved template with its values in order, under the registered signature of the
 * SMS application. Mainland numbers only (the templates are mainland ones).
 *
 * Outcomes, like the webhook's: the number's `SendStatus.Code` `Ok` is sent. A daily limit, the
 * number's or the application's, is a refusal for good (`limitRefusal`); other rate limits
 * (`LimitExceeded.*` per number, `RequestLimitExceeded*`: ThrottledDeliveryError), an empty SMS
 * package, internal errors, keys or permissions the API does not take, and network errors are
 * transient: the notice comes back (refused keys are read again from the secret, see
 * `SecretJson`). Any other code (`InvalidParameterValue.IncorrectPhoneNumber`,
 * `FailedOperation.TemplateIncorrectOrUnapproved`, a signature not approved, a number on the
 * do-not-disturb list…) is a permanent refusal, recorded. Codes: cloud.tencent.com/document/
 * api/382/59177 (SMS) and /382/38780 (common). Errors carry the code only, never the number
 * nor the provider's message.
 */
import { sms } from 'tencentcloud-sdk-nodejs-sms';
import { fillTencentTemplate, type TencentSmsConfig, NoSmsTemplateError, UnfillableNoticeError } from '#shared/domain/sms-templates';
import type { ChannelTarget } from '#shared/domain/team';
import {
  MisconfiguredDeliveryError,
  NoTemplateDeliveryError,
  RecipientRefusedDeliveryError,
  ThrottledDeliveryError,
  type NotificationSender,
  type RenderedNotice,
} from '#shared/ports/notification-sender';
import type { SecretSource } from '../secrets/secret-json';
import { endpointParts, limitRefusal, mainlandNational, providerRefusal, safeCode } from './mainland-sms';

export interface TencentCredentials {
  readonly secretId: string;
  readonly secretKey: string;
}

export interface TencentSmsOptions {
  /** The API's base URL; tests point it at a local stub. @default https://sms.tencentcloudapi.com */
  readonly endpoint?: string;
  readonly timeoutMs?: number;
}

/** Too many sent for now: to the number (one every 30 s by default, or in an hour), or API calls (day limits: `limitRefusal`). */
const THROTTLED = /^(LimitExceeded\.|RequestLimitExceeded)/;
const TRANSIENT = /^(InternalError|AuthFailure|UnauthorizedOperation|FailedOperation\.InsufficientBalanceInSmsPackage|ResourceUnavailable)/;

/** The keys or their permissions refused: the secret may hold others by now. */
const CREDENTIAL = /^(AuthFailure|UnauthorizedOperation)/;

type SmsClient = InstanceType<typeof sms.v20210111.Client>;

export class TencentSmsSender implements NotificationSender {
  /** The client, and the keys it signs with. */
  private client: { readonly keys: TencentCredentials; readonly client: SmsClient } | undefined;

  constructor(
    private readonly config: TencentSmsConfig,
    private readonly credentials: SecretSource<TencentCredentials>,
    private readonly options: TencentSmsOptions = {},
  ) {}

  async send(target: ChannelTarget, notice: RenderedNotice): Promise<void> {
    if (target.kind !== 'sms') throw new Error(`TencentSmsSender cannot send to a ${target.kind} target`);
    if (!mainlandNational(target.phone)) {
      throw new RecipientRefusedDeliveryError('SMS refused: Tencent Cloud mainland templates reach mainland numbers only');
    }
    let filled: ReturnType<typeof fillTencentTemplate>;
    try {
      filled = fillTencentTemplate(this.config, notice);
    } catch (error) {
      if (error instanceof NoSmsTemplateError) throw new NoTemplateDeliveryError(`SMS not sent: ${error.message}`);
      if (error instanceof UnfillableNoticeError) throw new MisconfiguredDeliveryError(`SMS not sent: ${error.message}`);
      throw error;
    }
    const client = await this.connect();
    let code: string | undefined;
    try {
      const response = await client.SendSms({
        SmsSdkAppId: this.config.sdkAppId,
        SignName: this.config.signName,
        TemplateId: filled.templateId,
        TemplateParamSet: [...filled.params],
        PhoneNumberSet: [target.phone],
      });
      code = response.SendStatusSet?.[0]?.Code;
    } catch (error) {
      const e = (error ?? {}) as { code?: unknown };
      code = typeof e.code === 'string' && e.code ? e.code : undefined;
      // No code: the request never got an API answer (network, timeout, a non-200 gateway reply).
      if (!code) throw new Error('SMS sending through Tencent Cloud failed (no answer)');
    }
    if (code === 'Ok') return;
    if (code && CREDENTIAL.test(code)) this.credentials.refused();
    const shown = safeCode(code);
    const forTheDay = limitRefusal(`SMS refused by Tencent Cloud: a limit for the day or month (${shown})`, code);
    if (forTheDay) throw forTheDay;
    if (code && THROTTLED.test(code)) throw new ThrottledDeliveryError(`SMS not sent by Tencent Cloud for now (${shown})`);
    if (code && TRANSIENT.test(code)) throw new Error(`SMS not sent by Tencent Cloud for now (${shown})`);
    throw providerRefusal(`SMS refused by Tencent Cloud (${shown})`, code);
  }

  /** A client for the keys the source holds now, built again when it hands over others. */
  private async connect(): Promise<SmsClient> {
    const keys = await this.credentials.get();
    if (this.client?.keys === keys) return this.client.client;
    const { host, protocol } = endpointParts(this.options.endpoint ?? 'https://sms.tencentcloudapi.com');
    const client = new sms.v20210111.Client({
      credential: { secretId: keys.secretId, secretKey: keys.secretKey },
      region: this.config.region,
      profile: {
        httpProfile: { endpoint: host, protocol: `${protocol}://`, reqTimeout: Math.ceil((this.options.timeoutMs ?? 5000) / 1000) },
      },
    });
    this.client = { keys, client };
    return client;
  }
}
