/**
 * The page behind a team's one-tap link: the order, the resident masked until the team accepts,
 * and plain form posts to accept or decline; once accepted, the completion report (no
 * JavaScript needed anywhere).
 */
import { readablePhone } from '#shared/domain/contact';
import { declineReasonText, declineReasons } from '#shared/domain/decline';
import type { FieldIssue } from '#shared/domain/errors';
import type { OfferLinkView, TeamOfferView } from '#shared/use-cases/team-offer';
import { completionForm, type CompletionFormValues } from './completion-form';
import { html, type HtmlValue } from './html';
import type { Lang } from './i18n';
import { urgencyLabel } from './status-words';
import { layout } from './layout';
import { formatShanghaiTime } from './time';

const text = {
  zh: {
    title: '派单',
    open: '请在期限前接单或婉拒',
    accepted: '您已接单。以下是居民的联系方式，请尽快联系。',
    reported: '您已报告完成。如需回访，可以使用下面居民的联系方式。',
    over: '这个订单已经结束，感谢服务！',
    closed: '这个派单已经结束（已过期、已婉拒、已取消或已派给其他服务队）。',
    superseded: '这个需求已重新派给您的服务队：这是之前的链接，请打开最新的派单通知接单或婉拒。',
    declined: '您的服务队已婉拒这个派单。',
    service: '服务',
    area: '社区',
    urgency: '紧急程度',
    deadline: '接单期限',
    description: '需求描述',
    detailsUnavailable: '（需求描述、希望时间和填写的内容暂时无法读取，不是居民没有填写。请联系居民确认。）',
    personalDataRemoved: '（这张服务单已结束，按个人信息保护规定，居民的联系方式和需求描述已删除。）',
    preferredTime: '希望时间',
    resident: '居民',
    phone: '电话',
    address: '地址',
    accept: '接单',
    decline: '婉拒',
    reason: '婉拒原因',
    note: '备注（选填）',
    completed: '已于 {at} 报告完成，感谢服务！居民评价后，志愿时长和积分会记入账户。',
    withdrawn: '订单已结束，居民的联系方式不再显示。',
    gone: '这个派单已不属于您的服务队。',
    reportedHours: '报告的志愿者和服务时长',
    minutes: '{n} 分钟',
  },
  en: {
    title: 'Offer',
    open: 'Please accept or decline before the deadline',
    accepted: 'You accepted. Here is how to reach the resident; please get in touch soon.',
    reported: 'You reported the order done. For a follow-up call, the resident’s contact is below.',
    over: 'This order is over. Thank you!',
    closed: 'This offer has ended (expired, declined, cancelled or given to another team).',
    superseded: 'The request is offered to your team again: this is an earlier link; open the latest offer notice to accept or decline.',
    declined: 'Your team declined this offer.',
    service: 'Service',
    area: 'Community',
    urgency: 'Urgency',
    deadline: 'Accept by',
    description: 'What is needed',
    detailsUnavailable:
      '(The description, preferred time and answers cannot be read at the moment; it is not that the resident wrote nothing. Please ask the resident.)',
    personalDataRemoved: '(This request is over: under the personal-data rules, the resident’s contact and description were removed.)',
    preferredTime: 'Preferred time',
    resident: 'Resident',
    phone: 'Phone',
    address: 'Address',
    accept: 'Accept',
    decline: 'Decline',
    reason: 'Reason',
    note: 'Note (optional)',
    completed: 'Reported done on {at}. Thank you! The volunteer hours and points are credited once the resident rates the service.',
    withdrawn: 'The order is over; the resident’s contact is no longer shown.',
    gone: 'This offer is no longer your team’s.',
    reportedHours: 'Volunteers and minutes reported',
    minutes: '{n} min',
  },
} as const;

export interface OfferPageInput {
  readonly view: OfferLinkView;
  readonly lang: Lang;
  readonly large: boolean;
  readonly selfUrl: string;
  readonly acceptUrl: string;
  readonly declineUrl: string;
  /** Where the completion form posts (the link's parameters included); no form without it. */
  readonly completeUrl?: string;
  /** Why the step just tried was refused (an expired offer, an order no longer the team's), in the team's words. */
  readonly notice?: string;
  /** What to do about it, under the reason (a refused completion: call the station to add hours). */
  readonly noticeHint?: string;
  /** A refused completion report: what was typed and what is wrong, by row. */
  readonly completion?: { readonly values: CompletionFormValues; readonly issues: readonly FieldIssue[] };
}

