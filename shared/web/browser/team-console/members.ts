/**
 * The team's members, for its leader: the registered volunteers in the team (name, masked
 * phone), removed with one tap, and the invitations waiting for an answer (masked phone, until
 * when), withdrawn with one tap. A phone is invited, never added: the person joins by accepting
 * on their own page. Members' names feed the completion form's suggestions, and a row naming a
 * member exactly credits that person.
 */
import { add, clear, field, h } from '../common/dom';
import { COLON, list, loc, when } from '../common/texts';
import { api, failed, flash } from './context';
import { t } from './texts';

interface Member {
  readonly id?: unknown;
  readonly name?: unknown;
  readonly phone?: unknown;
}

interface Invitation {
  readonly id?: unknown;
  readonly phone?: unknown;
  readonly expiresAt?: unknown;
}

export const membersList = h('div', { id: 'members' });
/** The members' names for the completion rows (`<input list="member-names">`). */
export const memberNames = h('datalist', { id: 'member-names' });
let members: readonly Member[] = [];
let invitations: readonly Invitation[] = [];

/** The member a completion row names, when exactly one member has that name. */
export function memberNamed(name: string): string | undefined {
  const found = members.filter((m) => loc(m.name) === name);
  return found.length === 1 ? loc(found[0]!.id) : undefined;
}

export function loadMembers(): Promise<void> {
  return api<{ members?: unknown; invitations?: unknown }>('GET', '/team/members').then((data) => {
    members = list<Member>(data?.members);
    invitations = list<Invitation>(data?.invitations);
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
        api<{ sms?: unknown }>('POST', '/team/members', { phone: phone.value.trim() }).then((answer) => {
          flash(t(answer?.sms === 'queued' ? 'memberInvited' : 'memberInvitedNoSms'));
          return loadMembers();
        }, failed);
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
  const waiting = invitations.map((i) =>
    h(
      'li',
      { 'data-invitation': loc(i.id) },
      `${loc(i.phone)}${COLON}${t('invitedUntil')} ${when(i.expiresAt)} `,
      h('button', {
        type: 'button',
        class: 'inline secondary',
        text: t('withdrawInvitation'),
        onclick: () =>
          api('DELETE', `/team/invitations/${encodeURIComponent(loc(i.id))}`).then(() => {
            flash(t('invitationWithdrawn'));
            return loadMembers();
          }, failed),
      }),
    ),
  );
  add(membersList, [
    items.length ? h('ul', { class: 'members' }, items) : h('p', { text: t('noMembers') }),
    ...(waiting.length ? [h('h3', { text: t('invitationsTitle') }), h('ul', { class: 'members', id: 'invitations' }, waiting)] : []),
    form,
  ]);
}
