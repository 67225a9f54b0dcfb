/**
 * The admins' console's request queue (filters, list) and one request (detail, timeline,
 * candidates; dispatch, reassign, reject, cancel).
 * A part of the console's one script (see admin-console-script.ts): it runs inside that
 * script's closure and uses its helpers and state.
 */
export const requestsPart = String.raw`// The request queue

  function showRequests() {
    newView(t('requestsTitle'));
    var status = select('status', [{ value: '', label: t('all') }].concat(STATUSES.map(function (s) { return { value: s, label: statusText(s) }; })), requestFilters.status);
    var area = areaSelect('area', requestFilters.area, false, t('all'));
    var service = serviceSelect('service', requestFilters.service);
    var from = dateInput('from', requestFilters.from);
    var to = dateInput('to', requestFilters.to);
    var overdue = select('overdue', [{ value: '', label: t('all') }, { value: 'true', label: t('overdueOnly') }, { value: 'false', label: t('notOverdue') }], requestFilters.overdue);
    var results = h('div', { id: 'request-list' });
    function read() {
      requestFilters = { status: status.value, area: area.value, service: service.value, from: from.value, to: to.value, overdue: overdue.value };
      load();
    }
    var form = h('form', { class: 'filters', role: 'search', 'aria-label': t('filter'), onsubmit: function (e) { e.preventDefault(); read(); } },
      field(t('status'), status).cell, field(t('area'), area).cell, field(t('service'), service).cell,
      field(t('from'), from).cell, field(t('to'), to).cell, field(t('overdue'), overdue).cell,
      h('div', { class: 'cell' }, h('button', { type: 'submit', class: 'inline', text: t('filter') })));
    var quick = h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', text: t('quickEscalated'), onclick: function () { status.value = 'ESCALATED'; overdue.value = ''; read(); } }),
      h('button', { type: 'button', class: 'secondary', text: t('quickOverdue'), onclick: function () { status.value = ''; overdue.value = 'true'; read(); } }));
    add(view, [form, quick, results]);
    function load() {
      clear(results).appendChild(h('p', { text: t('loading') }));
      api('GET', '/admin/requests' + query(requestFilters)).then(function (data) {
        var rows = list(data && data.requests);
        clear(results);
        if (!rows.length) { results.appendChild(h('p', { text: t('noRequests') })); return; }
        add(results, h('p', { text: t('requestCount', { n: rows.length }) }));
        if (data.truncated) add(results, h('p', { class: 'notice', text: t('truncated', { n: rows.length }) }));
        add(results, h('ul', { class: 'cards' }, rows.map(requestCard)));
      }, function (e) { clear(results); failed(e); });
    }
    load();
  }

  function requestCard(r) {
    var resident = r.resident || {};
    return h('li', { class: 'card', 'data-request': loc(r.id), 'data-status': loc(r.status) },
      h('h3', { text: trackingCode(r.trackingCode) + ' ' + serviceName(r.serviceCode) }),
      h('p', {}, h('span', { class: 'badge', text: statusText(r.status) }),
        r.overdue ? h('span', { class: 'badge warn', text: t('overdueBadge') }) : null,
        r.urgency === 'urgent' ? h('span', { class: 'badge warn', text: t('urgentBadge') }) : null),
      h('p', { text: areaPath(r.areaId) }),
      h('p', { text: t('created') + COLON + when(r.createdAt) + (r.team ? ' · ' + t('team') + COLON + loc(r.team) : '') }),
      h('p', { text: t('resident') + COLON + loc(resident.name) + ' ' + loc(resident.phone) }),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'inline', text: t('open'), onclick: function () { go('#request/' + loc(r.id)); } })));
  }

  // One request

  function showDetail(id) {
    newView(t('detailTitle'));
    var body = h('div', {}, h('p', { text: t('loading') }));
    add(view, [h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', text: t('back'), onclick: function () { go('#requests'); } })), body]);
    api('GET', '/admin/requests/' + encodeURIComponent(id)).then(function (d) { renderDetail(id, d || {}, body); }, function (e) { clear(body); failed(e); });
  }

  function renderDetail(id, d, body) {
    var r = d.request || {};
    var contact = r.contact || {};
    var phone = loc(contact.phone);
    var completion = r.completion;
    clear(body);
    add(body, [
      h('h3', { text: trackingCode(r.trackingCode) + ' ' + serviceName(r.serviceCode) }),
      h('p', {}, h('span', { class: 'badge', id: 'detail-status', text: statusText(r.status) }), d.overdue ? h('span', { class: 'badge warn', text: t('overdueBadge') }) : null),
      dl([
        [t('area'), areaPath(r.areaId)],
        [t('urgency'), r.urgency === 'urgent' ? t('urgent') : t('normal')],
        [t('channel'), r.channel ? t('channel_' + r.channel) : ''],
        [t('created'), when(r.createdAt)],
        [t('updated'), when(r.updatedAt)],
        [t('contact'), loc(contact.name)],
        [t('phone'), phone ? h('a', { href: 'tel:' + phone.replace(/[^0-9+]/g, ''), text: phone }) : ''],
        [t('address'), loc(contact.address)],
        [t('description'), h('span', { class: 'pre', text: loc(r.description) })],
        [t('preferredTime'), loc(r.preferredTime)],
        [t('team'), r.assignedTeam ? loc(r.assignedTeam.name) : ''],
        [t('offer'), r.status === 'OFFERED' && r.offer ? t('offerTo', { team: loc(r.offer.teamName || r.offer.teamId), deadline: when(r.offer.deadline) }) : ''],
        [t('completion'), completion ? [when(completion.completedAt), completion.note ? ' · ' + loc(completion.note) : '',
          h('ul', {}, list(completion.hours).map(function (x) { return h('li', { text: t('minutesOf', { volunteer: loc(x.volunteer), minutes: num(x.minutes) }) }); }))] : ''],
        [t('rating'), r.rating ? new Array(num(r.rating.stars) + 1).join('★') + (r.rating.comment ? ' ' + loc(r.rating.comment) : '') : ''],
      ]),
      h('h3', { text: t('timeline') }),
      h('ol', { class: 'timeline' }, list(d.timeline).map(function (e) {
        return h('li', {}, h('time', { datetime: loc(e.at), text: when(e.at) }), ' · ', t('actor_' + e.actor), h('br'), loc(e.message),
          e.detail ? h('span', { class: 'hint' }, h('br'), loc(e.detail)) : null);
      })),
    ]);
    if (Array.isArray(d.candidates)) add(body, dispatchForm(id, d.candidates, body));
    if (REJECTABLE.indexOf(r.status) >= 0) add(body, reasonForm(id, 'reject', body));
    if (CANCELLABLE.indexOf(r.status) >= 0) add(body, reasonForm(id, 'cancel', body));
  }

  function reload(id, body, message) {
    return api('GET', '/admin/requests/' + encodeURIComponent(id)).then(function (d) { renderDetail(id, d || {}, body); flash(message); }, failed);
  }

  function dispatchForm(id, candidates, body) {
    var section = h('section', { 'aria-labelledby': 'dispatch-h' }, h('h3', { id: 'dispatch-h', text: t('dispatchTitle') }));
    if (!candidates.length) { add(section, h('p', { text: t('noCandidates') })); return section; }
    var note = h('input', { type: 'text', name: 'note', maxlength: 500 });
    var choices = candidates.map(function (c, i) {
      var id = 'cand-' + i;
      return h('div', { class: 'choice' }, h('input', { type: 'radio', name: 'teamId', id: id, value: loc(c.teamId), checked: i === 0 }),
        h('label', { for: id }, loc(c.name) + ' — ' + t('free', { free: num(c.free), capacity: num(c.capacity) }) + ' — ' + loc(c.reason) + ' ',
          c.widened ? h('span', { class: 'badge', text: t('widened') }) : null, c.declinedBefore ? h('span', { class: 'badge warn', text: t('declinedBefore') }) : null));
    });
    var form = h('form', { id: 'dispatch-form', onsubmit: function (e) {
      e.preventDefault();
      var chosen = form.querySelector('input[name=teamId]:checked');
      if (!chosen) { flash(t('chooseTeamFirst'), true); return; }
      var payload = { teamId: chosen.value };
      if (note.value.trim()) payload.note = note.value.trim();
      api('POST', '/admin/requests/' + encodeURIComponent(id) + '/dispatch', payload).then(function () { return reload(id, body, t('dispatched')); }, failed);
    } }, h('p', { text: t('dispatchIntro') }), h('fieldset', {}, h('legend', { text: t('chooseTeam') }), choices),
      field(t('dispatchNote'), note).cell, h('button', { type: 'submit', text: t('dispatch') }));
    add(section, form);
    return section;
  }

  function reasonForm(id, action, body) {
    var headingId = action + '-h';
    var reason = h('textarea', { name: 'reason', rows: 2, maxlength: 500 });
    var form = h('form', { id: action + '-form', novalidate: true, onsubmit: function (e) {
      e.preventDefault();
      if (!reason.value.trim()) { flash(t('reasonMissing'), true); reason.focus(); return; }
      api('POST', '/admin/requests/' + encodeURIComponent(id) + '/' + action, { reason: reason.value.trim() })
        .then(function () { return reload(id, body, t(action === 'reject' ? 'rejected' : 'cancelled')); }, failed);
    } }, field(t(action === 'reject' ? 'rejectReason' : 'cancelReason'), reason).cell, h('button', { type: 'submit', class: 'danger', text: t(action) }));
    return h('section', { 'aria-labelledby': headingId }, h('h3', { id: headingId, text: t(action === 'reject' ? 'rejectTitle' : 'cancelTitle') }), form);
  }`;
