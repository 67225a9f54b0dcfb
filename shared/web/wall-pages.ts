/**
 * The wish wall's public pages (微心愿墙), without JavaScript: where to look (the area picker),
 * an area's wall (newest first, a page at a time, each level of the area linked), and one wish's
 * page with its claim button. Only the station's public text and the place: never a phone or an
 * address.
 */
import type { AreaChoice, AreaPick } from '#shared/use-cases/pick-area';
import { areaPicker } from './area-picker';
import { renderErrorPage } from './error-page';
import { html, type SafeHtml } from './html';
import type { Lang } from './i18n';
import { layout } from './layout';
import { withPageOptions } from './links';
import { formatShanghaiTime } from './time';
import type { WallItem, WallView, WishView } from '#shared/use-cases/wish-wall-view';
import { DEFAULT_CLAIM_DAYS } from '#shared/domain/wish';

export const WALL_PATH = '/wall';
export const wallPathOf = (areaId: string) => `${WALL_PATH}/${encodeURIComponent(areaId)}`;
export const wishPathOf = (id: string) => `${WALL_PATH}/wishes/${encodeURIComponent(id)}`;
export const claimPathOf = (id: string) => `/me/claims/${encodeURIComponent(id)}`;

const texts = {
  zh: {
    title: '微心愿墙',
    intro: '社区收集了居民的小心愿，经社区审核后在这里公布。志愿者、服务队和爱心单位都可以认领。',
    wallOf: (name: string) => `${name}微心愿墙`,
    empty: '这里暂时没有待认领的心愿。',
    older: '更早的心愿',
    newest: '回到最新',
    badPage: '翻页链接有误',
    badPageHow: '这个“更早的心愿”链接不完整或被改动过（参数 after）。请回到最新的心愿，再从页面上的链接往后翻。',
    wisher: '心愿人',
    published: '发布于',
    relisted: '重新上墙于',
    other: '看看其他地方的心愿',
    claim: '我来认领',
    claimHow: `认领需要先登录“我的志愿服务”。认领后您将看到心愿人的联系方式，请在 ${DEFAULT_CLAIM_DAYS} 天内（以服务项目规定为准）实现心愿；无法完成请及时放弃，心愿会回到心愿墙。`,
    signIn: '登录我的志愿服务',
    teams: '服务队可在服务队页面的“认领池”中一键认领。',
    open: '待认领',
    claimed: '已被认领',
    claimedByVolunteer: '已被一位志愿者认领',
    fulfilled: '心愿已实现',
    closed: '这条心愿已不在心愿墙上。',
    back: '返回心愿墙',
    service: '类别',
    place: '地点',
  },
  en: {
    title: 'Wish wall',
    intro: "Residents' small wishes, collected and reviewed by their community station. Volunteers, teams and work units may claim them.",
    wallOf: (name: string) => `Wish wall: ${name}`,
    empty: 'No wishes are waiting here just now.',
    older: 'Older wishes',
    newest: 'Back to the newest',
    badPage: 'This page link is not right',
    badPageHow:
      'This "Older wishes" link (its `after`) is cut short or was changed. Go back to the newest wishes and page on from the links there.',
    wisher: 'Wished by',
    published: 'Published',
    relisted: 'Back on the wall',
    other: 'Wishes elsewhere',
    claim: 'I will make it come true',
    claimHow: `Claiming needs you signed in to My volunteer service. Then you see how to reach the wisher; make the wish come true within ${DEFAULT_CLAIM_DAYS} days (or the service's own time), or give it up in time so it goes back on the wall.`,
    signIn: 'Sign in to My volunteer service',
    teams: 'Teams claim with one tap from the pool on their team page.',
    open: 'Waiting for someone',
    claimed: 'Claimed',
    claimedByVolunteer: 'Claimed by a volunteer',
    fulfilled: 'Fulfilled',
    closed: 'This wish is no longer on the wall.',
    back: 'Back to the wall',
    service: 'Kind',
    place: 'Place',
  },
} as const;

interface PageOptions {
  readonly lang: Lang;
  readonly large: boolean;
}

/** A wish's text, its wisher or a claimer's name may be one long word (a product name, pinyin): it wraps on a phone. */
const WALL_CSS = html`<style>.wishes{list-style:none;padding:0;margin:0 0 1.5rem}.wishes li{border:2px solid #767676;border-radius:.4rem;padding:.6rem .8rem;margin:0 0 .8rem;overflow-wrap:anywhere}.wishes a.wish{font-size:1.15em;font-weight:700}.meta{color:#444;margin:.2rem 0 0}.trail a{white-space:nowrap}</style>`;
const WISH_CSS = html`<style>h1,.status{overflow-wrap:anywhere}</style>`;

/** A wish given up or lapsed and listed again says so, with when: its first publishing date would read as stale. */
function listedLine(w: WallItem, lang: Lang): string {
  const l = texts[lang];
  const relisted = w.listedAt > w.publishedAt;
  return `${relisted ? l.relisted : l.published} ${formatShanghaiTime(relisted ? w.listedAt : w.publishedAt, lang)}`;
}

