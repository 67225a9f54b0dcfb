/** Teams: list, create (the token shown once), edit, pause and resume, a new token (asked first: the old one stops working). */
import { add, busyButton, clear, field, h, nextId } from '../common/dom';
import { LANG, list, loc, num } from '../common/texts';
import { api, failed, flash, newView, view } from './context';
import { areaName, areaPath, areaSelect, dl, query, serviceList, serviceName } from './names';
import { t } from './texts';

interface Team {
  readonly id: string;
  readonly name?: { readonly zh?: unknown; readonly en?: unknown };
  readonly paused?: unknown;
  readonly stationAreaId?: unknown;
  readonly servesAreaId?: string;
  readonly active?: unknown;
  readonly capacity?: unknown;
  readonly handles?: unknown;
  readonly services?: unknown;
  readonly channels?: unknown;
  readonly about?: unknown;
}

export function showTeams(): void {
  newView(t('teamsTitle'));
  const area = areaSelect('area', '', false, t('all'));
  const results = h('div', { id: 'team-list' });
  const form = h(
    'form',
    {
      class: 'filters',
      onsubmit: (e) => {
        e.preventDefault();
        load();
      },
    },
    field(t('area'), area).cell,
    h('div', { class: 'cell' }, h('button', { type: 'submit', class: 'inline', text: t('show') })),
  );
  add(view, [form, createTeamForm(() => load()), results]);
  /** The first page of teams, and "load more" for each next page while the API says there are more. */
  function load() {
    clear(results).appendChild(h('p', { text: t('loading') }));
    const cards = h('ul', { class: 'cards' });
    const more = h('div', { class: 'actions' });
    const page = (after: string): Promise<void> =>
      api<{ teams?: unknown; next?: unknown }>('GET', `/admin/teams${query({ area: area.value, after })}`).then((data) => {
        const teams = list<Team>(data?.teams);
        if (!after) {
          clear(results);
          if (!teams.length) {
            results.appendChild(h('p', { text: t('noTeams') }));
            return;
          }
          add(results, [cards, more]);
        }
        add(
          cards,
          teams.map((team) => {
            const li = h('li', { class: 'card', 'data-team': loc(team.id) });
            teamCard(li, team);
            return li;
          }),
        );
        const next = typeof data?.next === 'string' ? data.next : '';
        clear(more);
        if (next)
          add(
            more,
            busyButton({ class: 'secondary', id: 'load-more-teams', text: t('loadMore') }, () => page(next), failed),
          );
      });
    page('').catch((e: unknown) => {
      clear(results);
      failed(e);
    });
  }
  load();
}

/** The token of a new team or a new token: shown once, here. */
function showToken(box: HTMLElement, data: { token?: unknown } | null): void {
  clear(box);
  add(box, [h('p', { text: t('tokenShown') }), h('code', { class: 'token', text: loc(data?.token) })]);
}

function teamCard(li: HTMLElement, team: Team): void {
  clear(li);
  const tokenBox = h('div', {});
  const act = (path: 'pause' | 'resume' | 'token', message: string) => {
    api<Team & { token?: unknown }>('POST', `/admin/teams/${encodeURIComponent(team.id)}/${path}`).then((data) => {
      if (path === 'token') {
        showToken(tokenBox, data);
        flash(message);
        return;
      }
      teamCard(li, data || team);
      flash(message);
    }, failed);
  };
  add(li, [
    h(
      'h3',
      {},
      loc(team.name),
      ' ',
      h('span', { class: `badge${team.paused ? ' warn' : ' ok'}`, text: team.paused ? t('paused') : t('taking') }),
    ),
    dl([
      [t('teamId'), loc(team.id)],
      [t('station'), areaPath(team.stationAreaId)],
      [t('serves'), areaPath(team.servesAreaId) || areaName(team.servesAreaId)],
      [t('capacity'), t('load', { active: num(team.active), capacity: num(team.capacity) })],
      [
        t('handles'),
        list(team.handles)
          .map(serviceName)
          .join(LANG === 'zh' ? '、' : ', '),
      ],
      [t('channels'), t('channelsCount', { n: list(team.channels).length })],
      [t('about'), loc(team.about)],
    ]),
    h(
      'div',
      { class: 'actions' },
      team.paused
        ? h('button', { type: 'button', class: 'inline', text: t('resume'), onclick: () => act('resume', t('resumed')) })
        : h('button', { type: 'button', class: 'inline secondary', text: t('pause'), onclick: () => act('pause', t('pausedDone')) }),
      h('button', { type: 'button', class: 'inline secondary', text: t('newToken'), onclick: () => confirmNewToken(tokenBox, act) }),
      h('button', { type: 'button', class: 'inline secondary', text: t('edit'), onclick: () => editTeam(li, team) }),
    ),
    tokenBox,
  ]);
}

/**
 * A new token replaces the team's working one at once (the team must paste the new one), so the
 * button first asks, and only the confirmation issues it.
 */
