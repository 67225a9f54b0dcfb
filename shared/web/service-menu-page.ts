/**
 * The first step of ordering (菜单式): the menu as large tiles, grouped by category in category
 * order, each with its audience tag. A tile is a plain link to the short form of that service
 * (`/?service=<code>`), keeping the language, the type size and a station's preselected area.
 */
import type { Menu, Service } from '#shared/domain/catalog';
import { html, type SafeHtml } from './html';
import { t, type Lang } from './i18n';
import { layout } from './layout';
import { FORM_PATH, LOOKUP_PATH, withPageOptions } from './links';

export interface ServiceMenuInput {
  readonly menu: Menu;
  readonly lang: Lang;
  readonly large: boolean;
  /** A community to carry to the service's form, e.g. from a station's QR link `/?area=`. */
  readonly areaId?: string;
  /** A form posted for a service that has left the menu: say so, and show its description to copy. */
  readonly serviceGone?: { readonly description?: string };
}

/** The link to one service's form (the second step). */
export function serviceFormUrl(serviceCode: string, options: { lang: Lang; large: boolean; areaId?: string }): string {
  return withPageOptions(FORM_PATH, options, { service: serviceCode, area: options.areaId });
}

export function renderServiceMenu(input: ServiceMenuInput): string {
  const { lang, large, areaId } = input;
  const services = input.menu.services.filter((s) => s.active);
  const tile = (s: Service) =>
    html`<li><a class="tile" href="${serviceFormUrl(s.code, { lang, large, ...(areaId ? { areaId } : {}) })}"><span class="tile-name">${s.name[lang]}</span>${
      s.audience === 'everyone' ? '' : html`<span class="tag">${t(lang, `audience_${s.audience}`)}</span>`
    }</a></li>`;
  const section = (heading: string, members: readonly Service[]): SafeHtml =>
    html`<section><h2>${heading}</h2><ul class="tiles">${members.map(tile)}</ul></section>`;
  const categories = [...input.menu.categories].sort((a, b) => a.order - b.order);
  const known = new Set(categories.map((c) => c.code));
  const sections = categories
    .map((c) => ({ heading: c.name[lang], members: services.filter((s) => s.category === c.code) }))
    .filter((g) => g.members.length > 0)
    .map((g) => section(g.heading, g.members));
  const uncategorized = services.filter((s) => !known.has(s.category));
  const gone = input.serviceGone;
  const body = html`<h1>${t(lang, 'formTitle')}</h1>
${gone ? html`<div class="error-summary" role="alert" tabindex="-1"><p>${t(lang, 'serviceGone')}</p></div>` : ''}
${
  gone?.description
    ? html`<div class="field"><label for="kept-description">${t(lang, 'keptDescription')}</label>
<textarea id="kept-description" rows="4" readonly>${gone.description}</textarea></div>`
    : ''
}
${
  services.length === 0
    ? html`<p>${t(lang, 'noServices')}</p>`
    : html`<p>${t(lang, 'menuIntro')}</p>${sections}${uncategorized.length > 0 ? section(t(lang, 'otherServices'), uncategorized) : ''}`
}
<p><a href="${withPageOptions(LOOKUP_PATH, { lang, large })}">${t(lang, 'lookupLink')}</a></p>`;
  return layout({
    lang,
    large,
    title: `${gone ? t(lang, 'errorPrefix') : ''}${t(lang, 'formTitle')}`,
    body,
    switchUrl: withPageOptions(FORM_PATH, { lang, large }, { area: areaId }),
  });
}
