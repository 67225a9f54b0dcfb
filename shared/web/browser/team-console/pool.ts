/**
 * The team's claim pool (认领池): open wishes of the wall in the area the team serves, nearest its
 * station first, each claimable with one tap; the wish then becomes one of its orders, with the
 * wisher's contact. A claim someone else won first says so (409 `WISH_TAKEN`) and the pool is read
 * again; a team that is paused or full is told that instead (409 `TEAM_UNAVAILABLE`), the wish kept.
 */
import { codeOf } from '../common/api';
import { add, askFirst, busyButton, clear, h, nextId } from '../common/dom';
import { COLON, list, loc, when } from '../common/texts';
import { api, failed, flash, refused, session } from './context';
import { t } from './texts';

interface Wish {
  readonly id?: unknown;
  readonly text?: unknown;
  readonly wisher?: unknown;
  readonly place?: unknown;
  readonly service?: unknown;
  readonly publishedAt?: unknown;
}

export const poolList = h('div', { id: 'pool' });

export function loadPool(): Promise<void> {
  return api<{ pool?: unknown }>('GET', '/team/pool').then((data) => render(list<Wish>(data?.pool)), failed);
}

function card(wish: Wish): HTMLLIElement {
  const id = loc(wish.id);
  const button = busyButton(
    { class: 'inline', text: t('claim') },
    () =>
      api('POST', `/team/pool/${encodeURIComponent(id)}/claim`).then(() => {
        flash(t('claimed'));
        return session.load(false);
      }),
    (error) => {
      if (codeOf(error) !== 'WISH_TAKEN') return refused(error);
      flash(t('claimLost'), true);
      return loadPool();
    },
  );
  return h(
    'li',
    { class: 'card', 'data-wish': id },
    h('h3', { text: loc(wish.text) }),
    h('p', { text: `${t('wisher')}${COLON}${loc(wish.wisher)} · ${loc(wish.place)}` }),
    h('p', { text: `${loc(wish.service)} · ${when(wish.publishedAt)}` }),
    h('div', { class: 'actions' }, button),
  );
}

function render(pool: readonly Wish[]): void {
  clear(poolList);
  if (!pool.length) {
    poolList.appendChild(h('p', { text: t('noPool') }));
    return;
  }
  add(poolList, h('ul', { class: 'cards' }, pool.map(card)));
}

/**
 * On a claimed wish among the orders: give it up, back on the wall, where anyone may claim it and
 * the team no longer sees the wisher. Its own section, apart from the completion report's button,
 * and asked once more first, as the volunteer's own page does (my-claims.ts).
 */
export function giveUpSection(requestId: string): HTMLElement {
  const box = h('div', {});
  const headingId = nextId('give-up');
  const giveUp = () =>
    api('POST', `/team/claims/${encodeURIComponent(requestId)}/give-up`).then(() => {
      flash(t('givenUp'));
      return session.load(false);
    });
  const words = { title: t('giveUpConfirm'), hint: t('giveUpConfirmHint'), yes: t('giveUpYes'), no: t('giveUpNo') };
  return h(
    'div',
    // A group, not a landmark: one per claim, every one named alike.
    { class: 'give-up', role: 'group', 'aria-labelledby': headingId },
    h('h4', { id: headingId, text: t('giveUpTitle') }),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'inline secondary', text: t('giveUp'), onclick: () => askFirst(box, words, giveUp, refused) }),
    ),
    box,
  );
}
