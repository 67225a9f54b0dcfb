/** What the Alibaba Cloud and Tencent Cloud SMS senders share. */
import {
  MisconfiguredDeliveryError,
  NumberDailyLimitDeliveryError,
  PermanentDeliveryError,
  RecipientRefusedDeliveryError,
} from '#shared/ports/notification-sender';

/**
 * The number itself refused: invalid or not parsed (`isv.MOBILE_NUMBER_ILLEGAL`,
 * `InvalidParameterValue.IncorrectPhoneNumber`, `FailedOperation.PhoneNumberParseFail`), on the
 * do-not-disturb or blocked list (`FailedOperation.PhoneNumberInBlacklist`, `isv.BLACK_LIST*`),
 * or in a region the application does not serve.
 */
const RECIPIENT_CODE =
  /^(isv\.(MOBILE_NUMBER_ILLEGAL|MOBILE_COUNT_OVER_LIMIT|BLACK_?LIST)|InvalidParameterValue\.IncorrectPhoneNumber|FailedOperation\.PhoneNumber|UnsupportedOperation\.(UnsupportedRegion|ContainDomesticAndInternationalPhoneNumber))/;
/**
 * The deployment's set-up refused: a template or signature not approved, revoked or changed (an
 * international template for our mainland numbers, `isv.DOMESTIC_NUMBER_NOT_SUPPORTED`), values
 * longer than the templates were approved for (`isv.PARAM_LENGTH_LIMIT`), the application, the
 * account or the keys' rights (`isv.ACCOUNT_NOT_EXISTS`, `isv.PRODUCT_UNSUBSCRIBE`), calls from
 * outside the mainland (`isv.DENY_IP_RANGE`: a global-partition region).
 */
const CONFIGURATION_CODE =
  /(TEMPLATE|SIGN|Template|Signature|SdkAppId|AUTH|Auth|PERMISSION|Permission|Forbidden|AccessKey|^isv\.(DOMESTIC_NUMBER_NOT_SUPPORTED|DENY_IP_RANGE|PARAM_LENGTH_LIMIT|ACCOUNT_NOT_EXISTS|PRODUCT_UNSUBSCRIBE)$)/;
/** The number had its SMS for the day: Tencent's per-number daily limits (every template, or the same content). */
const NUMBER_DAILY_LIMIT_CODE = /^LimitExceeded\.PhoneNumber(Daily|SameContentDaily)Limit$/;
/**
 * The account's (or application's) daily or monthly total, as set in the provider's console
 * (`isv.DAY_LIMIT_CONTROL`, `isv.MONTH_LIMIT_CONTROL`: "已经达到您在控制台设置的短信日/月发送量限额值";
 * `LimitExceeded.DailyLimit`, `.AppDailyLimit`, `.AppMainlandChinaDailyLimit`…): every SMS is
 * refused until the operator raises it, which the queue's retries (minutes) would not outlast.
 */
const ACCOUNT_LIMIT_CODE = /^(isv\.(DAY|MONTH)_LIMIT_CONTROL|LimitExceeded\.(DailyLimit|App[A-Za-z]*DailyLimit))$/;

/**
 * A limit that sending again within the queue's retries cannot clear, refused for good: the
 * number's for the day, or the account's for the day or month (a set-up refusal); undefined for
 * any other code (a limit per minute or hour is retried, `ThrottledDeliveryError`).
 */
export function limitRefusal(message: string, code: string | undefined): PermanentDeliveryError | undefined {
  if (code && NUMBER_DAILY_LIMIT_CODE.test(code)) return new NumberDailyLimitDeliveryError(message);
  if (code && ACCOUNT_LIMIT_CODE.test(code)) return new MisconfiguredDeliveryError(message);
  return undefined;
}

/** A provider's refusal for good, typed by whom it asks to act (`refusalKind`): the operator, nobody (the number), or as it is. */
export function providerRefusal(message: string, code: string | undefined): PermanentDeliveryError {
  if (code && RECIPIENT_CODE.test(code)) return new RecipientRefusedDeliveryError(message);
  if (code && CONFIGURATION_CODE.test(code)) return new MisconfiguredDeliveryError(message);
  return new PermanentDeliveryError(message);
}

export { mainlandNational } from '#shared/domain/contact';

/** A provider's error code as it may appear in our errors: code characters only, never free text. */
export function safeCode(code: string | undefined): string {
  return code && /^[A-Za-z0-9._-]{1,80}$/.test(code) ? code : 'unknown';
}

/** `https://host:port` → the host (with port) and protocol the SDKs take separately. */
export function endpointParts(url: string): { host: string; protocol: 'http' | 'https' } {
  const parsed = new URL(url);
  return { host: parsed.host, protocol: parsed.protocol === 'http:' ? 'http' : 'https' };
}

/**
 * The class a CommonJS SDK exports as `default`: Node's ESM loader hands `import X from` the
 * whole `module.exports` (whose `default` is the class), a bundler may hand the class itself.
 */
export function cjsDefault<T>(imported: T): T {
  const inner = (imported as { default?: T }).default;
  return inner ?? imported;
}
