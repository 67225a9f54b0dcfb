/**
 * The wishes a volunteer claimed, on their own page (我认领的心愿): each with the wisher's contact
 * (only the winner of the claim sees it), the deadline, and two plain forms: fulfilled (with the
 * minutes served, credited as hours once the wisher confirms) and give up (back on the wall),
 * which asks once more first, as the resident's cancel does. A refused claim step comes back here
 * with a notice saying why (`?notice=`).
 */
import { VOLUNTEER_CLAIMS_PER_DAY, VOLUNTEER_OPEN_CLAIMS } from '#shared/domain/wish';
import type { MyVolunteerPage } from '#shared/use-cases/my-volunteer-page';
import { giveUpConfirmWords } from './give-up-words';
import { html, type SafeHtml } from './html';
import type { Lang, QueryLike } from './i18n';
import { withPageOptions } from './links';
import { formatShanghaiTime } from './time';
import { claimPathOf, WALL_PATH } from './wall-pages';

/**
 * Why a claim step was not done: the claim limit, a lost race, the day's claims, a claim no longer
 * theirs, a bad report, more minutes than the time since the claim (or than a day).
 */
export const claimNotices = ['claim-limit', 'wish-taken', 'too-many', 'claim-gone', 'report', 'minutes-bound'] as const;
export type ClaimNotice = (typeof claimNotices)[number];

/** The page's query flags: a refused step's notice; the claim whose give-up waits for the second tap. */
export const CLAIM_NOTICE_PARAMETER = 'notice';
export const CONFIRM_GIVE_UP_PARAMETER = 'give-up';

export interface MyClaimsFlags {
  readonly notice?: ClaimNotice;
  readonly confirmGiveUp?: string;
}

export function myClaimsFlags(query: QueryLike): MyClaimsFlags {
  const get = (name: string) => (query instanceof URLSearchParams ? query.get(name) : query?.[name]) ?? undefined;
  const notice = claimNotices.find((n) => n === get(CLAIM_NOTICE_PARAMETER));
  const confirmGiveUp = get(CONFIRM_GIVE_UP_PARAMETER);
  return { ...(notice ? { notice } : {}), ...(confirmGiveUp ? { confirmGiveUp } : {}) };
}

const texts = {
  zh: {
    title: '我认领的心愿',
    none: '还没有认领的心愿。',
    wall: '去心愿墙看看',
    deadline: '请在此前实现',
    wisher: '心愿人',
    phone: '电话',
    address: '地址',
    wrote: '居民原话',
    detailsUnavailable: '（居民原话暂时无法读取，不是居民没有写。请联系心愿人。）',
    minutes: '服务时长（分钟）',
    note: '说明（可不填）',
    fulfilled: '心愿已实现',
    giveUp: '无法完成，放弃认领',
    privacy: '心愿人的联系方式只用于实现这个心愿，请勿转发。',
    confirmTitle: giveUpConfirmWords.zh.title,
    confirmHint: '放弃后，心愿会回到心愿墙，由其他人认领，您将看不到心愿人的联系方式。',
    confirmButton: giveUpConfirmWords.zh.yes,
    keep: giveUpConfirmWords.zh.no,
    'claim-limit': `没有认领成功：您已有 ${VOLUNTEER_OPEN_CLAIMS} 个认领中的心愿。请先实现或放弃其中一个，再认领新的心愿。`,
    'wish-taken': '没有认领成功：这个心愿刚被别人认领了，或已不在心愿墙上。',
    'too-many': `没有认领成功：今天的认领次数已达上限（每天 ${VOLUNTEER_CLAIMS_PER_DAY.limit} 次，放弃的也算），请明天再来。`,
    'claim-gone': '这个心愿已不在您的认领中：可能已过了期限回到心愿墙，或已被居民或社区取消。',
    report: '没有提交成功：请填写服务时长，1 到 1440 之间的整数（分钟）；说明最多 500 字。',
    'minutes-bound': '没有提交成功：服务时长不能超过从认领到现在的时间，一次也不能超过 1440 分钟（一天）。',
  },
  en: {
    title: 'Wishes I claimed',
    none: 'No claimed wishes.',
    wall: 'See the wish wall',
    deadline: 'Make it come true by',
    wisher: 'Wisher',
    phone: 'Phone',
    address: 'Address',
    wrote: "The resident's words",
    detailsUnavailable: '(The resident’s words cannot be read at the moment; it is not that they wrote nothing. Please ask the wisher.)',
    minutes: 'Minutes served',
    note: 'Note (optional)',
    fulfilled: 'Fulfilled',
    giveUp: 'I cannot: give it up',
    privacy: "Use the wisher's contact only for this wish; do not pass it on.",
    confirmTitle: giveUpConfirmWords.en.title,
    confirmHint: "It goes back on the wall for others to claim, and you no longer see the wisher's contact.",
    confirmButton: giveUpConfirmWords.en.yes,
    keep: giveUpConfirmWords.en.no,
    'claim-limit': `Not claimed: you hold ${VOLUNTEER_OPEN_CLAIMS} open claims already. Fulfil or give one up first.`,
    'wish-taken': 'Not claimed: someone claimed this wish first, or it is no longer on the wall.',
    'too-many': `Not claimed: you claimed ${VOLUNTEER_CLAIMS_PER_DAY.limit} times today (given-up claims count too); please come back tomorrow.`,
    'claim-gone':
      'This wish is no longer among your claims: its deadline may have passed, putting it back on the wall, or the resident or the station cancelled it.',
    report: 'Not sent: give the minutes served, a whole number from 1 to 1,440; the note takes at most 500 characters.',
    'minutes-bound': 'Not sent: the minutes served cannot be more than the time since you claimed the wish, nor more than 1,440 (a day).',
  },
} as const;

