/** An area's volunteers by month: new registrations, active volunteers, services, hours, hours per active volunteer. */
import { field, h } from '../common/dom';
import { list, loc, num } from '../common/texts';
import { api, failed } from './context';
import { areaSelect, query } from './names';
import { t } from './texts';

interface Month {
  readonly month?: unknown;
  readonly registered?: unknown;
  readonly active?: unknown;
  readonly services?: unknown;
  readonly hours?: unknown;
  readonly hoursPerActiveVolunteer?: unknown;
}

const columns = [
  ['registered', 'vsRegistered'],
  ['active', 'vsActive'],
  ['services', 'vsServices'],
  ['hours', 'vsHours'],
  ['hoursPerActiveVolunteer', 'vsHoursPerActive'],
] as const;

export function volunteerStatsSection(): HTMLDetailsElement {
  const area = areaSelect('area', '', false, t('myArea'));
  const out = h('div', { id: 'volunteer-stats' });
  const form = h(
    'form',
    {
      class: 'filters',
      onsubmit: (e) => {
        e.preventDefault();
        api<{ months?: unknown }>('GET', `/admin/volunteer-stats${query({ area: area.value })}`).then((stats) => {
          const months = list<Month>(stats?.months);
          out.replaceChildren(
            months.length
              ? h(
                  'div',
                  { class: 'table-wrap' },
                  h(
                    'table',
                    {},
                    h(
                      'thead',
                      {},
                      h(
                        'tr',
                        {},
                        h('th', { scope: 'col', text: t('vsMonth') }),
                        columns.map(([, label]) => h('th', { scope: 'col', class: 'num', text: t(label) })),
                      ),
                    ),
                    h(
                      'tbody',
                      {},
                      months.map((m) =>
                        h(
                          'tr',
                          {},
                          h('th', { scope: 'row', text: loc(m.month) }),
                          columns.map(([key]) => h('td', { class: 'num', text: String(num(m[key])) })),
                        ),
                      ),
                    ),
                  ),
                )
              : h('p', { text: t('noData') }),
          );
        }, failed);
      },
    },
    field(t('area'), area).cell,
    h('div', { class: 'cell' }, h('button', { type: 'submit', class: 'inline', text: t('show') })),
  );
  return h('details', {}, h('summary', { text: t('vsTitle') }), form, out);
}
