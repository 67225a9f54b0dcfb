/**
 * The request queue (filters, list page by page) and one request (detail, answers, timeline, and
 * the actions its status allows: `request-actions.ts`; reassigning is in the API only).
 */
import { requestStatuses } from '#shared/domain/request-state';
import type { Channel } from '#shared/domain/service-request';
import { answerRows } from '../common/answers';
import { add, busyButton, type Child, clear, field, h, select } from '../common/dom';
import { latestRead } from '../common/latest';
import { COLON, list, loc, num, trackingCode, when } from '../common/texts';
import { api, failed, flash, go, newView, view } from './context';
import { areaPath, areaSelect, dateInput, dl, query, serviceName, serviceSelect, statusText } from './names';
import { showProxyOrder } from './proxy-order';
import { requestActions } from './request-actions';
import { t } from './texts';

interface RequestItem {
  readonly id?: unknown;
  readonly status?: unknown;
  readonly trackingCode?: unknown;
  readonly serviceCode?: unknown;
  readonly areaId?: unknown;
  readonly urgency?: unknown;
  readonly overdue?: unknown;
  readonly createdAt?: unknown;
  readonly team?: unknown;
  readonly resident?: { readonly name?: unknown; readonly phone?: unknown };
}

interface RequestDetail {
  readonly request?: {
    readonly status?: unknown;
    readonly trackingCode?: unknown;
    readonly serviceCode?: unknown;
    readonly areaId?: unknown;
    readonly urgency?: unknown;
    readonly channel?: unknown;
    readonly version?: unknown;
    readonly createdAt?: unknown;
    readonly updatedAt?: unknown;
    readonly description?: unknown;
    readonly detailsUnavailable?: unknown;
    readonly anonymisedAt?: unknown;
    readonly preferredTime?: unknown;
    readonly contact?: { readonly name?: unknown; readonly phone?: unknown; readonly address?: unknown };
    readonly assignedTeam?: { readonly name?: unknown };
    readonly offer?: { readonly teamName?: unknown; readonly teamId?: unknown; readonly deadline?: unknown };
    readonly completion?: { readonly completedAt?: unknown; readonly note?: unknown; readonly hours?: unknown };
    readonly earlierCompletions?: unknown;
    readonly rating?: { readonly stars?: unknown; readonly comment?: unknown };
  };
  readonly answers?: unknown;
  readonly overdue?: unknown;
  readonly timeline?: unknown;
  readonly candidates?: unknown;
}

interface EarlierCompletion {
  readonly completedAt?: unknown;
  readonly team?: { readonly name?: unknown };
  readonly hours?: unknown;
}

interface TimelineEntry {
  readonly at?: unknown;
  readonly actor?: unknown;
  readonly message?: unknown;
  readonly detail?: unknown;
}

let filters = { status: '', area: '', service: '', from: '', to: '', overdue: '' };

