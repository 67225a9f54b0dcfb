/**
 * Wishes waiting for the station's review (微心愿审核): what the resident wrote, for the reviewer
 * only, and a form for the public text (what is wished, the wisher as 王奶奶). Publishing puts it
 * on the wall; rejecting is on the request's own page, with a reason the resident sees.
 */
import { add, clear, field, h, submitOnce } from '../common/dom';
import { latestRead } from '../common/latest';
import { COLON, list, loc, when } from '../common/texts';
import { api, failed, flash, newView, view } from './context';
import { areaPath, serviceName } from './names';
import { t } from './texts';
import { unitSections, type UnitWork } from './unit-claims';

interface Wish {
  readonly id?: unknown;
  readonly trackingCode?: unknown;
  readonly serviceCode?: unknown;
  readonly areaId?: unknown;
  readonly since?: unknown;
  readonly description?: unknown;
  readonly detailsUnavailable?: unknown;
  readonly attributes?: { readonly wishItem?: unknown };
  readonly resident?: { readonly surname?: unknown; readonly phone?: unknown };
}

export function showWishes(): void {
  newView(t('wishesTitle'));
  const results = h('div', { id: 'wishes' }, h('p', { text: t('loading') }));
  const units = h('div', { id: 'work-units' });
  const ticket = latestRead();
  add(view, [h('p', { text: t('wishesIntro') }), results, units]);

  function card(wish: Wish): HTMLLIElement {
    const id = loc(wish.id);
    const text = h('input', { type: 'text', name: 'text', maxlength: 60, value: loc(wish.attributes?.wishItem) });
    const wisher = h('input', { type: 'text', name: 'wisher', maxlength: 12 });
    const button: HTMLButtonElement = h('button', { type: 'submit', class: 'inline', text: t('publishWish') });
    const form = h(
      'form',
      {
        class: 'filters',
        novalidate: true,
        // Once per click, locked until the list is read again without it: a second publish would only be refused.
        onsubmit: submitOnce(
          button,
          () =>
            api('POST', `/admin/wishes/${encodeURIComponent(id)}/publish`, { text: text.value.trim(), wisher: wisher.value.trim() }).then(
              () => {
                flash(t('wishPublished'));
                return load();
              },
            ),
          failed,
        ),
      },
      field(t('wishText'), text, t('wishTextHint')).cell,
      field(t('wishWisher'), wisher, t('wishWisherHint', { surname: loc(wish.resident?.surname) })).cell,
      h('div', { class: 'cell' }, button),
    );
    return h(
      'li',
      { class: 'card', 'data-wish': id },
      h('h3', { text: `${serviceName(wish.serviceCode)} · ${areaPath(wish.areaId)}` }),
      h('p', { text: `${t('trackingCode')}${COLON}${loc(wish.trackingCode)} · ${when(wish.since)} · ${loc(wish.resident?.phone)}` }),
      h('p', {
        class: 'pre',
        text: t('residentWrote') + COLON + (wish.detailsUnavailable ? t('detailsUnavailable') : loc(wish.description)),
      }),
      form,
      h('p', {}, h('a', { href: `#request/${id}`, text: t('wishReject') })),
    );
  }

  function load(): Promise<void> {
    const wanted = ticket();
    return api<{ wishes?: unknown } & UnitWork>('GET', '/admin/wishes').then((data) => {
      if (!wanted()) return;
      const wishes = list<Wish>(data?.wishes);
      clear(results);
      add(results, wishes.length ? h('ul', { class: 'cards' }, wishes.map(card)) : h('p', { text: t('noWishes') }));
      clear(units);
      add(units, unitSections(data ?? undefined, load));
    }, failed);
  }
  load();
}