export function myClaimsSection(
  claims: MyVolunteerPage['claims'],
  options: { readonly lang: Lang; readonly large: boolean },
  flags: MyClaimsFlags = {},
): SafeHtml {
  const { lang } = options;
  const l = texts[lang];
  const wall = html`<a href="${withPageOptions(WALL_PATH, options)}">${l.wall}</a>`;
  const notice = flags.notice
    ? html`<div class="error-summary" role="alert" tabindex="-1"><p>${l[flags.notice]}${flags.notice === 'wish-taken' ? html` ${wall}` : ''}</p></div>`
    : '';
  if (claims.length === 0) {
    return html`<h2 id="claims">${l.title}</h2>
${notice}<p>${l.none} ${wall}</p>`;
  }
  const giveUp = (id: string) => {
    const action = withPageOptions(`${claimPathOf(id)}/give-up`, options);
    if (flags.confirmGiveUp !== id)
      return html`<form method="post" action="${action}"><button type="submit" class="secondary">${l.giveUp}</button></form>`;
    return html`<div class="error-summary" role="alert" tabindex="-1"><h3>${l.confirmTitle}</h3><p>${l.confirmHint}</p>
<form method="post" action="${action}"><button type="submit" class="danger" name="confirm" value="yes">${l.confirmButton}</button></form>
<p><a class="big-link" href="${withPageOptions('/me#claims', options)}">${l.keep}</a></p></div>`;
  };
  return html`<h2 id="claims">${l.title}</h2>
${notice}<p>${l.privacy}</p>
<ul class="records">${claims.map(
    (
      c,
    ) => html`<li><strong>${c.text}</strong> · ${c.service?.[lang] ?? ''}<br>${l.deadline}：<strong>${formatShanghaiTime(c.deadline, lang)}</strong>
<dl class="totals">
<dt>${l.wisher}</dt><dd>${c.contact.name}</dd>
<dt>${l.phone}</dt><dd><a href="tel:${c.contact.phone}">${c.contact.phone}</a></dd>
<dt>${l.address}</dt><dd>${c.place}${c.contact.address}</dd>
<dt>${l.wrote}</dt><dd>${c.detailsUnavailable ? l.detailsUnavailable : c.description}</dd>
</dl>
<form method="post" action="${withPageOptions(`${claimPathOf(c.id)}/fulfil`, options)}">
<label for="minutes-${c.id}">${l.minutes}</label>
<input id="minutes-${c.id}" name="minutes" type="number" inputmode="numeric" min="1" max="1440" required>
<label for="note-${c.id}">${l.note}</label>
<input id="note-${c.id}" name="note" type="text" maxlength="500">
<button type="submit">${l.fulfilled}</button>
</form>
${giveUp(c.id)}
</li>`,
  )}</ul>`;
}
