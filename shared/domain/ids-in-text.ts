/** An email, WeChat or QQ id typed into free text: masked before a team accepts (`maskContactDetailsIn`). */
import { DATE } from './dates-in-text';

/** An email address: `zhang.san@qq.com`, also with a full-width `＠`. */
const email = /[A-Za-z0-9._%+-]+[@\uff20](?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?![A-Za-z0-9-])/g;
/**
 * A WeChat or QQ id after the word for it (微信号 abc123, 加微信zhang_san, QQ：12345, WeChat ID: lw_88,
 * vx abc123), and a WeChat id on its own (wxid_…). After an English word with nothing but a space
 * (`WeChat daily`), only an id with a digit, `_` or `-` counts: an English word may follow.
 */
const imId = new RegExp(
  '(?:(?<cn>微信|威信|薇信|[Vv]信|扣扣|企鹅)|(?<![A-Za-z])(?<en>we ?chat|weixin|vx|wx|qq)(?![A-Za-z]))' +
    '(?<mark>\\s?(?:号码?|账号|群号?|id)?\\s?(?:[:\uff1a]|(?:就|也|还)?(?:是|为|叫)[:\uff1a]?)?\\s?)' +
    `(?!${DATE})(?<id>[A-Za-z0-9][-_A-Za-z0-9]{4,19})(?![-_A-Za-z0-9])` +
    '|(?<![A-Za-z0-9])(?<wxid>wxid_[-_A-Za-z0-9]{4,30})',
  'gi',
);
const starred = (s: string) => '*'.repeat(s.length);

/**
 * Free text with every email, WeChat and QQ id masked: `微信号 abc123` → `微信号 ******`,
 * `zhang.san@qq.com` → `*********@**.com` (the top-level domain stays, to show what it was).
 */
export function maskContactIdsIn(text: string): string {
  const withoutEmails = text.replace(email, (found) => {
    const at = found.search(/[@\uff20]/);
    const tld = found.lastIndexOf('.');
    return `${starred(found.slice(0, at))}${found[at]}${found.slice(at + 1, tld).replace(/[^.]/g, '*')}${found.slice(tld)}`;
  });
  return withoutEmails.replace(imId, (found, ...args) => {
    const groups = args.at(-1) as Record<string, string | undefined>;
    if (groups.wxid) return starred(found);
    const { en, mark = '', id = '' } = groups;
    const plainWordAfterEnglish = en && !/[^\s]/.test(mark) && !/[\d_-]/.test(id);
    return plainWordAfterEnglish ? found : found.slice(0, found.length - id.length) + starred(id);
  });
}