/** What the page says first, by state: an accepted order once reported, or over, no longer asks to get in touch. */
function headline(view: TeamOfferView, l: (typeof text)[Lang]): string {
  if (view.state !== 'accepted') return l[view.state];
  if (view.contactWithdrawn) return l.over;
  return view.completedAt ? l.reported : l.accepted;
}

export function renderOfferPage(input: OfferPageInput): string {
  const { view, lang } = input;
  const l = text[lang];
  const hint = input.noticeHint ? html`<p>${input.noticeHint}</p>` : '';
  const notice = input.notice ? html`<div class="error-summary" role="alert" tabindex="-1"><p>${input.notice}</p>${hint}</div>` : '';
  if (!('service' in view)) {
    // Nothing of the request: only what became of the offer.
    const body = html`<h1>${l.title}</h1>
${notice}
<p><strong>${view.state === 'declined' ? l.declined : l.closed}</strong></p>
<p>${l.gone}</p>`;
    return layout({ lang, large: input.large, title: l.title, body, switchUrl: input.selfUrl, private: true });
  }
  const row = (label: string, value: HtmlValue) => (value ? html`<dt>${label}</dt><dd>${value}</dd>` : '');
  // The full contact (accepted, not yet withdrawn): a number to tap, grouped as it is read out (139 1234 3246).
  const phone = view.state === 'accepted' && !view.contactWithdrawn;
  const body = html`<h1>${l.title}: ${view.service.name[lang]}</h1>
${notice}
<p><strong>${headline(view, l)}</strong></p>
<dl>
${row(l.area, view.areaNames.map((n) => n[lang]).join(lang === 'zh' ? '，' : ', '))}
${row(l.urgency, urgencyLabel(view.urgency, lang))}
${row(l.deadline, view.deadline ? formatShanghaiTime(view.deadline, lang) : undefined)}
${row(l.preferredTime, view.preferredTime)}
<dt>${l.description}</dt><dd class="pre">${view.personalDataRemoved ? l.personalDataRemoved : view.detailsUnavailable ? l.detailsUnavailable : view.description}</dd>
${row(l.resident, view.resident.name)}
${row(l.phone, phone ? html`<a href="tel:${view.resident.phone}">${readablePhone(view.resident.phone)}</a>` : view.resident.phone)}
${row(l.address, view.resident.address)}
</dl>
${view.answers.length ? html`<dl class="answers">${view.answers.map((a) => html`<dt>${a.label[lang]}</dt><dd class="pre">${a.value[lang]}</dd>`)}</dl>` : ''}
${view.contactWithdrawn ? html`<p>${l.withdrawn}</p>` : ''}
${
  view.state === 'open'
    ? html`<form method="post" action="${input.acceptUrl}"><button type="submit">${l.accept}</button></form>
<h2>${l.decline}</h2>
<form method="post" action="${input.declineUrl}">
<label for="reason">${l.reason}</label>
<select id="reason" name="reason">${declineReasons.map((r) => html`<option value="${r}">${declineReasonText[r][lang]}</option>`)}</select>
<label for="note">${l.note}</label>
<textarea id="note" name="note" maxlength="500" rows="3"></textarea>
<button type="submit" class="secondary">${l.decline}</button>
</form>`
    : ''
}
${view.completedAt ? html`<p class="panel">${l.completed.replace('{at}', formatShanghaiTime(view.completedAt, lang))}</p>` : ''}
${
  view.reportedHours?.length
    ? html`<h2>${l.reportedHours}</h2>
<ul>${view.reportedHours.map((r) => html`<li>${r.volunteer}${lang === 'zh' ? '：' : ': '}${l.minutes.replace('{n}', String(r.minutes))}</li>`)}</ul>`
    : ''
}
${
  view.completable && input.completeUrl
    ? completionForm({
        action: input.completeUrl,
        lang,
        ...(input.completion ? { values: input.completion.values, issues: input.completion.issues } : {}),
      })
    : ''
}`;
  const refused = (input.completion?.issues.length ?? 0) > 0 || Boolean(input.notice);
  const title = `${refused ? (lang === 'zh' ? '错误：' : 'Error: ') : ''}${l.title}: ${view.service.name[lang]}`;
  return layout({ lang, large: input.large, title, body, switchUrl: input.selfUrl, private: true });
}
