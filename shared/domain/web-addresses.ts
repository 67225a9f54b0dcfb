/**
 * Web addresses out of free text that fills a mainland SMS template's variable: both providers
 * refuse a link in a variable for good (Alibaba Cloud `isv.PARAM_NOT_SUPPORT_URL`; Tencent Cloud's
 * review rule, see sms-templates.ts), so a staff reason such as `请到 www.jnzwfw.gov.cn 重新登记`
 * would cost the resident the whole SMS. Cut to `…`: a URL with its scheme; a host (ASCII labels,
 * `.` or full-width `．` between them) starting `www.`, or followed by a port or a path; an e-mail
 * address; an IPv4 address; a bare domain whose top-level domain is a common one written in lower
 * case (`TLDS`) after a lower-case label. The rest stays as written: `Mr.Wang师傅`, `Dr.Li`,
 * `St.John志愿队`, `ok.OK` are names, not addresses.
 */

const SEP = '[.．]';
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const LOWER_LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
/** Not inside a longer word or host: `Hello.com` is not `H` and `ello.com`. */
const START = '(?<![A-Za-z0-9.．_%+-])';
const END = '(?![A-Za-z0-9-])';
/** Top-level domains common in mainland text; a bare domain counts as an address only with one of these. */
const TLDS =
  'com cn net org gov edu info top xyz io biz cc tv vip site online shop club ltd tech app dev mil int hk mo tw 中国 中國 公司 网络 网址'.split(
    ' ',
  );
/** Any host: counts with `www.`, a port, a path, or an `@` before it. */
const ANY_HOST = `(?:${LABEL}${SEP})+[A-Za-z]{2,24}${END}`;
const IP = `\\d{1,3}(?:${SEP}\\d{1,3}){3}(?!\\d)`;
const LISTED = `(?:${LABEL}${SEP})*${LOWER_LABEL}${SEP}(?:${TLDS.join('|')})${END}`;
/** Not a space, CJK character or full-width form: the rest of a link, never the sentence around it. */
const LINK_CHAR = '[^\\s\\u3000-\\u9fff\\uff00-\\uffef]';
const PORT_OR_PATH = `(?=:\\d|[/?#]${LINK_CHAR})`;
const REST = `(?::\\d{1,5})?(?:[/?#]${LINK_CHAR}*)?`;
const WEB_ADDRESS = new RegExp(
  [
    `[A-Za-z][A-Za-z0-9+.-]*://${LINK_CHAR}+`,
    `[A-Za-z0-9._%+-]+@(?:${ANY_HOST}|${IP})${REST}`,
    `${START}(?:[Ww]{3}${SEP}${ANY_HOST}|${IP}|${LISTED})${REST}`,
    `${START}${ANY_HOST}${PORT_OR_PATH}${REST}`,
  ].join('|'),
  'g',
);

/** `text` with every web address, domain, IP address and e-mail address replaced by `…`. */
export function withoutWebAddresses(text: string): string {
  return text.replace(WEB_ADDRESS, '…');
}
