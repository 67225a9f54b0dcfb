/**
 * Page language and texts. zh is the default; `?lang=en` switches to English and `?size=large`
 * to larger type. Both travel in every link the pages make (see `links.ts`).
 */
import type { LocalizedText } from '#shared/domain/catalog';

export type Lang = 'zh' | 'en';

/** API Gateway's `queryStringParameters`, a URLSearchParams, or nothing. */
export type QueryLike = Readonly<Record<string, string | undefined>> | URLSearchParams | null | undefined;

function param(query: QueryLike, name: string): string | undefined {
  if (!query) return undefined;
  if (query instanceof URLSearchParams) return query.get(name) ?? undefined;
  return query[name];
}

export function parseLang(query: QueryLike): Lang {
  return param(query, 'lang')?.trim().toLowerCase().startsWith('en') ? 'en' : 'zh';
}

export function parseLarge(query: QueryLike): boolean {
  return param(query, 'size') === 'large';
}

/** The value for `<html lang>`. */
export function htmlLang(lang: Lang): string {
  return lang === 'en' ? 'en' : 'zh-CN';
}

export function localized(text: LocalizedText, lang: Lang): string {
  return text[lang];
}

const zh = {
  siteName: '社区志愿服务 · 点单',
  switchLang: 'English',
  largeOn: '大字',
  largeOff: '标准字号',
  home: '返回首页',
  required: '（必填）',
  optional: '（选填）',
  formTitle: '预约志愿服务',
  menuIntro: '请点选您需要的服务，下一页只填写这项服务需要的内容。',
  otherServices: '其他服务',
  audience_elderly: '适合老年人',
  audience_children: '适合儿童',
  audience_disabled: '适合残疾人',
  changeService: '选错了？返回服务菜单',
  sectionContact: '联系方式',
  serviceLabel: '服务项目',
  areaLabel: '所在社区或村',
  pickTitle: '找到您的社区或村',
  pickIntro: '先选区县，再选街道或乡镇，然后选社区或村；也可以输入名字的开头几个字查找。',
  pickSearchLabel: '社区或村的名字',
  pickSearch: '查找',
  pickResults: '查找结果',
  pickNoMatch: '没有以这几个字开头的社区或村。请少输几个字再试，或者按下面的区县一步步找。',
  pickChooseCity: '请先选城市，再按名字查找。',
  pickMore: '结果太多，只显示前 30 个。请多输几个字。',
  pickTrail: '所在位置',
  pickAll: '全部区县',
  pickChange: '更换',
  pickFirst: '请先找到您的社区或村。',
  descriptionLabel: '需求说明',
  contactNameLabel: '联系人姓名',
  phoneLabel: '手机号',
  phoneHint: '手机号，例如 13812345678',
  phoneDigits: '手机号是 11 位数字，这里填了 {n} 位',
  addressLabel: '服务地址',
  addressHint: '供志愿者上门服务使用，不会显示在进度页上',
  urgencyLabel: '紧急程度',
  urgency_normal: '普通',
  urgency_urgent: '紧急',
  preferredTimeLabel: '希望的服务时间',
  preferredTimeHint: '例如 周六上午',
  yes: '是',
  no: '否',
  chooseOption: '请选择',
  datetimeHint: '日期和时间，例如 2025-03-01 09:00',
  submit: '提交需求',
  noServices: '目前没有可以预约的服务。请稍后再来，或联系社区工作人员代为点单。',
  serviceGone: '这项服务已暂停预约，请选择其他服务',
  keptDescription: '您刚才写的需求描述（可以复制，填到新选的服务里）',
  noAreas: '目前没有可以选择的社区。请联系社区工作人员代为点单。',
  errorSummaryTitle: '提交未成功，请修改以下内容：',
  errorPrefix: '错误：',
  confirmTitle: '需求已提交',
  trackingCodeLabel: '您的查询码',
  rememberCode: '请记下查询码，可凭查询码和手机号后四位查询。',
  nextSteps: '我们正在为您安排服务队，接单后志愿者会与您联系。',
  nextStepsWish: '社区审核后会把您的心愿发布到心愿墙，由志愿者认领；认领后志愿者会与您联系。',
  statusLinkIntro: '打开下面的链接可以随时查看进度。请把它收藏（加入书签），不要转发给别人。',
  statusLink: '查看办理进度',
  copyLabel: '链接地址（可复制保存）',
  sentBeforeTitle: '这份需求已经提交过了',
  sentBeforeIntro: '同样的内容刚才已经提交过，没有再提交一次。我们正在为它安排服务队。',
  sentBeforeNoLink:
    '为保护您的信息，专属进度链接只显示在第一次提交后的页面上，这里不再显示。凭上面的查询码和手机号后四位可以随时查询进度；如需取消，请联系社区服务站。',
  statusTitle: '需求进度',
  actionNotDone: '刚才的操作没有执行：这条需求的状态在这期间变了。下面是最新情况。',
  cancelTitle: '不再需要？',
  rateTitle: '评价这次服务',
  rateStars: '满意程度',
  rateComment: '想说的话（选填）',
  rateRefused: '评价没有提交，请修改后再提交：',
  rateStarsMissing: '请选一个星级（1 到 5 星）',
  rateButton: '提交评价',
  yourRating: '您的评价',
  reopenTitle: '问题又出现了？',
  reopenHint: '完成后 7 天内可以重新提交，我们会先请原来的服务队来处理。',
  reopenButton: '重新派单',
  cancelHint: '取消后，服务队将不再为这个需求上门。',
  cancelButton: '取消这个需求',
  cancelConfirmTitle: '确定要取消这个需求吗？',
  cancelConfirmButton: '确定取消',
  cancelKeep: '不取消，返回',
  trackingCode: '查询码',
  service: '服务项目',
  area: '所在社区',
  status: '当前状态',
  urgency: '紧急程度',
  team: '服务队',
  contact: '联系人',
  description: '需求说明',
  detailsUnavailable: '（需求说明暂时无法显示，不是您没有填写。如需补充，请联系社区服务站。）',
  personalDataRemoved: '（按个人信息保护规定，这张服务单的联系方式和需求说明已删除。）',
  preferredTime: '希望时间',
  timeline: '办理记录',
  noTimeline: '暂无记录',
  errorCode: '错误代码',
  errorHelp: '您可以返回首页重新开始，或请社区工作人员帮忙。',
  orderLimited:
    '这个手机号或地址刚才提交得太多了。请 {minutes} 分钟后再点“提交需求”，您填写的内容都还在；如果着急，请联系您所在社区的服务站。',
  lookupLink: '已经提交过？凭查询码查询进度',
  lookupTitle: '查询办理进度',
  lookupIntro: '请输入提交需求时得到的 8 位查询码，以及联系手机号的后 4 位。',
  lookupCodeLabel: '查询码',
  lookupCodeHint: '8 位数字，例如 1234 5678',
  lookupPhoneLabel: '手机号后 4 位',
  lookupPhoneHint: '提交需求时填写的手机号的最后 4 位数字',
  lookupButton: '查询',
  lookupNotFound:
    '没有找到与这个查询码和手机号后 4 位都相符的需求。请核对后再试；如果仍然找不到，请联系您所在社区的服务站。服务单结束一段时间后，手机号等个人信息按规定删除，也就无法再这样查询。',
  lookupCodeInvalid: '请填写 8 位数字的查询码',
  lookupPhoneInvalid: '请填写手机号的最后 4 位数字',
  readOnlyTitle: '只能查看',
  readOnlyNotice:
    '这是凭查询码打开的页面，只能查看进度。取消需求、评价服务或重新派单，需要使用提交时得到的专用链接；如果链接找不到了，请联系您所在社区的服务站（新时代文明实践站）工作人员帮您办理。',
  lookupAgain: '查询其他需求',
} as const;

