/**
 * The admins' console's statistics dashboard: filters, KPIs, SVG charts with data tables,
 * team load, CSV export.
 * A part of the console's one script (see admin-console-script.ts): it runs inside that
 * script's closure and uses its helpers and state.
 */
export const statsPart = String.raw`// Statistics

  var KPIS = [
    ['requests', function (k) { return num(k.requests); }],
    ['dispatched', function (k) { return num(k.dispatched); }],
    ['offers', function (k) { return num(k.offers); }],
    ['accepted', function (k) { return num(k.accepted); }],
    ['completed', function (k) { return num(k.completed); }],
    ['closed', function (k) { return num(k.closed); }],
    ['expired', function (k) { return num(k.expired); }],
    ['escalated', function (k) { return num(k.escalated); }],
    ['cancelled', function (k) { return num(k.cancelled); }],
    ['rejected', function (k) { return num(k.rejected); }],
    ['onTimeAcceptanceRate', function (k) { return percent(k.onTimeAcceptanceRate); }],
    ['onTimeCompletionRate', function (k) { return percent(k.onTimeCompletionRate); }],
    ['meanStars', function (k) { var s = k.satisfaction && k.satisfaction.meanStars; return typeof s === 'number' ? String(s) : '–'; }],
    ['hours', function (k) { return num(k.volunteers && k.volunteers.hours); }],
    ['points', function (k) { return num(k.volunteers && k.volunteers.points); }],
  ];

  function showStats() {
    newView(t('statsTitle'));
    var from = dateInput('from', statsFilters.from);
    var to = dateInput('to', statsFilters.to);
    var area = areaSelect('area', statsFilters.area, false, t('all'));
    var service = serviceSelect('service', statsFilters.service);
    var results = h('div', { id: 'stats' });
    function read() { statsFilters = { from: from.value, to: to.value, area: area.value, service: service.value }; }
    var form = h('form', { class: 'filters', onsubmit: function (e) { e.preventDefault(); read(); load(); } },
      field(t('from'), from).cell, field(t('to'), to).cell, field(t('area'), area).cell, field(t('service'), service).cell,
      h('div', { class: 'cell' }, h('button', { type: 'submit', class: 'inline', text: t('show_stats') })));
    var exportButton = h('button', { type: 'button', class: 'secondary inline', id: 'export-csv', text: t('exportCsv'), onclick: function () { read(); exportCsv(); } });
    add(view, [form, h('div', { class: 'actions' }, exportButton), results]);
    function load() {
      clear(results).appendChild(h('p', { text: t('loading') }));
      api('GET', '/admin/stats' + query(statsFilters)).then(function (report) { renderStats(results, report || {}); }, function (e) { clear(results); failed(e); });
    }
    load();
  }

  function renderStats(results, report) {
    clear(results);
    var totals = report.totals || {};
    var period = report.period || {};
    add(results, [
      h('p', { class: 'status', text: loc(report.area && report.area.name) + (report.service ? ' · ' + loc(report.service.name) : '') }),
      h('p', { text: t('period', { from: loc(period.from), to: loc(period.to), days: num(period.days) }) }),
      h('ul', { class: 'kpis' }, KPIS.map(function (k) {
        return h('li', { 'data-kpi': k[0] }, h('span', { text: t('kpi_' + k[0]) }), h('span', { class: 'value', text: String(k[1](totals)) }));
      })),
      barChart(t('byService'), list(report.byService).map(function (s) { return { label: loc(s.name) || serviceName(s.serviceCode), value: num(s.requests) }; })),
      barChart(t('byArea'), list(report.byChildArea).map(function (a) { return { label: loc(a.name) || areaName(a.id), value: num(a.requests) }; })),
      dayChart(t('byDay'), list(report.byDay)),
      teamLoadTable(report.teamLoad || {}),
      h('h3', { text: t('hints') }),
      list(report.recruitmentHints).length
        ? h('ul', {}, list(report.recruitmentHints).map(function (x) { return h('li', { text: loc(x) }); }))
        : h('p', { text: t('noHints') }),
    ]);
  }

  /** Horizontal bars in inline SVG, sized in pixels to the column and the page's type size. */
  function barChart(title, rows) {
    var captionId = nextId('chart');
    var figure = h('figure', { class: 'chart-figure' }, h('figcaption', { id: captionId, class: 'status', text: title }));
    if (!rows.length) { add(figure, h('p', { text: t('noData') })); return figure; }
    var font = (parseFloat(getComputedStyle(document.documentElement).fontSize) || 20) * 0.8;
    var width = Math.max(240, Math.min(view.clientWidth || 320, 900));
    var rowHeight = font * 3.2;
    var barHeight = font * 1.2;
    var room = width - font * 4;
    var max = Math.max.apply(null, rows.map(function (r) { return r.value; }).concat([1]));
    var height = Math.ceil(rows.length * rowHeight);
    var svg = h('svg', { class: 'chart', role: 'img', 'aria-labelledby': captionId, width: width, height: height, viewBox: '0 0 ' + width + ' ' + height });
    rows.forEach(function (r, i) {
      var y = i * rowHeight;
      var w = Math.max(2, room * (r.value / max));
      add(svg, h('g', {},
        h('text', { x: 0, y: (y + font * 1.1).toFixed(1), text: r.label }),
        h('rect', { x: 0, y: (y + font * 1.5).toFixed(1), width: w.toFixed(1), height: barHeight.toFixed(1), rx: 2 }),
        h('text', { x: (w + font * 0.4).toFixed(1), y: (y + font * 1.5 + barHeight * 0.85).toFixed(1), text: String(r.value) })));
    });
    var table = h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: title }), h('th', { scope: 'col', class: 'num', text: t('requests') }))),
      h('tbody', {}, rows.map(function (r) { return h('tr', {}, h('td', { text: r.label }), h('td', { class: 'num', text: String(r.value) })); })));
    add(figure, [svg, h('details', {}, h('summary', { text: t('dataTable') }), h('div', { class: 'table-wrap' }, table))]);
    return figure;
  }

  /** Requests (light) and completed (dark) per day as columns, oldest on the left, with the numbers in a table. */
  function dayChart(title, days) {
    var captionId = nextId('chart');
    var figure = h('figure', { class: 'chart-figure' }, h('figcaption', { id: captionId, class: 'status', text: title }));
    if (!days.length) { add(figure, h('p', { text: t('noData') })); return figure; }
    var font = (parseFloat(getComputedStyle(document.documentElement).fontSize) || 20) * 0.8;
    var width = Math.max(240, Math.min(view.clientWidth || 320, 900));
    var height = font * 8;
    var step = width / days.length;
    var max = Math.max.apply(null, days.map(function (d) { return num(d.requests); }).concat([1]));
    var svg = h('svg', { class: 'chart', role: 'img', 'aria-labelledby': captionId, width: width, height: height + font * 1.4, viewBox: '0 0 ' + width + ' ' + (height + font * 1.4) });
    days.forEach(function (d, i) {
      var x = i * step;
      var total = height * (num(d.requests) / max);
      var done = height * (num(d.completed) / max);
      add(svg, h('g', {},
        h('rect', { x: (x + step * 0.1).toFixed(1), y: (height - total).toFixed(1), width: (step * 0.8).toFixed(1), height: total.toFixed(1), class: 'light' }),
        h('rect', { x: (x + step * 0.25).toFixed(1), y: (height - done).toFixed(1), width: (step * 0.5).toFixed(1), height: done.toFixed(1) })));
    });
    add(svg, [h('text', { x: 0, y: (height + font * 1.2).toFixed(1), text: loc(days[0].day) }),
      h('text', { x: width, y: (height + font * 1.2).toFixed(1), 'text-anchor': 'end', text: loc(days[days.length - 1].day) })]);
    var table = h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: t('day') }), h('th', { scope: 'col', class: 'num', text: t('requests') }), h('th', { scope: 'col', class: 'num', text: t('completed') }))),
      h('tbody', {}, days.map(function (d) { return h('tr', {}, h('td', { text: loc(d.day) }), h('td', { class: 'num', text: String(num(d.requests)) }), h('td', { class: 'num', text: String(num(d.completed)) })); })));
    add(figure, [svg, h('details', {}, h('summary', { text: t('dataTable') }), h('div', { class: 'table-wrap' }, table))]);
    return figure;
  }

  function teamLoadTable(load) {
    var teams = list(load.teams);
    var columns = [['capacity', 'capacity'], ['offers', 'offers'], ['accepted', 'accepted'], ['completed', 'completed'], ['declined', 'declined'], ['lapsed', 'lapsed'], ['acceptedPerCapacity', 'perCapacity']];
    return h('section', { 'aria-labelledby': 'team-load-h' }, h('h3', { id: 'team-load-h', text: t('teamLoad') }),
      teams.length ? h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: t('team') }), columns.map(function (c) { return h('th', { scope: 'col', class: 'num', text: t(c[1]) }); }))),
        h('tbody', {}, teams.map(function (row) {
          return h('tr', {}, h('th', { scope: 'row', text: loc(row.name) || loc(row.teamId) }), columns.map(function (c) { return h('td', { class: 'num', text: String(num(row[c[0]])) }); }));
        })))) : h('p', { text: t('noData') }),
      teams.length ? h('p', { class: 'hint', text: t('gini', { a: num(load.giniAcceptedPerCapacity), o: num(load.giniOffersPerCapacity) }) }) : null);
  }

  /** The CSV needs the token, so it is fetched and handed to the browser as a download. */
  function exportCsv() {
    fetch('/admin/stats.csv' + query(statsFilters), { headers: { authorization: 'Bearer ' + (store.get() || store.memory) }, credentials: 'omit', cache: 'no-store' })
      .then(function (res) {
        if (!res.ok) return res.json().catch(function () { return null; }).then(function (body) { if (res.status === 401) { store.clear(); signedIn = false; showSignIn(t('expired')); } throw new ApiError(res.status, body); });
        var disposition = res.headers.get('content-disposition') || '';
        var name = /filename="([^"]+)"/.exec(disposition);
        return res.blob().then(function (blob) {
          var url = URL.createObjectURL(blob);
          var link = h('a', { download: name ? name[1] : 'paidan-stats.csv' });
          link.href = url;
          document.body.appendChild(link);
          link.click();
          link.remove();
          setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
          flash(t('exported'));
        });
      })
      .catch(failed);
  }`;
