/**
 * Web addresses out of free text that fills a mainland SMS template's variable: both providers
 * refuse a link in a variable for good (Alibaba Cloud `isv.PARAM_NOT_SUPPORT_URL`; Tencent Cloud's
 * review rule, see sms-templates.ts), so a staff reason such as `请到 www.jnzwfw.gov.cn 重新登记`
 * would cost the resident the whole SMS. Each URL (with or without its scheme, with its port and
 * path), bare domain (ASCII labels and a top-level domain of letters, `.` or full-width `．`
 * between them), IPv4 address and e-mail address becomes `…`; the rest stays as written.
 */

const SEP = '[.．]';
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOST = `(?:${LABEL}${SEP})+[A-Za-z]{2,24}(?![A-Za-z0-9-])|\\d{1,3}(?:${SEP}\\d{1,3}){3}(?!\\d)`;
/** Up to the next space, CJK character or full-width form: the rest of a link, never the sentence around it. */
const REST = '(?::\\d{1,5})?(?:[/?#][^\\s\\u3000-\\u9fff\\uff00-\\uffef]*)?';
const WEB_ADDRESS = new RegExp(
  `(?:[A-Za-z][A-Za-z0-9+.-]*://[^\\s\\u3000-\\u9fff\\uff00-\\uffef]+)|(?:[A-Za-z0-9._%+-]+@)?(?:${HOST})${REST}`,
  'g',
);

/** `text` with every web address, domain, IP address and e-mail address replaced by `…`. */
export function withoutWebAddresses(text: string): string {
  return text.replace(WEB_ADDRESS, '…');
}