export type TextKey = keyof typeof zh;

const en: Record<TextKey, string> = {
  siteName: 'Community volunteer services',
  switchLang: '中文',
  largeOn: 'Larger text',
  largeOff: 'Standard text',
  home: 'Back to the start',
  required: ' (required)',
  optional: ' (optional)',
  formTitle: 'Order a volunteer service',
  menuIntro: 'Choose the service you need; the next page asks only what that service needs.',
  otherServices: 'Other services',
  audience_elderly: 'For the elderly',
  audience_children: 'For children',
  audience_disabled: 'For people with disabilities',
  changeService: 'Wrong service? Back to the menu',
  sectionContact: 'Your contact details',
  serviceLabel: 'Service',
  areaLabel: 'Your community or village',
  pickTitle: 'Find your community or village',
  pickIntro: 'Choose your district, then your street or township, then your community or village; or type the start of its name.',
  pickSearchLabel: 'Name of the community or village',
  pickSearch: 'Search',
  pickResults: 'Search results',
  pickNoMatch: 'No community or village name starts with that. Type fewer characters, or go step by step below.',
  pickChooseCity: 'Choose your city first, then search by name.',
  pickMore: 'Too many results: only the first 30 are shown. Type more of the name.',
  pickTrail: 'Where you are',
  pickAll: 'All districts',
  pickChange: 'Change',
  pickFirst: 'Find your community or village first.',
  descriptionLabel: 'What do you need help with',
  contactNameLabel: 'Contact name',
  phoneLabel: 'Mobile phone number',
  phoneHint: 'Mobile number, for example 13812345678',
  phoneDigits: 'A mobile number has 11 digits; this one has {n}',
  addressLabel: 'Address where help is needed',
  addressHint: 'For the volunteers who come to help; never shown on the progress page',
  urgencyLabel: 'How urgent is it',
  urgency_normal: 'Normal',
  urgency_urgent: 'Urgent',
  preferredTimeLabel: 'Preferred time',
  preferredTimeHint: 'For example Saturday morning',
  yes: 'Yes',
  no: 'No',
  chooseOption: 'Choose one',
  datetimeHint: 'Date and time, for example 2025-03-01 09:00',
  submit: 'Send request',
  noServices: 'No services can be ordered at the moment. Please come back later or ask your community staff to order for you.',
  serviceGone: 'This service is no longer taking requests; please choose another',
  keptDescription: 'What you wrote (copy it into the service you choose)',
  noAreas: 'No communities can be chosen at the moment. Please ask your community staff to order for you.',
  errorSummaryTitle: 'The request was not sent. Please correct the following:',
  errorPrefix: 'Error: ',
  confirmTitle: 'Request sent',
  trackingCodeLabel: 'Your tracking code',
  rememberCode: 'Please note the tracking code: with it and the last four digits of your phone number you can look up your request.',
  nextSteps: 'We are finding a volunteer team for you; a volunteer will contact you once a team takes the request.',
  nextStepsWish:
    'Community staff review your wish, then put it on the wish wall for a volunteer to take up; whoever takes it will contact you.',
  statusLinkIntro: 'Open the link below to check progress at any time. Bookmark it and do not share it with others.',
  statusLink: 'Check progress',
  copyLabel: 'Link address (copy and keep it)',
  sentBeforeTitle: 'You already sent this request',
  sentBeforeIntro: 'The same request was sent a short while ago, so it was not sent a second time. We are finding a volunteer team for it.',
  sentBeforeNoLink:
    'To protect your details, its private progress link is shown only on the page after it was first sent, not here. Look it up with the tracking code above and the last four digits of your phone number; to cancel it, contact your community service station.',
  statusTitle: 'Request progress',
  actionNotDone: 'What you just sent was not done: the request changed in the meantime. This is where it is now.',
  cancelTitle: 'No longer needed?',
  rateTitle: 'Rate this service',
  rateStars: 'How satisfied are you?',
  rateComment: 'Anything to add (optional)',
  rateRefused: 'The rating was not sent. Please correct this and send it again:',
  rateStarsMissing: 'Choose one of the stars (1 to 5)',
  rateButton: 'Send rating',
  yourRating: 'Your rating',
  reopenTitle: 'Is the problem back?',
  reopenHint: 'Within 7 days of completion you can reopen it; the same team is asked first.',
  reopenButton: 'Reopen',
  cancelHint: 'Once cancelled, no team will come for this request.',
  cancelButton: 'Cancel this request',
  cancelConfirmTitle: 'Cancel this request?',
  cancelConfirmButton: 'Yes, cancel it',
  cancelKeep: 'No, keep it',
  trackingCode: 'Tracking code',
  service: 'Service',
  area: 'Community',
  status: 'Status',
  urgency: 'Urgency',
  team: 'Volunteer team',
  contact: 'Contact',
  description: 'What you asked for',
  detailsUnavailable:
    '(Your description cannot be shown at the moment; it is not that you wrote nothing. To add to it, ask your community service station.)',
  personalDataRemoved: '(Under the personal-data rules, the contact details and description of this request were removed.)',
  preferredTime: 'Preferred time',
  timeline: 'History',
  noTimeline: 'Nothing recorded yet',
  errorCode: 'Error code',
  errorHelp: 'You can go back to the start and try again, or ask your community staff for help.',
  orderLimited:
    'Too many requests came from this mobile number or address just now. Please press “Send request” again in {minutes} minute(s); what you filled in is kept. If it is urgent, ask the service station of your community.',
  lookupLink: 'Sent a request before? Look it up with your tracking code',
  lookupTitle: 'Look up your request',
  lookupIntro: 'Enter the 8-digit tracking code you got when you sent the request, and the last 4 digits of your mobile number.',
  lookupCodeLabel: 'Tracking code',
  lookupCodeHint: '8 digits, for example 1234 5678',
  lookupPhoneLabel: 'Last 4 digits of your mobile number',
  lookupPhoneHint: 'The last 4 digits of the number you gave with the request',
  lookupButton: 'Look up',
  lookupNotFound:
    'No request matches both this tracking code and these 4 digits. Please check them and try again; if it still cannot be found, ask the service station of your community. Some time after a request ends, its phone number and other personal data are removed under the rules, and it can no longer be looked up this way.',
  lookupCodeInvalid: 'Enter the 8-digit tracking code',
  lookupPhoneInvalid: 'Enter the last 4 digits of your mobile number',
  readOnlyTitle: 'View only',
  readOnlyNotice:
    'You opened this page with your tracking code, so you can only see the progress. To cancel, rate the service or reopen the request you need the private link you got when you sent it; if you have lost it, ask the staff of your community’s service station to do it for you.',
  lookupAgain: 'Look up another request',
};

const texts: Readonly<Record<Lang, Readonly<Record<TextKey, string>>>> = { zh, en };

/** `{name}` placeholders replaced from `vars`; one not given stays as it is (plain text: escape it). */
export function fillText(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}

/** A UI text; `{name}` placeholders are replaced from `vars` (the result is plain text, escape it). */
export function t(lang: Lang, key: TextKey, vars: Readonly<Record<string, string>> = {}): string {
  return fillText(texts[lang][key], vars);
}
