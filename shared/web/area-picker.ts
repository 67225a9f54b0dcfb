/**
 * Finding one's community among thousands (a city has 3,782) without JavaScript: plain GET steps
 * down the tree (`/?in=<code>`: district, then street or township, then the community, each a short
 * list of links) and a search by the start of a name within the step's city (`/?in=3709&q=科大`).
 * A community's link carries the chosen service: `/?service=<code>&area=<code>` opens that
 * service's form for it. What it shows is read by `areaChoice` (shared/use-cases/pick-area.ts).
 */
import type { Area } from '#shared/domain/area';
import type { AreaChoice, AreaPick, PlacedArea } from '#shared/use-cases/pick-area';
import { html, type SafeHtml } from './html';
import { t, type Lang } from './i18n';
import { FORM_PATH, withPageOptions } from './links';

export type { AreaPick } from '#shared/use-cases/pick-area';

/** The picker's step from a page's query (`?in=…&q=…`), each part where given. */
export function areaPickOf(query: Readonly<Record<string, string | undefined>>): AreaPick {
  return { ...(query.in ? { in: query.in } : {}), ...(query.q ? { q: query.q } : {}) };
}

/** "泰山区 · 泰前街道 · 科大社区": the names below the city. */
export function placePath(place: PlacedArea, lang: Lang): string {
  return place.path
    .filter((a) => a.level !== 'city' && a.level !== 'province')
    .map((a) => a.name[lang])
    .join(' · ');
}

/** Where "change" leads from a chosen community: its parent's list. */
export function parentOf(place: PlacedArea): string | undefined {
  return place.path.at(-2)?.id;
}

/**
 * The picker: search, where one is in the tree, and the next step's links. `carry` (the chosen
 * service; registration's `next`) goes along in every link and in the search; the steps are pages
 * of `path` (the order form's by default; the volunteer's registration uses it too).
 */
export function areaPicker(
  view: AreaChoice,
  options: { lang: Lang; large: boolean },
  carry: Readonly<Record<string, string>> = {},
  path = FORM_PATH,
): SafeHtml {
  const { lang } = options;
  const link = (extra: Record<string, string | undefined>) => withPageOptions(path, options, { ...carry, ...extra });
  const { search } = view;
  const at = view.trail.at(-1);
  const crumbs = view.trail.filter((n) => n.level !== 'province' && n.level !== 'city');
  const choice = (node: Area) =>
    html`<li><a class="pick" href="${node.level === 'community' ? link({ area: node.id }) : link({ in: node.id })}">${node.name[lang]}</a></li>`;
  const results = search?.results ?? [];

  return html`<section aria-labelledby="pick-title" class="area-picker">
<h2 id="pick-title">${t(lang, 'pickTitle')}</h2>
<p>${t(lang, 'pickIntro')}</p>
<form method="get" action="${path}" role="search">
${Object.entries({ ...carry, ...(at ? { in: at.id } : {}) }).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}${lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : ''}${options.large ? html`<input type="hidden" name="size" value="large">` : ''}
<label for="pick-q">${t(lang, 'pickSearchLabel')}</label>
<input id="pick-q" name="q" type="search" maxlength="20" value="${search?.q ?? ''}">
<button type="submit" class="inline">${t(lang, 'pickSearch')}</button>
</form>
<div id="pick-results" aria-live="polite">${
    search
      ? html`<h3>${t(lang, 'pickResults')}</h3>
${
  !search.cityId
    ? html`<p>${t(lang, 'pickChooseCity')}</p>`
    : results.length === 0
      ? html`<p>${t(lang, 'pickNoMatch')}</p>`
      : html`<ul class="pick-list">${results.map(
          (r) => html`<li><a class="pick" href="${link({ area: r.area.id })}">${placePath(r, lang)}</a></li>`,
        )}</ul>${search.more ? html`<p>${t(lang, 'pickMore')}</p>` : ''}`
}`
      : ''
  }</div>
<nav aria-label="${t(lang, 'pickTrail')}"><p class="trail"><a href="${link({})}">${t(lang, 'pickAll')}</a>${crumbs.map(
    (n) => html` › <a href="${link({ in: n.id })}">${n.name[lang]}</a>`,
  )}</p></nav>
${view.choices.length === 0 ? html`<p>${t(lang, 'noAreas')}</p>` : html`<ul class="pick-list">${view.choices.map(choice)}</ul>`}
</section>`;
}
