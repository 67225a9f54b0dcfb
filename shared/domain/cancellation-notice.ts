/**
 * What a resident is told when staff cancel their request (the `cancelled` notice): the reason
 * staff gave and whom to call, in either language. The SMS (zh, as every SMS) carries the reason
 * masked and cut, since a text message is read on a lock screen and may reach a relative's phone;
 * the resident's own status page (behind their link) shows it whole, as its history does.
 */
import type { LocalizedText } from './catalog';
import { maskContactIn } from './personal-fields';
import { withoutWebAddresses } from './web-addresses';
import type { TimelineEvent } from './service-request';

/**
 * Characters of the reason an SMS carries. With the signature, an 8-digit code and a service name
 * of up to 40 characters the SMS stays within two segments (134 characters, 67 each).
 */
export const SMS_REASON_CHARS = 20;

/**
 * The reason as an SMS may carry it: on one line, every web address out (`withoutWebAddresses`,
 * before the cut, which would leave part of one), every number, id, house number or identity
 * number that could reach a person masked (`maskContactIn`, the rule for free text a team sees
 * before it accepts), angle brackets in full-width forms, cut to `SMS_REASON_CHARS`, ending in …
 */
export function staffReasonForSms(reason: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
  const line = maskContactIn(withoutWebAddresses(reason.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim()))
    .replace(/[<>]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
    .trim();
  const chars = [...line];
  const cut = chars.length <= SMS_REASON_CHARS ? line : `${chars.slice(0, SMS_REASON_CHARS - 1).join('')}…`;
  return cut || '-';
}

/**
 * The resident's news of a cancellation by staff. With `request` (the SMS): which request it was;
 * without (the status page, which shows the request above it): the news alone.
 */
export function staffCancellationText(reason: string, request?: { readonly code: string; readonly service: LocalizedText }): LocalizedText {
  const zhWhich = request ? `您的服务单${request.code}（${request.service.zh}）` : '这项需求';
  const enWhich = request ? `Your request ${request.code} (${request.service.en})` : 'This request';
  return {
    zh: `${zhWhich}已由社区工作人员取消，原因：${reason}。如有疑问，请致电社区服务站。`,
    en: `${enWhich} was cancelled by community staff: ${reason}. If you have questions, call your community station.`,
  };
}

/** The message prefix `cancelByStaff` writes before the reason (events from before `reason` was kept carry it only there). */
const STAFF_CANCEL_PREFIX = '社区已取消需求：';

/** The reason staff gave, when the request's last cancellation in `timeline` was theirs. */
export function staffCancellationReason(
  timeline: readonly Pick<TimelineEvent, 'status' | 'actor' | 'reason' | 'message'>[],
): string | undefined {
  const last = timeline.findLast((e) => e.status === 'CANCELLED');
  if (last?.actor !== 'admin') return undefined;
  return last.reason ?? (last.message.zh.startsWith(STAFF_CANCEL_PREFIX) ? last.message.zh.slice(STAFF_CANCEL_PREFIX.length) : '');
}
