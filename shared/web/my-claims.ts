/**
 * The wishes a volunteer claimed, on their own page (我认领的心愿): each with the wisher's contact
 * (only the winner of the claim sees it), the deadline, and two plain forms: fulfilled (with the
 * minutes served, credited as hours once the wisher confirms) and give up (back on the wall).
 */
import type { MyVolunteerPage } from '#shared/use-cases/volunteer-sign-in';
import { html, type SafeHtml } from './html';
import type { Lang } from './i18n';
import { withPageOptions } from './links';
import { formatShanghaiTime } from './time';
import { claimPathOf, WALL_PATH } from './wall-pages';

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
    minutes: '服务时长（分钟）',
    note: '说明（可不填）',
    fulfilled: '心愿已实现',
    giveUp: '无法完成，放弃认领',
    privacy: '心愿人的联系方式只用于实现这个心愿，请勿转发。',
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
    minutes: 'Minutes served',
    note: 'Note (optional)',
    fulfilled: 'Fulfilled',
    giveUp: 'I cannot: give it up',
    privacy: "Use the wisher's contact only for this wish; do not pass it on.",
  },
} as const;

export function myClaimsSection(claims: MyVolunteerPage['claims'], options: { readonly lang: Lang; readonly large: boolean }): SafeHtml {
  const { lang } = options;
  const l = texts[lang];
  if (claims.length === 0) {
    return html`<h2 id="claims">${l.title}</h2>
<p>${l.none} <a href="${withPageOptions(WALL_PATH, options)}">${l.wall}</a></p>`;
  }
  return html`<h2 id="claims">${l.title}</h2>
<p>${l.privacy}</p>
<ul class="records">${claims.map(
    (
      c,
    ) => html`<li><strong>${c.text}</strong> · ${c.service?.[lang] ?? ''}<br>${l.deadline}：<strong>${formatShanghaiTime(c.deadline, lang)}</strong>
<dl class="totals">
<dt>${l.wisher}</dt><dd>${c.contact.name}</dd>
<dt>${l.phone}</dt><dd><a href="tel:${c.contact.phone}">${c.contact.phone}</a></dd>
<dt>${l.address}</dt><dd>${c.place}${c.contact.address}</dd>
<dt>${l.wrote}</dt><dd>${c.description}</dd>
</dl>
<form method="post" action="${withPageOptions(`${claimPathOf(c.id)}/fulfil`, options)}">
<label for="minutes-${c.id}">${l.minutes}</label>
<input id="minutes-${c.id}" name="minutes" type="number" inputmode="numeric" min="1" max="1440" required>
<label for="note-${c.id}">${l.note}</label>
<input id="note-${c.id}" name="note" type="text" maxlength="500">
<button type="submit">${l.fulfilled}</button>
</form>
<form method="post" action="${withPageOptions(`${claimPathOf(c.id)}/give-up`, options)}"><button type="submit" class="secondary">${l.giveUp}</button></form>
</li>`,
  )}</ul>`;
}
