/**
 * The team console's script (bundled by scripts/build-web.ts into the page, allowed by its
 * hash): sign in by pasting the team token, then the open offers (accept, decline with a
 * reason) and the accepted orders with the resident's contact and the completion report.
 */
import { answersList } from '../common/answers';
import { add, busyButton, clear, field, h, select } from '../common/dom';
import { COLON, LANG, list, loc, when } from '../common/texts';
import { completionForm } from './completion';
import { loadMembers, memberNames, membersList } from './members';
import { giveUpSection, loadPool, poolList } from './pool';
import { api, app, failed, flash, flashNode, refused, session, store } from './context';
import { t } from './texts';

interface Item {
  readonly requestId?: unknown;
  readonly areaNames?: unknown;
  readonly service?: { readonly name?: unknown };
  readonly urgency?: unknown;
  readonly deadline?: unknown;
  readonly preferredTime?: unknown;
  readonly description?: unknown;
  /** The description, preferred time and answers could not be read: not left blank by the resident. */
  readonly detailsUnavailable?: unknown;
  /** The answers to the service's own fields, labelled (see common/answers.ts). */
  readonly answers?: unknown;
  readonly resident?: { readonly name?: unknown; readonly phone?: unknown; readonly address?: unknown };
  readonly completable?: unknown;
  readonly claimDeadline?: unknown;
}

interface Offers {
  readonly team?: { readonly name?: unknown };
  readonly teamId?: unknown;
  readonly offers?: unknown;
}

const DECLINE_REASONS = ['busy', 'out-of-area', 'no-skill', 'other'] as const;

const teamLine = h('p', { class: 'status', id: 'team-name' });
const offersList = h('div', { id: 'offers' });
const ordersList = h('div', { id: 'orders' });

function showSignIn(message?: string): void {
  clear(app);
  const input = h('input', { type: 'password', name: 'token', autocomplete: 'off', spellcheck: 'false' });
  const f = field(t('tokenLabel'), input, t('tokenHint'));
  const form = h(
    'form',
    {
      id: 'sign-in',
      novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        const value = input.value.trim();
        if (!value) {
          flash(t('tokenMissing'), true);
          input.focus();
          return;
        }
        store.set(value);
        showWork();
      },
    },
    f.cell,
    h('button', { type: 'submit', text: t('signIn') }),
  );
  add(app, [h('h2', { text: t('signInTitle') }), h('p', { text: t('signInIntro') }), flashNode, form]);
  flash(message || '', Boolean(message));
  input.focus();
}

function signOut(): void {
  store.clear();
  showSignIn();
  flash(t('signedOut'));
}

function showWork(): void {
  clear(app);
  const bar = h(
    'div',
    { class: 'actions' },
    h('button', { type: 'button', class: 'secondary', onclick: () => load(true), text: t('refresh') }),
    h('button', { type: 'button', class: 'secondary', onclick: signOut, text: t('signOut') }),
  );
  add(app, [
    teamLine,
    bar,
    flashNode,
    h('section', { 'aria-labelledby': 'offers-h' }, h('h2', { id: 'offers-h', text: t('offersTitle') }), offersList),
    h('section', { 'aria-labelledby': 'orders-h' }, h('h2', { id: 'orders-h', text: t('ordersTitle') }), ordersList),
    h(
      'section',
      { 'aria-labelledby': 'pool-h' },
      h('h2', { id: 'pool-h', text: t('poolTitle') }),
      h('p', { text: t('poolIntro') }),
      poolList,
    ),
    h('section', { 'aria-labelledby': 'members-h' }, h('h2', { id: 'members-h', text: t('membersTitle') }), membersList),
    memberNames,
  ]);
  clear(offersList).appendChild(h('p', { text: t('loading') }));
  clear(ordersList);
  load(false);
}

function load(announce: boolean): Promise<void> {
  void loadMembers();
  void loadPool();
  return Promise.all([api<Offers>('GET', '/team/offers'), api<{ orders?: unknown }>('GET', '/team/orders')]).then(([offers, orders]) => {
    teamLine.textContent = t('signedInAs', { team: loc(offers?.team?.name) || loc(offers?.teamId) });
    renderOffers(list<Item>(offers?.offers));
    renderOrders(list<Item>(orders?.orders));
    if (announce) flash(t('loaded'));
  }, failed);
}

