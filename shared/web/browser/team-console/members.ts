/**
 * The team's members, for its leader: the registered volunteers in the team (name, masked
 * phone), added by the phone the station registered, removed with one tap. Their names feed the
 * completion form's suggestions, and a row naming a member exactly credits that person.
 */
import { statusOf } from '../common/api';
import { add, clear, field, h } from '../common/dom';
import { COLON, list, loc } from '../common/texts';
import { api, failed, flash } from './context';
import { t } from './texts';

interface Member {
  readonly id?: unknown;
  readonly name?: unknown;
  readonly phone?: unknown;
}

export const membersList = h('div', { id: 'members' });
/** The members' names for the completion rows (`<input list="member-names">`). */
export const memberNames = h('datalist', { id: 'member-names' });
let members: readonly Member[] = [];

/** The member a completion row names, when exactly one member has that name. */
export function memberNamed(name: string): string | undefined {
  const found = members.filter((m) => loc(m.name) === name);
  return found.length === 1 ? loc(found[0]!.id) : undefined;
}

export function loadMembers(): Promise<void> {
  return api<{ members?: unknown }>('GET', '/team/members').then((data) => {
    members = list<Member>(data?.members);
    clear(memberNames);
    add(
      memberNames,
      members.map((m) => h('option', { value: loc(m.name) })),
    );
    render();
  }, failed);
}

function render(): void {
  clear(membersList);
  const phone = h('input', { type: 'tel', name: 'memberPhone', maxlength: 20, autocomplete: 'off' });
  const form = h(
    'form',
    {
      class: 'filters',
      id: 'add-member',
      onsubmit: (e) => {
        e.preventDefault();
        api('POST', '/team/members', { phone: phone.value.trim() }).then(
          () => {
            flash(t('memberAdded'));
            return loadMembers();
          },
          (error) => (statusOf(error) === 404 ? flash(t('memberNotRegistered'), true) : failed(error)),
        );
      },
    },
    field(t('memberPhone'), phone, t('memberPhoneHint')).cell,
    h('div', { class: 'cell' }, h('button', { type: 'submit', class: 'inline', text: t('addMember') })),
  );
  const items = members.map((m) =>
    h(
      'li',
      { 'data-member': loc(m.id) },
      `${loc(m.name)}${COLON}${loc(m.phone)} `,
      h('button', {
        type: 'button',
        class: 'inline secondary',
        text: t('removeMember'),
        onclick: () =>
          api('DELETE', `/team/members/${encodeURIComponent(loc(m.id))}`).then(() => {
            flash(t('memberRemoved'));
            return loadMembers();
          }, failed),
      }),
    ),
  );
  add(membersList, [items.length ? h('ul', { class: 'members' }, items) : h('p', { text: t('noMembers') }), form]);
}
