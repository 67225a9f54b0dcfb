/** The statistics dashboard: filters, KPIs, SVG charts with data tables, team load, the CSV export. */
import { add, clear, field, h, nextId } from '../common/dom';
import { latestRead } from '../common/latest';
import { list, loc, num, percent } from '../common/texts';
import { api, failed, newView, view } from './context';
import { download } from './download';
import { areaName, areaSelect, dateInput, query, serviceName, serviceSelect } from './names';
import { t } from './texts';

interface Totals {
  readonly [count: string]: unknown;
  readonly satisfaction?: { readonly meanStars?: unknown };
  readonly volunteers?: { readonly hours?: unknown; readonly points?: unknown };
  readonly wishes?: {
    readonly published?: unknown;
    readonly claimed?: unknown;
    readonly fulfilled?: unknown;
    readonly returned?: unknown;
    readonly unreviewed?: unknown;
  };
}

interface Report {
  readonly totals?: Totals;
  readonly period?: { readonly from?: unknown; readonly to?: unknown; readonly days?: unknown };
  readonly area?: { readonly name?: unknown };
  readonly service?: { readonly name?: unknown };
  readonly byService?: unknown;
  readonly byChildArea?: unknown;
  readonly byDay?: unknown;
  readonly byMonth?: unknown;
  readonly teamLoad?: TeamLoad;
  readonly recruitmentHints?: unknown;
}

interface TeamLoad {
  readonly acrossServices?: unknown;
  readonly teams?: unknown;
  readonly giniAcceptedPerCapacity?: unknown;
  readonly giniOffersPerCapacity?: unknown;
}

/** A point of the series: a day, or a month (periods longer than the API's daily series). */
interface Day {
  readonly day?: unknown;
  readonly month?: unknown;
  readonly requests?: unknown;
  readonly completed?: unknown;
}

interface Bar {
  readonly label: string;
  readonly value: number;
}

const count = (name: string) => (k: Totals) => num(k[name]);

const KPIS = [
  ['requests', count('requests')],
  ['dispatched', count('dispatched')],
  ['offers', count('offers')],
  ['accepted', count('accepted')],
  ['completed', count('completed')],
  ['closed', count('closed')],
  ['expired', count('expired')],
  ['unmet', count('unmet')],
  ['escalated', count('escalated')],
  ['cancelled', count('cancelled')],
  ['rejected', count('rejected')],
  ['onTimeAcceptanceRate', (k: Totals) => percent(k.onTimeAcceptanceRate)],
  ['onTimeCompletionRate', (k: Totals) => percent(k.onTimeCompletionRate)],
  [
    'meanStars',
    (k: Totals) => {
      const s = k.satisfaction?.meanStars;
      return typeof s === 'number' ? String(s) : '–';
    },
  ],
  ['hours', (k: Totals) => num(k.volunteers?.hours)],
  ['points', (k: Totals) => num(k.volunteers?.points)],
  ['wishesPublished', (k: Totals) => num(k.wishes?.published)],
  ['wishesClaimed', (k: Totals) => num(k.wishes?.claimed)],
  ['wishesFulfilled', (k: Totals) => num(k.wishes?.fulfilled)],
  ['wishesReturned', (k: Totals) => num(k.wishes?.returned)],
  ['wishesUnreviewed', (k: Totals) => num(k.wishes?.unreviewed)],
] as const;

/** The team load table's columns: the report's field and the heading's text. */
const LOAD_COLUMNS = [
  ['capacity', 'capacity'],
  ['offers', 'offers'],
  ['accepted', 'accepted'],
  ['takenBack', 'takenBack'],
  ['completed', 'completed'],
  ['declined', 'declined'],
  ['lapsed', 'lapsed'],
  ['acceptedPerCapacity', 'perCapacity'],
] as const;

let filters = { from: '', to: '', area: '', service: '' };