function confirmNewToken(box: HTMLElement, act: (path: 'token', message: string) => void): void {
  clear(box);
  const headingId = nextId('new-token');
  add(
    box,
    h(
      'div',
      { role: 'group', 'aria-labelledby': headingId },
      h('p', { id: headingId, text: t('newTokenConfirm') }),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', class: 'inline danger', text: t('newTokenYes'), onclick: () => act('token', t('newTokenIssued')) }),
        h('button', { type: 'button', class: 'inline secondary', text: t('newTokenNo'), onclick: () => clear(box) }),
      ),
    ),
  );
  box.querySelector('button')?.focus();
}

function serviceChecks(chosen: readonly unknown[]): HTMLFieldSetElement {
  return h(
    'fieldset',
    {},
    h('legend', { text: t('handles') }),
    serviceList.map((s) => {
      const id = nextId('svc');
      return h(
        'div',
        { class: 'choice' },
        h('input', { type: 'checkbox', id, name: 'services', value: s.code, checked: chosen.indexOf(s.code) >= 0 }),
        h('label', { for: id, text: loc(s.name) }),
      );
    }),
  );
}

function checked(form: HTMLFormElement): string[] {
  return Array.from(form.querySelectorAll<HTMLInputElement>('input[name=services]:checked'), (i) => i.value);
}

function editTeam(li: HTMLElement, team: Team): void {
  clear(li);
  const nameZh = h('input', { type: 'text', name: 'nameZh', value: loc(team.name?.zh), maxlength: 100 });
  const nameEn = h('input', { type: 'text', name: 'nameEn', value: loc(team.name?.en), maxlength: 100 });
  const capacity = h('input', { type: 'number', name: 'capacity', min: 1, max: 1000, value: num(team.capacity) });
  const serves = areaSelect('servesAreaId', team.servesAreaId ?? '', false, t('chooseArea'));
  const about = h('textarea', { name: 'about', rows: 2, maxlength: 500 });
  about.value = loc(team.about);
  const form: HTMLFormElement = h(
    'form',
    {
      onsubmit: (e) => {
        e.preventDefault();
        const changes: Record<string, unknown> = {
          name: { zh: nameZh.value.trim(), en: nameEn.value.trim() },
          capacity: Number(capacity.value),
          servesAreaId: serves.value,
          services: checked(form),
        };
        // Sent when there is text or was: emptying the box clears it (the API stores it empty).
        if (about.value.trim() || loc(team.about)) changes.about = about.value.trim();
        api<Team>('PATCH', `/admin/teams/${encodeURIComponent(team.id)}`, changes).then((data) => {
          teamCard(li, data || team);
          flash(t('saved'));
        }, failed);
      },
    },
    h('h3', { text: loc(team.name) }),
    field(t('nameZh'), nameZh).cell,
    field(t('nameEn'), nameEn).cell,
    field(t('capacity'), capacity).cell,
    field(t('serves'), serves).cell,
    serviceChecks(list(team.services)),
    field(t('about'), about).cell,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'inline', text: t('save') }),
      h('button', { type: 'button', class: 'inline secondary', text: t('close'), onclick: () => teamCard(li, team) }),
    ),
  );
  add(li, form);
}

function createTeamForm(done: () => void): HTMLDetailsElement {
  const id = h('input', { type: 'text', name: 'id', maxlength: 40, autocomplete: 'off', pattern: '[a-z0-9-]{2,40}' });
  const nameZh = h('input', { type: 'text', name: 'nameZh', maxlength: 100 });
  const nameEn = h('input', { type: 'text', name: 'nameEn', maxlength: 100 });
  const station = areaSelect('stationAreaId', '', true, t('chooseArea'));
  const serves = areaSelect('servesAreaId', '', false, t('chooseArea'));
  const capacity = h('input', { type: 'number', name: 'capacity', min: 1, max: 1000, value: 5 });
  const email = h('input', { type: 'email', name: 'email', maxlength: 200, autocomplete: 'off' });
  const tokenBox = h('div', {});
  const form: HTMLFormElement = h(
    'form',
    {
      id: 'create-team',
      novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        const team: Record<string, unknown> = {
          id: id.value.trim(),
          name: { zh: nameZh.value.trim(), en: nameEn.value.trim() || nameZh.value.trim() },
          stationAreaId: station.value,
          servesAreaId: serves.value || station.value,
          services: checked(form),
          categories: [],
          capacity: Number(capacity.value),
        };
        if (email.value.trim()) team.channels = [{ kind: 'email', address: email.value.trim() }];
        api<{ token?: unknown }>('POST', '/admin/teams', team).then((data) => {
          showToken(tokenBox, data);
          flash(t('createdTeam'));
          form.reset();
          done();
        }, failed);
      },
    },
    field(t('teamId'), id, t('idHint')).cell,
    field(t('nameZh'), nameZh).cell,
    field(t('nameEn'), nameEn).cell,
    field(t('station'), station).cell,
    field(t('serves'), serves).cell,
    field(t('capacity'), capacity).cell,
    serviceChecks([]),
    field(t('email'), email).cell,
    h('button', { type: 'submit', text: t('create') }),
  );
  return h('details', {}, h('summary', { text: t('createTitle') }), form, tokenBox);
}