function summary(item: Item) {
  const areas = list(item.areaNames)
    .map(loc)
    .join(LANG === 'zh' ? '，' : ', ');
  return [
    h('h3', {}, loc(item.service?.name), ' ', item.urgency === 'urgent' ? h('span', { class: 'badge warn', text: t('urgent') }) : null),
    h('p', { text: t('area') + COLON + areas }),
    item.deadline ? h('p', { text: t('deadline') + COLON + when(item.deadline) }) : null,
    item.preferredTime ? h('p', { text: t('preferredTime') + COLON + loc(item.preferredTime) }) : null,
    h('p', { class: 'pre', text: t('description') + COLON + (item.detailsUnavailable ? t('detailsUnavailable') : loc(item.description)) }),
    answersList(item.answers),
  ];
}

function offerCard(offer: Item): HTMLLIElement {
  const id = loc(offer.requestId);
  const reason = select(
    'reason',
    DECLINE_REASONS.map((r) => ({ value: r, label: t(`reason_${r}`) })),
    'busy',
  );
  const note = h('input', { type: 'text', name: 'note', maxlength: 500 });
  const acceptButton = busyButton(
    { class: 'inline', text: t('accept') },
    () =>
      api('POST', `/offers/${encodeURIComponent(id)}/accept`).then(() => {
        flash(t('accepted'));
        return load(false);
      }),
    refused,
  );
  // Like accepting, one decline per tap: a double tap (or Enter, then a tap) sends it once.
  const declineButton = busyButton(
    { class: 'inline secondary', text: t('decline') },
    () => {
      const body: { reason: string; note?: string } = { reason: reason.value };
      if (note.value.trim()) body.note = note.value.trim();
      return api('POST', `/offers/${encodeURIComponent(id)}/decline`, body).then(() => {
        flash(t('declined'));
        return load(false);
      });
    },
    refused,
  );
  const declineForm = h(
    'form',
    {
      class: 'filters',
      onsubmit: (e) => {
        e.preventDefault();
        declineButton.click();
      },
    },
    field(t('reason'), reason).cell,
    field(t('declineNote'), note).cell,
    declineButton,
  );
  return h(
    'li',
    { class: 'card', 'data-request': id },
    summary(offer),
    h('p', { text: `${t('resident')}${COLON}${loc(offer.resident?.name)} ${loc(offer.resident?.phone)}` }),
    h('div', { class: 'actions' }, acceptButton),
    declineForm,
  );
}

function renderOffers(offers: readonly Item[]): void {
  clear(offersList);
  if (!offers.length) {
    offersList.appendChild(h('p', { text: t('noOffers') }));
    return;
  }
  add(offersList, h('ul', { class: 'cards' }, offers.map(offerCard)));
}

function orderCard(order: Item): HTMLLIElement {
  const resident = order.resident || {};
  const phone = loc(resident.phone);
  return h(
    'li',
    { class: 'card', 'data-request': loc(order.requestId) },
    summary(order),
    h(
      'p',
      {},
      `${t('resident')}${COLON}${loc(resident.name)} · ${t('phone')}${COLON}`,
      h('a', { href: `tel:${phone.replace(/[^0-9+]/g, '')}`, text: phone }),
    ),
    h('p', { text: t('address') + COLON + loc(resident.address) }),
    order.claimDeadline ? h('p', { text: t('claimDeadline') + COLON + when(order.claimDeadline) }) : null,
    order.completable === false ? null : completionForm(loc(order.requestId)),
    order.claimDeadline ? giveUpSection(loc(order.requestId)) : null,
  );
}

function renderOrders(orders: readonly Item[]): void {
  clear(ordersList);
  if (!orders.length) {
    ordersList.appendChild(h('p', { text: t('noOrders') }));
    return;
  }
  add(ordersList, h('ul', { class: 'cards' }, orders.map(orderCard)));
}

session.showSignIn = showSignIn;
session.load = load;

if (store.get()) showWork();
else showSignIn();
