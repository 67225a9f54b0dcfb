/** An email, WeChat or QQ id typed into free text: masked before a team accepts (`maskContactDetailsIn`). */
import { DATE } from './dates-in-text';
import { DIGITISH, SEP } from './digits-in-text';

/** An email address: `zhang.san@qq.com`, also with a full-width `＠`. */
const email = /[A-Za-z0-9._%+-]+[@\uff20](?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?![A-Za-z0-9-])/g;
/** What joins an id to the word for it: `号`, `账号`, `ID`, a colon, `是`, `就是`, `为`, `叫`. */
const LABEL_MARK = '\\s?(?:号码?|账号|群号?|id)?\\s?(?:[:\uff1a]|(?:就|也|还)?(?:是|为|叫)[:\uff1a]?)?\\s?';
/**
 * A WeChat or QQ id after the word for it (微信号 abc123, 加微信zhang_san, QQ：12345, WeChat ID: lw_88,
 * vx abc123), and a WeChat id on its own (wxid_…). After an English word with nothing but a space
 * (`WeChat daily`), only an id with a digit, `_` or `-` counts: an English word may follow.
 */
const imId = new RegExp(
  '(?:(?<cn>微信|威信|薇信|[Vv]信|扣扣|企鹅)|(?<![A-Za-z])(?<en>we ?chat|weixin|vx|wx|qq)(?![A-Za-z]))' +
    `(?<mark>${LABEL_MARK})` +
    `(?!${DATE})(?<id>[A-Za-z0-9][-_A-Za-z0-9]{4,19})(?![-_A-Za-z0-9])` +
    '|(?<![A-Za-z0-9])(?<wxid>wxid_[-_A-Za-z0-9]{4,30})',
  'gi',
);
/**
 * A QQ number (five to eleven digits) after the word for it, however its digits are written or
 * split: `QQ：12 345 678`, `扣扣 1234-5678`, `QQ号一二三四五六`. A WeChat id starts with a letter, so
 * digits after 微信 are a phone's, masked as one (`contact-in-text.ts`).
 */
const qqNumber = new RegExp(
  `(?:扣扣|企鹅|(?<![A-Za-z])qq(?![A-Za-z]))${LABEL_MARK}(?!${DATE})` +
    `(?<qq>${DIGITISH}(?:${SEP}${DIGITISH}){4,10})(?!${SEP}${DIGITISH}|[-_A-Za-z])`,
  'gi',
);
const digit = new RegExp(DIGITISH, 'g');
const starred = (s: string) => '*'.repeat(s.length);

/**
 * Free text with every email, WeChat and QQ id masked: `微信号 abc123` → `微信号 ******`,
 * `QQ：12 345 678` → `QQ：** *** ***`,
 * `zhang.san@qq.com` → `*********@**.com` (the top-level domain stays, to show what it was).
 */
export function maskContactIdsIn(text: string): string {
  const withoutEmails = text.replace(email, (found) => {
    const at = found.search(/[@\uff20]/);
    const tld = found.lastIndexOf('.');
    return `${starred(found.slice(0, at))}${found[at]}${found.slice(at + 1, tld).replace(/[^.]/g, '*')}${found.slice(tld)}`;
  });
  const withoutQqNumbers = withoutEmails.replace(qqNumber, (found, ...args) => {
    const { qq = '' } = args.at(-1) as Record<string, string | undefined>;
    return found.slice(0, found.length - qq.length) + qq.replace(digit, '*');
  });
  return withoutQqNumbers.replace(imId, (found, ...args) => {
    const groups = args.at(-1) as Record<string, string | undefined>;
    if (groups.wxid) return starred(found);
    const { en, mark = '', id = '' } = groups;
    const plainWordAfterEnglish = en && !/[^\s]/.test(mark) && !/[\d_-]/.test(id);
    return plainWordAfterEnglish ? found : found.slice(0, found.length - id.length) + starred(id);
  });
}
