/**
 * The staff console's texts for ordering for a resident (代点单), zh-CN and English. The form's
 * labels, hints and markers are the resident form's own words (`form_*`, from i18n.ts), so a
 * question reads the same to staff as to a resident ordering for themselves.
 */
import { t as residentText, type Lang } from './i18n';
import { LOOKUP_PATH } from './console-paths';

const residentWords = [
  'required',
  'optional',
  'yes',
  'no',
  'chooseOption',
  'datetimeHint',
  'serviceLabel',
  'areaLabel',
  'descriptionLabel',
  'urgencyLabel',
  'urgency_normal',
  'urgency_urgent',
  'preferredTimeLabel',
  'preferredTimeHint',
  'contactNameLabel',
  'phoneLabel',
  'phoneHint',
  'addressLabel',
  'addressHint',
  'errorSummaryTitle',
  'errorPrefix',
] as const;

function fromResidentForm(lang: Lang): Record<`form_${(typeof residentWords)[number]}`, string> {
  return Object.fromEntries(residentWords.map((key) => [`form_${key}`, residentText(lang, key)])) as Record<
    `form_${(typeof residentWords)[number]}`,
    string
  >;
}

const zh = {
  proxyOrder: '代点单',
  proxyTitle: '代点单：为居民下单',
  proxyIntro: '居民打电话来或到服务站来时，由您替居民下单。居民的信息只填在这张表里，下单后表会清空。',
  proxyNoServices: '服务菜单里目前没有可以预约的服务。',
  proxyResident: '居民的联系方式',
  proxyAreaHint: '从您负责的区域里一级一级选，选到社区或村',
  proxySubmit: '提交代点单',
  proxyPhoneIssue: '请填写居民的手机号，例如 13812345678（查询码用短信发送，座机收不到）；居民没有手机的，可以填家人的',
  proxyNoAnswer: '没有收到服务器的回答，这张单可能已经下好了。请再点一次“提交代点单”：同一张表只会下一个单。',
  proxyKeyReused:
    '这张表刚才可能已经下单成功（当时没收到回答），之后内容又改过。请先在需求队列里找这位居民的需求；确实没有，再点“下一位”重新填写。',
  proxyDoneTitle: '已为居民下单',
  proxyDone: '已下单，查询码 {code}',
  proxyCode: '查询码（请读给居民听）',
  proxySms: `居民会收到一条短信，里面有这个查询码和查询页 {origin}${LOOKUP_PATH}：凭查询码和手机号后四位可以查询进度。`,
  proxyStatusLink: '进度链接',
  proxyStatusLinkHint: '可以抄给居民本人：凭这个链接能查看进度、取消或评价这个需求，不要给别人。这个链接只在这里显示，需求详情里查不到。',
  proxyOpen: '查看这个需求',
  proxyNext: '下一位',
  proxySignInFirst: '您的登录不到 15 分钟就要过期了。请先重新登录，再填写居民的信息，免得填到一半要重填。',
  proxySignInAgain: '重新登录',
  proxyExpired: '登录已过期，这张单还没有提交。居民的信息都还在表里：请在本页重新登录，然后再按一次“提交代点单”。',
  proxyTokenSet: '已重新登录。请再按一次“提交代点单”。',
  proxyExpiredLeaving:
    '登录已过期，这张单还没有提交。重新登录要离开本页，表里填的内容不会保留：请先把居民的信息记在纸上，再点“重新登录”，登录后重新打开代点单填写。',
};

type Key = keyof typeof zh;

const en: Record<Key, string> = {
  proxyOrder: 'Order for a resident',
  proxyTitle: 'Order for a resident (代点单)',
  proxyIntro:
    'For a resident who phoned or came to the station: you place the order for them. Their details go in this form only, and the form is emptied once the order is placed.',
  proxyNoServices: 'The service menu has nothing to order right now.',
  proxyResident: 'The resident’s contact',
  proxyAreaHint: 'From your own area, a level at a time, down to the community or village',
  proxySubmit: 'Place the order',
  proxyPhoneIssue:
    'Enter the resident’s mobile number, e.g. 13812345678 (the tracking code comes by SMS, which a landline cannot get); without one, a family member’s',
  proxyNoAnswer: 'No answer came back: the order may have been placed. Press Place the order again: one form makes one order.',
  proxyKeyReused:
    'This form may have been ordered already (its answer was lost), and it was changed since. Look for the resident’s request in the queue first; only if it is not there, press Next resident and fill the form again.',
  proxyDoneTitle: 'Ordered for the resident',
  proxyDone: 'Ordered: tracking code {code}',
  proxyCode: 'Tracking code (read it out to the resident)',
  proxySms: `The resident gets a text with this code and the lookup page {origin}${LOOKUP_PATH}: the code and the phone’s last 4 digits show the progress.`,
  proxyStatusLink: 'Status link',
  proxyStatusLinkHint:
    'For the resident alone: it shows the progress and can cancel or rate the request; give it to no one else. It is shown here only: the request’s detail does not show it.',
  proxyOpen: 'Open the request',
  proxyNext: 'Next resident',
  proxySignInFirst:
    'Your sign-in expires in less than 15 minutes. Sign in again before you take the resident’s details, so you need not start over.',
  proxySignInAgain: 'Sign in again',
  proxyExpired:
    'Your sign-in has expired, and this order was not sent. The resident’s details are still in the form: sign in again on this page, then press Place the order again.',
  proxyTokenSet: 'Signed in again. Press Place the order again.',
  proxyExpiredLeaving:
    'Your sign-in has expired, and this order was not sent. Signing in again leaves this page and the form is not kept: note the resident’s details on paper first, then press Sign in again and open the form afresh.',
};

export type ProxyTextKey = Key | `form_${(typeof residentWords)[number]}`;
export const proxyTexts = {
  zh: { ...zh, ...fromResidentForm('zh') },
  en: { ...en, ...fromResidentForm('en') },
};
