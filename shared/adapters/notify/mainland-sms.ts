/** What the Alibaba Cloud and Tencent Cloud SMS senders share. */
import { MisconfiguredDeliveryError, PermanentDeliveryError, RecipientRefusedDeliveryError } from '#shared/ports/notification-sender';

/**
 * The number itself refused: invalid or not parsed (`isv.MOBILE_NUMBER_ILLEGAL`,
 * `InvalidParameterValue.IncorrectPhoneNumber`, `FailedOperation.PhoneNumberParseFail`), on the
 * do-not-disturb or blocked list (`FailedOperation.PhoneNumberInBlacklist`, `isv.BLACK_LIST*`),
 * or in a region the application does not serve.
 */
const RECIPIENT_CODE =
  /^(isv\.(MOBILE_NUMBER_ILLEGAL|MOBILE_COUNT_OVER_LIMIT|BLACK_?LIST|DOMESTIC_NUMBER_NOT_SUPPORTED)|InvalidParameterValue\.IncorrectPhoneNumber|FailedOperation\.PhoneNumber|UnsupportedOperation\.(UnsupportedRegion|ContainDomesticAndInternationalPhoneNumber))/;
/** The deployment's set-up refused: a template or signature not approved, revoked or changed, the application or the keys' rights. */
const CONFIGURATION_CODE = /(TEMPLATE|SIGN|Template|Signature|SdkAppId|AUTH|Auth|PERMISSION|Permission|Forbidden|AccessKey)/;

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
