/**
 * Work units on the wish wall, in the console's wishes tab: center admins register a unit (爱心单位);
 * station staff claim a published wish for one (代认领), then see the wisher's contact to pass on,
 * and report it fulfilled or give it up.
 */
import { busyButton, field, h, select } from '../common/dom';
import { COLON, list, loc, when } from '../common/texts';
import { api, failed, flash, isCenter } from './context';
import { areaPath, areaSelect } from './names';
import { t } from './texts';

interface Unit {
  readonly id?: unknown;
  readonly name?: unknown;
  readonly areaId?: unknown;
  readonly maxOpenClaims?: unknown;
}
interface Published {
  readonly id?: unknown;
  readonly text?: unknown;
  readonly wisher?: unknown;
  readonly areaId?: unknown;
}
interface UnitClaim {
  readonly id?: unknown;
  readonly text?: unknown;
  readonly unit?: unknown;
  readonly deadline?: unknown;
  readonly contact?: { readonly name?: unknown; readonly phone?: unknown; readonly address?: unknown };
}
export interface UnitWork {
  readonly units?: unknown;
  readonly published?: unknown;
  readonly claims?: unknown;
}

/** A button that posts once and reloads on success. */
function action(label: string, path: string, body: () => Record<string, unknown>, done: string, reload: () => void, secondary = false) {
  const post = () =>
    api('POST', path, body()).then(() => {
      flash(done);
      reload();
    });
  return busyButton({ class: secondary ? 'inline secondary' : 'inline', text: label }, post, failed);
}

export function unitSections(work: UnitWork | undefined, reload: () => void): (HTMLElement | null)[] {
  const units = list<Unit>(work?.units);
  const published = list<Published>(work?.published);
  const claims = list<UnitClaim>(work?.claims);
  const claimCard = (wish: Published) => {
    const id = loc(wish.id);
    const fits = units.filter((u) => loc(wish.areaId).startsWith(loc(u.areaId)));
    const unit = select(
      'unitId',
      fits.map((u) => ({ value: loc(u.id), label: loc(u.name) })),
      loc(fits[0]?.id),
    );
    return h(
      'li',
      { class: 'card', 'data-published': id },
      h('h4', { text: `${loc(wish.text)} · ${loc(wish.wisher)}` }),
      h('p', { text: areaPath(wish.areaId) }),
      fits.length
        ? h(
            'div',
            { class: 'filters' },
            field(t('unit'), unit).cell,
            h(
              'div',
              { class: 'cell' },
              action(
                t('claimForUnit'),
                `/admin/wishes/${encodeURIComponent(id)}/claim`,
                () => ({ unitId: unit.value }),
                t('claimedForUnit'),
                reload,
              ),
            ),
          )
        : null,
    );
  };
  const heldCard = (c: UnitClaim) => {
    const id = encodeURIComponent(loc(c.id));
    const phone = loc(c.contact?.phone);
    return h(
      'li',
      { class: 'card', 'data-unit-claim': loc(c.id) },
      h('h4', { text: `${loc(c.text)} · ${loc(c.unit)}` }),
      h(
        'p',
        {},
        `${loc(c.contact?.name)}${COLON}`,
        h('a', { href: `tel:${phone.replace(/[^0-9+]/g, '')}`, text: phone }),
        ` · ${loc(c.contact?.address)}`,
      ),
      h('p', { text: t('claimDeadline') + COLON + when(c.deadline) }),
      h(
        'div',
        { class: 'actions' },
        action(t('unitFulfilled'), `/admin/wishes/${id}/fulfil`, () => ({}), t('unitFulfilledDone'), reload),
        action(t('unitGiveUp'), `/admin/wishes/${id}/give-up`, () => ({}), t('unitGivenUp'), reload, true),
      ),
    );
  };
  return [
    h(
      'section',
      { 'aria-labelledby': 'unit-claims-h' },
      h('h3', { id: 'unit-claims-h', text: t('unitClaimsTitle') }),
      claims.length ? h('ul', { class: 'cards', id: 'unit-claims' }, claims.map(heldCard)) : h('p', { text: t('noUnitClaims') }),
    ),
    h(
      'section',
      { 'aria-labelledby': 'unit-pool-h' },
      h('h3', { id: 'unit-pool-h', text: t('unitPoolTitle') }),
      !units.length
        ? h('p', { text: t('noUnits') })
        : published.length
          ? h('ul', { class: 'cards', id: 'unit-pool' }, published.map(claimCard))
          : h('p', { text: t('noPublished') }),
    ),
    // The center's to do (the API refuses station staff).
    isCenter() ? registerForm(reload) : null,
  ];
}

/** Center admins register a unit (shown to them alone). */
function registerForm(reload: () => void): HTMLElement {
  const name = h('input', { type: 'text', name: 'unitName', maxlength: 60 });
  const area = areaSelect('unitArea', '', false, t('chooseArea'));
  const contactName = h('input', { type: 'text', name: 'contactName', maxlength: 30 });
  const phone = h('input', { type: 'tel', name: 'contactPhone', maxlength: 20 });
  const form = h(
    'form',
    {
      class: 'filters',
      id: 'register-unit',
      novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        api('POST', '/admin/work-units', {
          name: name.value.trim(),
          areaId: area.value,
          contactName: contactName.value.trim(),
          contactPhone: phone.value.trim(),
        }).then(() => {
          flash(t('unitRegistered'));
          reload();
        }, failed);
      },
    },
    field(t('unitName'), name).cell,
    field(t('unitArea'), area).cell,
    field(t('unitContact'), contactName).cell,
    field(t('phone'), phone).cell,
    h('div', { class: 'cell' }, h('button', { type: 'submit', class: 'inline secondary', text: t('registerUnit') })),
  );
  return h('details', {}, h('summary', { text: t('registerUnitTitle') }), h('p', { text: t('registerUnitIntro') }), form);
}
