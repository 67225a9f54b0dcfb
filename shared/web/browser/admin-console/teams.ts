/** Teams: list, create (the token shown once), edit, pause and resume, a new token (asked first: the old one stops working). */
import { add, askFirst, busyButton, clear, field, h, nextId, submitOnce } from '../common/dom';
import { latestRead } from '../common/latest';
import { COLON, LANG, list, loc, num } from '../common/texts';
import { api, failed, flash, newView, view } from './context';
import { areaName, areaPath, areaSelect, dl, query, serviceList, serviceName, staffArea } from './names';
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
  const ticket = latestRead();
  /** The first page of teams, and "load more" for each next page while the API says there are more. */
  function load() {
    const wanted = ticket();
    clear(results).appendChild(h('p', { text: t('loading') }));
    const cards = h('ul', { class: 'cards' });
    const more = h('div', { class: 'actions' });
    // Every "load more" continues the list shown: its area as asked, not the box as edited since.
    const shown = area.value;
    const page = (after: string): Promise<void> =>
      api<{ teams?: unknown; next?: unknown }>('GET', `/admin/teams${query({ area: shown, after })}`).then((data) => {
        if (!wanted()) return;
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
      if (!wanted()) return;
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
  const act = (path: 'pause' | 'resume', message: string) => {
    api<Team>('POST', `/admin/teams/${encodeURIComponent(team.id)}/${path}`).then((data) => {
      teamCard(li, data || team);
      flash(message);
    }, failed);
  };
  const newToken = () =>
    api<{ token?: unknown }>('POST', `/admin/teams/${encodeURIComponent(team.id)}/token`).then((data) => {
      showToken(tokenBox, data);
      flash(t('newTokenIssued'));
    });
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
      [t('serves'), servedArea(team)],
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
      h('button', {
        type: 'button',
        class: 'inline secondary',
        text: t('newToken'),
        onclick: () => askFirst(tokenBox, newTokenWords(), newToken, failed),
      }),
      h('button', { type: 'button', class: 'inline secondary', text: t('edit'), onclick: () => editTeam(li, team) }),
    ),
    tokenBox,
  ]);
}

/**
 * A new token replaces the team's working one at once (the team must paste the new one), so the
 * button first asks (`askFirst`), and only the confirmation issues it, once per tap.
 */
const newTokenWords = () => ({ title: t('newTokenConfirm'), hint: t('newTokenConfirmHint'), yes: t('newTokenYes'), no: t('newTokenNo') });

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

function servedArea(team: Team): string {
  return areaPath(team.servesAreaId) || areaName(team.servesAreaId);
}

const sameSet = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x) => b.indexOf(x) >= 0);

/**
 * The edit form. Only what staff changed is sent (the PATCH is partial), so a field they cannot
 * set is never sent back: a served area above their own (a street's team edited by its community's
 * station, a city-wide team by a county center) is shown as text, the center's to change.
 */
function editTeam(li: HTMLElement, team: Team): void {
  clear(li);
  const nameZh = h('input', { type: 'text', name: 'nameZh', value: loc(team.name?.zh), maxlength: 100 });
  const nameEn = h('input', { type: 'text', name: 'nameEn', value: loc(team.name?.en), maxlength: 100 });
  const capacity = h('input', { type: 'number', name: 'capacity', min: 1, max: 1000, value: num(team.capacity) });
  const servesAt = team.servesAreaId ?? '';
  let serves: HTMLSelectElement | undefined;
  const servesCell = h('div', { class: 'cell' }, h('p', { text: t('serves') + COLON + servedArea(team) }));
  staffArea().then(
    (own) => {
      if (servesAt && servesAt.indexOf(own) !== 0) {
        add(servesCell, h('p', { class: 'hint', id: 'serves-above', text: t('servesAboveYours') }));
        return;
      }
      serves = areaSelect('servesAreaId', servesAt, false, t('chooseArea'));
      servesCell.replaceWith(field(t('serves'), serves).cell);
    },
    // Not known: the area stays as text, and so is not sent.
    () => undefined,
  );
  const about = h('textarea', { name: 'about', rows: 2, maxlength: 500 });
  about.value = loc(team.about);
  const save: HTMLButtonElement = h('button', { type: 'submit', class: 'inline', text: t('save') });
  const form: HTMLFormElement = h(
    'form',
    {
      onsubmit: submitOnce(
        save,
        () => {
          const changes: Record<string, unknown> = {};
          const name = { zh: nameZh.value.trim(), en: nameEn.value.trim() };
          if (name.zh !== loc(team.name?.zh) || name.en !== loc(team.name?.en)) changes.name = name;
          if (capacity.value !== String(num(team.capacity))) changes.capacity = Number(capacity.value);
          if (serves && serves.value !== servesAt) changes.servesAreaId = serves.value;
          const services = checked(form);
          if (!sameSet(services, list(team.services))) changes.services = services;
          // Emptying the box clears it (the API stores it empty).
          if (about.value.trim() !== loc(team.about)) changes.about = about.value.trim();
          if (!Object.keys(changes).length) {
            teamCard(li, team);
            flash(t('nothingChanged'));
            return undefined;
          }
          return api<Team>('PATCH', `/admin/teams/${encodeURIComponent(team.id)}`, changes).then((data) => {
            teamCard(li, data || team);
            flash(t('saved'));
          });
        },
        failed,
      ),
    },
    h('h3', { text: loc(team.name) }),
    field(t('nameZh'), nameZh).cell,
    field(t('nameEn'), nameEn).cell,
    field(t('capacity'), capacity).cell,
    servesCell,
    serviceChecks(list(team.services)),
    field(t('about'), about).cell,
    h(
      'div',
      { class: 'actions' },
      save,
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
  // One team per tap: a double click would make it and then say its id is taken.
  const submit: HTMLButtonElement = h('button', { type: 'submit', text: t('create') });
  const form: HTMLFormElement = h(
    'form',
    {
      id: 'create-team',
      novalidate: true,
      onsubmit: submitOnce(
        submit,
        () => {
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
          return api<{ token?: unknown }>('POST', '/admin/teams', team).then((data) => {
            showToken(tokenBox, data);
            flash(t('createdTeam'));
            form.reset();
            done();
          });
        },
        failed,
      ),
    },
    field(t('teamId'), id, t('idHint')).cell,
    field(t('nameZh'), nameZh).cell,
    field(t('nameEn'), nameEn).cell,
    field(t('station'), station).cell,
    field(t('serves'), serves).cell,
    field(t('capacity'), capacity).cell,
    serviceChecks([]),
    field(t('email'), email).cell,
    submit,
  );
  return h('details', {}, h('summary', { text: t('createTitle') }), form, tokenBox);
}