function item(w: WallItem, options: PageOptions): SafeHtml {
  const l = texts[options.lang];
  return html`<li><a class="wish" href="${withPageOptions(wishPathOf(w.id), options)}">${w.text}</a>
<p class="meta">${l.wisher}：${w.wisher} · ${w.place[options.lang]}<br>${listedLine(w, options.lang)}</p></li>`;
}

/** GET /wall: where to look, by the same steps and search as the order form's picker. */
export function renderWallPicker(input: PageOptions & { readonly picker: AreaChoice; readonly pick: AreaPick }): string {
  const { lang, large } = input;
  const l = texts[lang];
  const body = html`<h1>${l.title}</h1>
<p>${l.intro}</p>
${areaPicker(input.picker, { lang, large }, {}, WALL_PATH)}`;
  return layout({ lang, large, title: l.title, body, switchUrl: withPageOptions(WALL_PATH, { lang, large }, { ...input.pick }) });
}

/** GET /wall/{area}: the wall of one area, newest first; `next` pages on to older wishes. */
export function renderWallPage(input: PageOptions & { readonly view: WallView; readonly paged: boolean }): string {
  const { lang, large, view } = input;
  const options = { lang, large };
  const l = texts[lang];
  const title = l.wallOf(view.area.name[lang]);
  const self = wallPathOf(view.area.id);
  const body = html`${WALL_CSS}<h1>${title}</h1>
<nav aria-label="${l.other}"><p class="trail">${view.trail.map(
    (a, i) => html`${i > 0 ? ' › ' : ''}<a href="${withPageOptions(wallPathOf(a.id), options)}">${a.name[lang]}</a>`,
  )}</p></nav>
<p>${l.intro}</p>
${view.items.length === 0 ? html`<p>${l.empty}</p>` : html`<ul class="wishes">${view.items.map((w) => item(w, options))}</ul>`}
${view.next ? html`<p><a href="${withPageOptions(self, options, { after: view.next })}">${l.older}</a></p>` : ''}
${input.paged ? html`<p><a href="${withPageOptions(self, options)}">${l.newest}</a></p>` : ''}
<p><a href="${withPageOptions(WALL_PATH, options)}">${l.other}</a></p>`;
  return layout({ lang, large, title, body, switchUrl: withPageOptions(self, options) });
}

/** A wall's `?after=` that is no page's `next`: the 400 page, with the way back to the wall's newest page. */
export function renderBadWallPage(input: PageOptions & { readonly areaId: string }): string {
  const { lang, large } = input;
  const l = texts[lang];
  const back = { href: wallPathOf(input.areaId), label: { zh: texts.zh.newest, en: texts.en.newest } };
  return renderErrorPage({
    status: 400,
    title: l.badPage,
    message: { zh: texts.zh.badPageHow, en: texts.en.badPageHow },
    lang,
    large,
    back,
  });
}

/** Who holds a claimed wish: a team or unit by name, a volunteer never (nor anyone the view does not name). */
function claimedLine(wish: WishView, l: (typeof texts)[Lang]): string {
  if (wish.claimedBy?.kind === 'volunteer') return l.claimedByVolunteer;
  return wish.claimedBy?.name ? `${l.claimed}：${wish.claimedBy.name}` : l.claimed;
}

/** GET /wall/wishes/{id}: one wish, and the claim button while it is open. */
export function renderWishPage(input: PageOptions & { readonly wish: WishView }): string {
  const { lang, large, wish } = input;
  const options = { lang, large };
  const l = texts[lang];
  const state =
    wish.state === 'open'
      ? html`<p class="status"><strong>${l.open}</strong></p>
<form method="post" action="${withPageOptions(claimPathOf(wish.id), options)}"><button type="submit">${l.claim}</button></form>
<p>${l.claimHow} <a href="${withPageOptions('/me', options, { next: wishPathOf(wish.id) })}">${l.signIn}</a></p>
<p>${l.teams}</p>`
      : wish.state === 'claimed'
        ? html`<p class="status"><strong>${claimedLine(wish, l)}</strong></p>`
        : wish.state === 'fulfilled'
          ? html`<p class="status"><strong>${l.fulfilled}</strong>${wish.claimedBy?.name ? ` · ${wish.claimedBy.name}` : ''}</p>`
          : html`<p class="status">${l.closed}</p>`;
  const body = html`${WISH_CSS}<h1>${wish.text}</h1>
<dl class="totals">
<dt>${l.wisher}</dt><dd>${wish.wisher}</dd>
<dt>${l.place}</dt><dd>${wish.place[lang]}</dd>
<dt>${l.service}</dt><dd>${wish.service[lang]}</dd>
<dt>${l.published}</dt><dd>${formatShanghaiTime(wish.publishedAt, lang)}</dd>
${wish.listedAt > wish.publishedAt ? html`<dt>${l.relisted}</dt><dd>${formatShanghaiTime(wish.listedAt, lang)}</dd>` : ''}
</dl>
${state}
<p><a href="${withPageOptions(wallPathOf(wish.areaId), options)}">${l.back}</a></p>`;
  return layout({ lang, large, title: wish.text, body, switchUrl: withPageOptions(wishPathOf(wish.id), options) });
}
