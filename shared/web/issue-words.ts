/** The server's field messages in the words of the page's language. */
import type { LocalizedText } from '#shared/domain/catalog';
import type { Lang } from './i18n';

/**
 * Server messages in plain words: the resident form's (`shared/domain/submission.ts`,
 * `attributes.ts`, `submit-request.ts`), the volunteer's sign-in, registration and fulfilment
 * (`volunteer.ts`, `volunteer-sign-in.ts`, `wish.ts`; test/unit/web/volunteer-messages.test.ts
 * finds every one of those and fails on one without Chinese).
 */
const issueTexts: Readonly<Record<string, Partial<LocalizedText>>> = {
  Required: { zh: '此项必填', en: 'This is required' },
  'Contains a character that cannot be shown': { zh: '含有无法显示的字符，请删去后重新填写' },
  'This code can no longer be used: ask for a new one': { zh: '验证码已不能使用（过期或试错太多次），请重新获取' },
  'The code is wrong or used already': { zh: '验证码不对，或已经用过' },
  'The 6 digits from the SMS': { zh: '请填写短信里的 6 位数字' },
  'The code from the SMS': { zh: '请填写短信里的验证码' },
  'A mobile number: 11 digits from 13, or +country and number': { zh: '请填写 11 位手机号' },
  'A mobile phone number': { zh: '请填写手机号' },
  'The mobile phone number': { zh: '请填写手机号' },
  'This number cannot receive our text messages; use a mainland China mobile number': {
    zh: '这个号码收不到我们的短信，请使用中国大陆的手机号',
  },
  'Another volunteer has this phone: ask the station to merge the two records': {
    zh: '这个手机号已登记在另一位志愿者名下，不能换成它。如果两份登记都是您本人，请联系服务站合并记录',
    en: 'Another volunteer is registered with this number, so yours cannot change to it. If both registrations are yours, ask your station to merge them',
  },
  'The phone was changed meanwhile; sign in again and check it (field phone)': {
    zh: '手机号刚刚已被更改（例如由服务站），请重新登录后查看',
    en: 'The number was changed meanwhile (by your station, say); sign in again and check it',
  },
  'The name': { zh: '请填写姓名', en: 'Give your name' },
  'Letters of any script, with a dot (·), space, hyphen or apostrophe between parts; no digits (〇 aside), brackets, colons, other punctuation or hidden characters':
    {
      zh: '姓名只能由文字（汉字、拉丁字母等）组成，各部分之间可用间隔号（·）、空格、连字符或撇号；不能有数字（〇除外）、括号、冒号、其他标点或不可见字符',
      en: 'A name is letters (Han, Latin or another script), with a dot (·), space, hyphen or apostrophe between parts; no digits (〇 aside), brackets, colons, other punctuation or hidden characters',
    },
  '4 to 30 letters, digits and hyphens': { zh: '志愿者编号是 4 到 30 位字母、数字或连字符（-）；没有可不填' },
  'Not a community of this deployment': { zh: '请选择本系统中的社区或村', en: 'Choose a community or village of this system' },
  'Not an area code: 2, 4, 6, 9 or 12 digits of the national division code': {
    zh: '请选择社区或村',
    en: 'Choose a community or village',
  },
  'Minutes served, a whole number': { zh: '请填写服务时长：1 到 1440 之间的整数（分钟）' },
  'Choose a service': { zh: '请选择服务项目' },
  'No such service on the menu': { zh: '菜单中没有这项服务，请重新选择', en: 'This service is not on the menu; choose another' },
  'Not an area id': { zh: '请选择社区或村', en: 'Choose a community or village' },
  'No such area': { zh: '找不到这个社区，请重新选择', en: 'This community was not found; choose another' },
  'Choose a community or village': { zh: '请选择社区或村' },
  'This community is no longer in the division table; choose the one it became part of': {
    zh: '这个社区已不在最新的区划表中，请选择它并入的社区',
  },
  'Describe what you need': { zh: '请写明需要什么帮助' },
  'At most 2,000 characters': { zh: '最多 2000 字' },
  'Give a contact name': { zh: '请填写联系人姓名' },
  'At most 40 characters': { zh: '最多 40 字' },
  'Not a mainland mobile number or an E.164 number': {
    zh: '请填写手机号，例如 13812345678（通知用短信发送，座机收不到）；没有手机可以填家人的，或请社区服务站代为点单',
    en: 'Enter a mobile number such as 13812345678 (notices come by SMS, which a landline cannot get); without one, give a family member’s, or ask your community station to order for you',
  },
  'Give the address where help is needed': { zh: '请填写服务地址' },
  'At most 200 characters': { zh: '最多 200 字' },
  'This service cannot be ordered as urgent': { zh: '这项服务不能选择紧急' },
  'Unknown field': { zh: '无法识别的内容' },
  'Invalid ISO datetime': { zh: '请填写正确的日期和时间', en: 'Enter a date and time' },
  'Not below 0': { zh: '不能小于 0' },
  'At most 1,000,000,000,000': { zh: '数字太大了' },
  'At most 6 decimal places': { zh: '小数最多 6 位' },
};

const issuePatterns: ReadonlyArray<[RegExp, (m: RegExpMatchArray) => Partial<LocalizedText>]> = [
  // visit-minutes.ts: more minutes than the time since acceptance or the claim, or than a day.
  [
    /^At most (\d+) minutes?( in all for this volunteer)?: (?:the time since the (order was accepted|wish was claimed)|one visit counts a day at most)$/,
    (m) => {
      const since = { 'order was accepted': '不能超过接单以来的时间', 'wish was claimed': '不能超过认领以来的时间' }[m[3] ?? ''];
      return { zh: `${m[2] ? '这位志愿者合计' : ''}最多 ${m[1]} 分钟，${since ?? '一次服务最多记一天'}` };
    },
  ],
  [/^Too big: expected string to have <=(\d+) characters/, (m) => ({ zh: `最多 ${m[1]} 字`, en: `At most ${m[1]} characters` })],
  [/^Too small: expected (number|int) to be >=?(\S+)/, (m) => ({ zh: `不能小于 ${m[2]}`, en: `At least ${m[2]}` })],
  [/^Too big: expected (number|int) to be <=?(\S+)/, (m) => ({ zh: `不能大于 ${m[2]}`, en: `At most ${m[2]}` })],
  [/^Too small/, () => issueTexts.Required ?? {}],
  [/^Invalid input: expected int/, () => ({ zh: '请填写整数', en: 'Enter a whole number' })],
  [/^Invalid input: expected string/, () => ({ zh: '请填写文字', en: 'Enter text' })],
  [/^(One of:|Invalid option)/, () => ({ zh: '请从选项中选择', en: 'Choose one of the options' })],
  [/expected number/, () => ({ zh: '请填写数字', en: 'Enter a number' })],
];

/** A field issue's message in `lang`; falls back to the server's own (English) message. */
export function translateIssue(message: string, lang: Lang): string {
  const exact = issueTexts[message]?.[lang];
  if (exact) return exact;
  for (const [pattern, text] of issuePatterns) {
    const match = message.match(pattern);
    if (match) return text(match)[lang] ?? message;
  }
  return message;
}