export function showStats(): void {
  newView(t('statsTitle'));
  const from = dateInput('from', filters.from);
  const to = dateInput('to', filters.to);
  const area = areaSelect('area', filters.area, false, t('all'));
  const service = serviceSelect('service', filters.service);
  const results = h('div', { id: 'stats' });
  const read = () => {
    filters = { from: from.value, to: to.value, area: area.value, service: service.value };
  };
  const form = h(
    'form',
    {
      class: 'filters',
      onsubmit: (e) => {
        e.preventDefault();
        read();
        load();
      },
    },
    field(t('from'), from).cell,
    field(t('to'), to).cell,
    field(t('area'), area).cell,
    field(t('service'), service).cell,
    h('div', { class: 'cell' }, h('button', { type: 'submit', class: 'inline', text: t('show_stats') })),
  );
  const exportButton = h('button', {
    type: 'button',
    class: 'secondary inline',
    id: 'export-csv',
    text: t('exportCsv'),
    onclick: () => {
      read();
      exportCsv();
    },
  });
  add(view, [form, h('div', { class: 'actions' }, exportButton), results]);
  const ticket = latestRead();
  function load() {
    const wanted = ticket();
    clear(results).appendChild(h('p', { text: t('loading') }));
    api<Report>('GET', `/admin/stats${query(filters)}`).then(
      (report) => {
        if (wanted()) renderStats(results, report || {});
      },
      (e) => {
        if (!wanted()) return;
        clear(results);
        failed(e);
      },
    );
  }
  load();
}

function renderStats(results: HTMLElement, report: Report): void {
  clear(results);
  const totals = report.totals || {};
  const period = report.period || {};
  const hints = list(report.recruitmentHints);
  add(results, [
    h('p', { class: 'status', text: loc(report.area?.name) + (report.service ? ` · ${loc(report.service.name)}` : '') }),
    h('p', { text: t('period', { from: loc(period.from), to: loc(period.to), days: num(period.days) }) }),
    h(
      'ul',
      { class: 'kpis' },
      KPIS.map(([name, value]) =>
        h('li', { 'data-kpi': name }, h('span', { text: t(`kpi_${name}`) }), h('span', { class: 'value', text: String(value(totals)) })),
      ),
    ),
    barChart(
      t('byService'),
      list<{ name?: unknown; serviceCode?: unknown; requests?: unknown }>(report.byService).map((s) => ({
        label: loc(s.name) || serviceName(s.serviceCode),
        value: num(s.requests),
      })),
    ),
    barChart(
      t('byArea'),
      list<{ name?: unknown; id?: unknown; requests?: unknown }>(report.byChildArea).map((a) => ({
        label: loc(a.name) || areaName(a.id),
        value: num(a.requests),
      })),
    ),
    list<Day>(report.byDay).length > 0 || !Array.isArray(report.byMonth)
      ? dayChart(t('byDay'), t('day'), list<Day>(report.byDay))
      : dayChart(t('byMonth'), t('month'), list<Day>(report.byMonth)),
    teamLoadTable(report.teamLoad || {}),
    h('h3', { text: t('hints') }),
    hints.length
      ? h(
          'ul',
          {},
          hints.map((x) => h('li', { text: loc(x) })),
        )
      : h('p', { text: t('noHints') }),
  ]);
}

/** The chart's type size: the page's, a little smaller. */
function chartFont(): number {
  return (Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 20) * 0.8;
}

/** The chart's width: the column's, within reason. */
function chartWidth(): number {
  return Math.max(240, Math.min(view.clientWidth || 320, 900));
}

function chartFigure(title: string, captionId: string): HTMLElement {
  return h('figure', { class: 'chart-figure' }, h('figcaption', { id: captionId, class: 'status', text: title }));
}

/** The chart's numbers as a table, folded away under it. */
function dataTable(table: HTMLTableElement): HTMLDetailsElement {
  return h('details', {}, h('summary', { text: t('dataTable') }), h('div', { class: 'table-wrap' }, table));
}

/** Horizontal bars in inline SVG, sized in pixels to the column and the page's type size. */
function barChart(title: string, rows: readonly Bar[]): HTMLElement {
  const captionId = nextId('chart');
  const figure = chartFigure(title, captionId);
  if (!rows.length) {
    add(figure, h('p', { text: t('noData') }));
    return figure;
  }
  const font = chartFont();
  const width = chartWidth();
  const rowHeight = font * 3.2;
  const barHeight = font * 1.2;
  const room = width - font * 4;
  const max = Math.max(...rows.map((r) => r.value), 1);
  const height = Math.ceil(rows.length * rowHeight);
  const svg = h('svg', { class: 'chart', role: 'img', 'aria-labelledby': captionId, width, height, viewBox: `0 0 ${width} ${height}` });
  rows.forEach((r, i) => {
    const y = i * rowHeight;
    const w = Math.max(2, room * (r.value / max));
    add(
      svg,
      h(
        'g',
        {},
        h('text', { x: 0, y: (y + font * 1.1).toFixed(1), text: r.label }),
        h('rect', { x: 0, y: (y + font * 1.5).toFixed(1), width: w.toFixed(1), height: barHeight.toFixed(1), rx: 2 }),
        h('text', { x: (w + font * 0.4).toFixed(1), y: (y + font * 1.5 + barHeight * 0.85).toFixed(1), text: String(r.value) }),
      ),
    );
  });
  const table = h(
    'table',
    {},
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: title }), h('th', { scope: 'col', class: 'num', text: t('requests') }))),
    h(
      'tbody',
      {},
      rows.map((r) => h('tr', {}, h('td', { text: r.label }), h('td', { class: 'num', text: String(r.value) }))),
    ),
  );
  add(figure, [svg, dataTable(table)]);
  return figure;
}

