/**
 * Finding one's community among thousands (a city has 3,782) without JavaScript: plain GET steps
 * down the tree (`/?in=<code>`: district, then street or township, then the community, each a short
 * list of links) and a search by name (`/?q=科大`). A community's link carries the chosen
 * service: `/?service=<code>&area=<code>` opens that service's form for it.
 */
import type { AreaNode } from '#shared/use-cases/browse-reference-data';
import { html, type SafeHtml } from './html';
import { t, type Lang } from './i18n';
import { FORM_PATH, withPageOptions } from './links';

export interface AreaPick {
  /** The area whose children are listed; the top of the tree when absent or unknown. */
  readonly in?: string;
  /** Part of a community's name. */
  readonly q?: string;
}

/** The picker's step from a page's query (`?in=…&q=…`), each part where given. */
export function areaPickOf(query: Readonly<Record<string, string | undefined>>): AreaPick {
  return { ...(query.in ? { in: query.in } : {}), ...(query.q ? { q: query.q } : {}) };
}

/** At most this many search results, so a one-character search stays a short page. */
const MAX_RESULTS = 30;

export interface AreaIndex {
  readonly byId: ReadonlyMap<string, AreaNode>;
  readonly parentOf: ReadonlyMap<string, AreaNode>;
  readonly roots: readonly AreaNode[];
}

/** The tree as lookups; retired areas are left out, as nobody may order there. */
export function indexAreas(roots: readonly AreaNode[]): AreaIndex {
  const byId = new Map<string, AreaNode>();
  const parentOf = new Map<string, AreaNode>();
  const live = (nodes: readonly AreaNode[]) => nodes.filter((n) => !n.retiredAt);
  const walk = (node: AreaNode) => {
    byId.set(node.id, node);
    for (const child of live(node.children)) {
      parentOf.set(child.id, node);
      walk(child);
    }
  };
  const top = live(roots);
  for (const root of top) walk(root);
  return { byId, parentOf, roots: top };
}

/** A community that may be ordered for, or undefined. */
export function communityIn(index: AreaIndex, id: string | undefined): AreaNode | undefined {
  const node = id === undefined ? undefined : index.byId.get(id);
  return node?.level === 'community' ? node : undefined;
}

/** "泰山区 · 泰前街道 · 科大社区": the names below the city. */
export function placePath(index: AreaIndex, node: AreaNode, lang: Lang): string {
  const names: string[] = [];
  for (let n: AreaNode | undefined = node; n && n.level !== 'city' && n.level !== 'province'; n = index.parentOf.get(n.id)) {
    names.unshift(n.name[lang]);
  }
  return names.join(' · ');
}

/**
 * The picker: search, where one is in the tree, and the next step's links. `carry` (the chosen
 * service; registration's `next`) goes along in every link and in the search; the steps are pages
 * of `path` (the order form's by default; the volunteer's registration uses it too).
 */
export function areaPicker(
  index: AreaIndex,
  pick: AreaPick,
  options: { lang: Lang; large: boolean },
  carry: Readonly<Record<string, string>> = {},
  path = FORM_PATH,
): SafeHtml {
  const { lang } = options;
  const link = (extra: Record<string, string | undefined>) => withPageOptions(path, options, { ...carry, ...extra });
  const q = (pick.q ?? '').trim().slice(0, 20);

  // Start where there is a choice to make: a deployment of one city skips province and city.
  let at = pick.in ? index.byId.get(pick.in) : undefined;
  let level = at ? at.children.filter((c) => !c.retiredAt) : index.roots;
  const fromTop = at === undefined;
  while (fromTop && level.length === 1 && level[0]!.level !== 'community') {
    at = level[0]!;
    level = at.children.filter((c) => !c.retiredAt);
  }
  const trail: AreaNode[] = [];
  for (let n = at; n; n = index.parentOf.get(n.id)) trail.unshift(n);
  const crumbs = trail.filter((n) => n.level !== 'province' && n.level !== 'city');

  const choice = (node: AreaNode) =>
    html`<li><a class="pick" href="${node.level === 'community' ? link({ area: node.id }) : link({ in: node.id })}">${node.name[lang]}</a></li>`;
  const results = q
    ? [...index.byId.values()].filter((n) => n.level === 'community' && (n.name.zh.includes(q) || n.officialName.includes(q)))
    : [];

  return html`<section aria-labelledby="pick-title" class="area-picker">
<h2 id="pick-title">${t(lang, 'pickTitle')}</h2>
<p>${t(lang, 'pickIntro')}</p>
<form method="get" action="${path}" role="search">
${Object.entries(carry).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}${lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : ''}${options.large ? html`<input type="hidden" name="size" value="large">` : ''}
<label for="pick-q">${t(lang, 'pickSearchLabel')}</label>
<input id="pick-q" name="q" type="search" maxlength="20" value="${q}">
<button type="submit" class="inline">${t(lang, 'pickSearch')}</button>
</form>
<div id="pick-results" aria-live="polite">${
    q
      ? html`<h3>${t(lang, 'pickResults')}</h3>
${
  results.length === 0
    ? html`<p>${t(lang, 'pickNoMatch')}</p>`
    : html`<ul class="pick-list">${results
        .slice(0, MAX_RESULTS)
        .map((n) => html`<li><a class="pick" href="${link({ area: n.id })}">${placePath(index, n, lang)}</a></li>`)}</ul>${
        results.length > MAX_RESULTS ? html`<p>${t(lang, 'pickMore')}</p>` : ''
      }`
}`
      : ''
  }</div>
<nav aria-label="${t(lang, 'pickTrail')}"><p class="trail"><a href="${link({})}">${t(lang, 'pickAll')}</a>${crumbs.map(
    (n) => html` › <a href="${link({ in: n.id })}">${n.name[lang]}</a>`,
  )}</p></nav>
${level.length === 0 ? html`<p>${t(lang, 'noAreas')}</p>` : html`<ul class="pick-list">${level.map(choice)}</ul>`}
</section>`;
}