export function showRequests(): void {
  newView(t('requestsTitle'));
  const status = select(
    'status',
    [{ value: '', label: t('all') }, ...requestStatuses.map((s) => ({ value: s, label: statusText(s) }))],
    filters.status,
  );
  const area = areaSelect('area', filters.area, false, t('all'));
  const service = serviceSelect('service', filters.service);
  // Dates staff chose are sent; until then the fields show the period the list was read for (the
  // API's default: 30 days, for open requests twelve months), and a new filter leaves it to the API.
  const from = periodInput('from', filters.from);
  const to = periodInput('to', filters.to);
  const overdue = select(
    'overdue',
    [
      { value: '', label: t('all') },
      { value: 'true', label: t('overdueOnly') },
      { value: 'false', label: t('notOverdue') },
    ],
    filters.overdue,
  );
  const results = h('div', { id: 'request-list' });
  const ticket = latestRead();
  const read = () => {
    filters = {
      status: status.value,
      area: area.value,
      service: service.value,
      from: chosen(from),
      to: chosen(to),
      overdue: overdue.value,
    };
    load();
  };
  const form = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      'aria-label': t('filter'),
      onsubmit: (e) => {
        e.preventDefault();
        read();
      },
    },
    field(t('status'), status).cell,
    field(t('area'), area).cell,
    field(t('service'), service).cell,
    field(t('from'), from).cell,
    field(t('to'), to).cell,
    field(t('overdue'), overdue).cell,
    h('div', { class: 'cell' }, h('button', { type: 'submit', class: 'inline', text: t('filter') })),
  );
  const quick = h(
    'div',
    { class: 'actions' },
    h('button', {
      type: 'button',
      class: 'secondary',
      text: t('quickEscalated'),
      onclick: () => {
        status.value = 'ESCALATED';
        overdue.value = '';
        forget(from, to);
        read();
      },
    }),
    h('button', {
      type: 'button',
      class: 'secondary',
      text: t('quickOverdue'),
      onclick: () => {
        status.value = '';
        overdue.value = 'true';
        forget(from, to);
        read();
      },
    }),
  );
  const period = h('p', { id: 'request-period', class: 'hint' });
  // 代点单 for a resident on the phone or at the counter: first, where staff look.
  const proxy = h(
    'div',
    { class: 'actions' },
    h('button', { type: 'button', id: 'proxy-order', text: t('proxyOrder'), onclick: showProxyOrder }),
  );
  add(view, [proxy, form, quick, period, results]);
  /**
   * The first page of the queue (newest first; an overdue list oldest first, the longest waiting on
   * top), and "load more" for each next page while the API says there are more.
   */
  function load() {
    const wanted = ticket();
    clear(results).appendChild(h('p', { text: t('loading') }));
    period.textContent = '';
    const order = filters.overdue === 'true' ? 'oldest' : '';
    const count = h('p', { id: 'request-count' });
    const cards = h('ul', { class: 'cards' });
    const more = h('div', { class: 'actions' });
    let shown = 0;
    const page = (after: string): Promise<void> =>
      api<{ requests?: unknown; period?: { from?: unknown; to?: unknown }; truncated?: unknown; next?: unknown }>(
        'GET',
        `/admin/requests${query({ ...filters, order, after })}`,
      ).then((data) => {
        if (!wanted()) return;
        const rows = list<RequestItem>(data?.requests);
        if (!after) {
          showPeriod(data?.period, from, to, period);
          clear(results);
          if (!rows.length) {
            results.appendChild(h('p', { text: t('noRequests') }));
            return;
          }
          add(results, [count, cards, more]);
        }
        add(cards, rows.map(requestCard));
        shown += rows.length;
        const next = data?.truncated && typeof data.next === 'string' ? data.next : '';
        // A total only once the last page is here; before, how many are shown and that there are more.
        count.textContent = t(next ? 'requestsShown' : 'requestCount', { n: shown });
        clear(more);
        if (next)
          add(
            more,
            busyButton({ class: 'secondary', id: 'load-more', text: t('loadMore') }, () => page(next), failed),
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

/** A date field of the period: `value` is one staff chose (kept across visits), marked so until the quick filters forget it. */
function periodInput(name: 'from' | 'to', value: string): HTMLInputElement {
  const input = dateInput(name, value);
  if (value) input.dataset.chosen = 'yes';
  input.addEventListener('change', () => {
    input.dataset.chosen = 'yes';
  });
  return input;
}

const chosen = (input: HTMLInputElement) => (input.dataset.chosen ? input.value : '');

function forget(...inputs: HTMLInputElement[]): void {
  for (const input of inputs) delete input.dataset.chosen;
}

/** The period the API read (its default or the one asked), in the date fields and in words. */
function showPeriod(
  got: { from?: unknown; to?: unknown } | undefined,
  from: HTMLInputElement,
  to: HTMLInputElement,
  line: HTMLElement,
): void {
  if (typeof got?.from !== 'string' || typeof got.to !== 'string') return;
  from.value = got.from;
  to.value = got.to;
  line.textContent = t('requestPeriod', { from: got.from, to: got.to });
}

function requestCard(r: RequestItem): HTMLLIElement {
  const resident = r.resident || {};
  return h(
    'li',
    { class: 'card', 'data-request': loc(r.id), 'data-status': loc(r.status) },
    h('h3', { text: `${trackingCode(r.trackingCode)} ${serviceName(r.serviceCode)}` }),
    h(
      'p',
      {},
      h('span', { class: 'badge', text: statusText(r.status) }),
      r.overdue ? h('span', { class: 'badge warn', text: t('overdueBadge') }) : null,
      r.urgency === 'urgent' ? h('span', { class: 'badge warn', text: t('urgentBadge') }) : null,
    ),
    h('p', { text: areaPath(r.areaId) }),
    h('p', { text: t('created') + COLON + when(r.createdAt) + (r.team ? ` · ${t('team')}${COLON}${loc(r.team)}` : '') }),
    h('p', { text: `${t('resident')}${COLON}${loc(resident.name)} ${loc(resident.phone)}` }),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'inline', text: t('open'), onclick: () => go(`#request/${loc(r.id)}`) }),
    ),
  );
}

// One request

export function showDetail(id: string): void {
  newView(t('detailTitle'));
  const body = h('div', {}, h('p', { text: t('loading') }));
  add(view, [
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', text: t('back'), onclick: () => go('#requests') })),
    body,
  ]);
  api<RequestDetail>('GET', `/admin/requests/${encodeURIComponent(id)}`).then(
    (d) => renderDetail(id, d || {}, body),
    (e) => {
      clear(body);
      failed(e);
    },
  );
}

/** Each volunteer's minutes of a completion report. */
function minutesList(hours: unknown): HTMLUListElement {
  return h(
    'ul',
    {},
    list<{ volunteer?: unknown; minutes?: unknown }>(hours).map((x) =>
      h('li', { text: t('minutesOf', { volunteer: loc(x.volunteer), minutes: num(x.minutes) }) }),
    ),
  );
}

function renderDetail(id: string, d: RequestDetail, body: HTMLElement): void {
  const r = d.request || {};
  const contact = r.contact || {};
  const phone = loc(contact.phone);
  const completion = r.completion;
  const earlier = list<EarlierCompletion>(r.earlierCompletions);
  clear(body);
  add(body, [
    h('h3', { text: `${trackingCode(r.trackingCode)} ${serviceName(r.serviceCode)}` }),
    h(
      'p',
      {},
      h('span', { class: 'badge', id: 'detail-status', text: statusText(r.status) }),
      d.overdue ? h('span', { class: 'badge warn', text: t('overdueBadge') }) : null,
    ),
    dl([
      [t('area'), areaPath(r.areaId)],
      [t('urgency'), r.urgency === 'urgent' ? t('urgent') : t('normal')],
      // Every channel's key is a text key (checked here at compile time, and by a unit test).
      [t('channel'), r.channel ? t(`channel_${r.channel as Channel}`) : ''],
      [t('created'), when(r.createdAt)],
      [t('updated'), when(r.updatedAt)],
      // Anonymised (the retention rule, or erased on request): one line says so instead of empty fields.
      ...(r.anonymisedAt
        ? [[t('contact'), t('personalDataRemoved', { at: when(r.anonymisedAt) })] as [string, Child]]
        : ([
            [t('contact'), loc(contact.name)],
            [t('phone'), phone ? h('a', { href: `tel:${phone.replace(/[^0-9+]/g, '')}`, text: phone }) : ''],
            [t('address'), loc(contact.address)],
            [t('description'), h('span', { class: 'pre', text: r.detailsUnavailable ? t('detailsUnavailable') : loc(r.description) })],
          ] as [string, Child][])),
      // The answers to the service's own fields, each under its label.
      ...answerRows(d.answers).map(([label, value]): [string, Child] => [label, h('span', { class: 'pre', text: value })]),
      [t('preferredTime'), loc(r.preferredTime)],
      [t('team'), r.assignedTeam ? loc(r.assignedTeam.name) : ''],
      [
        t('offer'),
        r.status === 'OFFERED' && r.offer
          ? t('offerTo', { team: loc(r.offer.teamName || r.offer.teamId), deadline: when(r.offer.deadline) })
          : '',
      ],
      [
        t('completion'),
        completion
          ? [when(completion.completedAt), completion.note ? ` · ${loc(completion.note)}` : '', minutesList(completion.hours)]
          : '',
      ],
      [
        t('earlierCompletions'),
        earlier.length
          ? earlier.map((c) => h('div', {}, when(c.completedAt), c.team ? ` · ${loc(c.team.name)}` : '', minutesList(c.hours)))
          : '',
      ],
      [t('rating'), r.rating ? '★'.repeat(num(r.rating.stars)) + (r.rating.comment ? ` ${loc(r.rating.comment)}` : '') : ''],
    ]),
    h('h3', { text: t('timeline') }),
    h(
      'ol',
      { class: 'timeline' },
      list<TimelineEntry>(d.timeline).map((e) =>
        h(
          'li',
          {},
          h('time', { datetime: loc(e.at), text: when(e.at) }),
          ' · ',
          t(`actor_${e.actor}`),
          h('br'),
          loc(e.message),
          e.detail ? h('span', { class: 'hint' }, h('br'), loc(e.detail)) : null,
        ),
      ),
    ),
  ]);
  add(
    body,
    requestActions(
      { id, status: r.status, version: r.version, anonymised: !!r.anonymisedAt },
      d.candidates,
      (message) => reload(id, body, message),
      {
        teamHeld: !!r.assignedTeam,
        hours: completion?.hours,
      },
    ),
  );
}

function reload(id: string, body: HTMLElement, message: string): Promise<void> {
  return api<RequestDetail>('GET', `/admin/requests/${encodeURIComponent(id)}`).then((d) => {
    renderDetail(id, d || {}, body);
    flash(message);
  }, failed);
}