/** Requests (light) and completed (dark) per day as columns, oldest on the left, with the numbers in a table. */
function dayChart(title: string, column: string, days: readonly Day[]): HTMLElement {
  const captionId = nextId('chart');
  const figure = chartFigure(title, captionId);
  const first = days[0];
  const last = days[days.length - 1];
  if (!first || !last) {
    add(figure, h('p', { text: t('noData') }));
    return figure;
  }
  const font = chartFont();
  const width = chartWidth();
  const height = font * 8;
  const step = width / days.length;
  const max = Math.max(...days.map((d) => num(d.requests)), 1);
  const svg = h('svg', {
    class: 'chart',
    role: 'img',
    'aria-labelledby': captionId,
    width,
    height: height + font * 1.4,
    viewBox: `0 0 ${width} ${height + font * 1.4}`,
  });
  days.forEach((d, i) => {
    const x = i * step;
    const total = height * (num(d.requests) / max);
    const done = height * (num(d.completed) / max);
    add(
      svg,
      h(
        'g',
        {},
        h('rect', {
          x: (x + step * 0.1).toFixed(1),
          y: (height - total).toFixed(1),
          width: (step * 0.8).toFixed(1),
          height: total.toFixed(1),
          class: 'light',
        }),
        h('rect', {
          x: (x + step * 0.25).toFixed(1),
          y: (height - done).toFixed(1),
          width: (step * 0.5).toFixed(1),
          height: done.toFixed(1),
        }),
      ),
    );
  });
  add(svg, [
    h('text', { x: 0, y: (height + font * 1.2).toFixed(1), text: loc(first.day ?? first.month) }),
    h('text', { x: width, y: (height + font * 1.2).toFixed(1), 'text-anchor': 'end', text: loc(last.day ?? last.month) }),
  ]);
  const table = h(
    'table',
    {},
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', text: column }),
        h('th', { scope: 'col', class: 'num', text: t('requests') }),
        h('th', { scope: 'col', class: 'num', text: t('completed') }),
      ),
    ),
    h(
      'tbody',
      {},
      days.map((d) =>
        h(
          'tr',
          {},
          h('td', { text: loc(d.day ?? d.month) }),
          h('td', { class: 'num', text: String(num(d.requests)) }),
          h('td', { class: 'num', text: String(num(d.completed)) }),
        ),
      ),
    ),
  );
  add(figure, [svg, dataTable(table)]);
  return figure;
}

function teamLoadTable(load: TeamLoad): HTMLElement {
  const teams = list<Record<string, unknown>>(load.teams);
  return h(
    'section',
    { 'aria-labelledby': 'team-load-h' },
    h('h3', { id: 'team-load-h', text: t('teamLoad') }),
    load.acrossServices === true ? h('p', { class: 'hint', text: t('teamLoadAcrossServices') }) : null,
    teams.length
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
                h('th', { scope: 'col', text: t('team') }),
                LOAD_COLUMNS.map((c) => h('th', { scope: 'col', class: 'num', text: t(c[1]) })),
              ),
            ),
            h(
              'tbody',
              {},
              teams.map((row) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row', text: loc(row.name) || loc(row.teamId) }),
                  LOAD_COLUMNS.map((c) => h('td', { class: 'num', text: String(num(row[c[0]])) })),
                ),
              ),
            ),
          ),
        )
      : h('p', { text: t('noData') }),
    teams.length
      ? h('p', { class: 'hint', text: t('gini', { a: num(load.giniAcceptedPerCapacity), o: num(load.giniOffersPerCapacity) }) })
      : null,
  );
}

/** The CSV needs the token, so it is fetched and handed to the browser as a download. */
function exportCsv(): void {
  download(`/admin/stats.csv${query(filters)}`, 'paidan-stats.csv', t('exported'));
}
