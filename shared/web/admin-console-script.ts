/**
 * The admins' console's one script (plain ES5, no framework): sign-in, the request queue and
 * detail, teams, dead letters and the statistics dashboard. It builds the DOM with textContent
 * only; the page allows it by its hash.
 *
 * Sign-in: with a Cognito domain and app client in the page's config block, the OAuth 2.0
 * authorization code grant with PKCE (RFC 7636, S256): a random verifier and state kept in
 * sessionStorage, the browser sent to the domain's /oauth2/authorize, and on its return to
 * /console?code&state the state checked, the code taken off the address bar, and the code
 * exchanged at /oauth2/token for the ID token, which is then the tab's token exactly like a
 * pasted one. No refresh token is kept: when the ID token expires (an hour) the API answers
 * 401 and the console shows "Sign in" again (Cognito may then sign in without asking, while
 * its own session lasts). Without that config, the token is pasted.
 */
import { requestStatuses } from '#shared/domain/request-state';
import { clientCommon } from './console-client';
import { ADMIN_CONSOLE_PATH } from './links';

export const adminConsoleSource = String.raw`${clientCommon}
(function () {
  var STATUSES = ${JSON.stringify(requestStatuses)};
  var REJECTABLE = ['SUBMITTED', 'WAITING', 'ESCALATED'];
  var CANCELLABLE = ['SUBMITTED', 'WAITING', 'OFFERED', 'ACCEPTED', 'ESCALATED'];
  var TABS = ['requests', 'teams', 'stats', 'dead-letters'];
  var store = tokenStore('paidan.adminToken');
  var app = document.getElementById('app');
  var flashNode = h('p', { class: 'flash', role: 'status' });
  var flash = flasher(flashNode);
  var CONFIG = pageConfig();
  /** Cognito sign-in configured (in AWS); otherwise the token is pasted (locally). */
  var HOSTED = Boolean(CONFIG.signInDomainUrl && CONFIG.signInClientId);
  var CONSOLE_PATH = ${JSON.stringify(ADMIN_CONSOLE_PATH)};
  /** The sign-in under way: { state, verifier, search }, until Cognito sends the browser back. */
  var PENDING_KEY = 'paidan.adminSignIn';
  var SIGNED_OUT_KEY = 'paidan.adminSignedOut';
  var api = apiClient(store, function () { store.clear(); signedIn = false; showSignIn(t(HOSTED ? 'sessionExpired' : 'expired')); });
  var signedIn = false;
  var ref = { areas: {}, areaList: [], services: {}, serviceList: [] };
  var nav = h('ul', { class: 'tabs' });
  var view = h('section', { id: 'view', 'aria-labelledby': 'view-title' });
  var requestFilters = { status: '', area: '', service: '', from: '', to: '', overdue: '' };
  var statsFilters = { from: '', to: '', area: '', service: '' };

  function failed(e) { if (e && e.status !== 401) flash(errorText(e), true); }

  // Sign-in and the shell

  function showSignIn(message) {
    clear(app);
    if (HOSTED) {
      var button = h('button', { type: 'button', id: 'sign-in-start', text: t('signIn'), onclick: beginSignIn });
      add(app, [h('h2', { text: t('signInTitle') }), h('p', { text: t('signInHostedIntro') }), flashNode, h('div', { id: 'sign-in', class: 'actions' }, button)]);
      flash(message || '', Boolean(message));
      return;
    }
    var input = h('input', { type: 'password', name: 'token', autocomplete: 'off', spellcheck: 'false' });
    var form = h('form', { id: 'sign-in', novalidate: true, onsubmit: function (e) {
      e.preventDefault();
      var value = input.value.trim();
      if (!value) { flash(t('tokenMissing'), true); input.focus(); return; }
      store.set(value);
      start();
    } }, field(t('tokenLabel'), input).cell, h('button', { type: 'submit', text: t('signIn') }));
    add(app, [h('h2', { text: t('signInTitle') }), h('p', { text: t('signInIntro') }), flashNode, form]);
    flash(message || '', Boolean(message));
  }

  function start() {
    clear(app);
    add(app, h('p', { text: t('loading') }));
    // The reference data is public; the first admin call checks the token.
    Promise.all([api('GET', '/areas'), api('GET', '/services')]).then(function (r) {
      indexAreas(list(r[0] && r[0].areas), 0);
      list(r[1] && r[1].services).forEach(function (s) { ref.services[s.code] = s; ref.serviceList.push(s); });
      signedIn = true;
      clear(app);
      clear(nav);
      TABS.forEach(function (name) {
        add(nav, h('li', {}, h('button', { type: 'button', 'data-tab': name, text: t('tab_' + name), onclick: function () { go('#' + name); } })));
      });
      add(nav, h('li', { class: 'end' }, h('button', { type: 'button', id: 'sign-out', text: t('signOut'), onclick: signOut })));
      add(app, [h('nav', { 'aria-label': t('sections') }, nav), flashNode, view]);
      route();
    }, function (e) { showSignIn(errorText(e)); });
  }

  function signOut() {
    store.clear();
    signedIn = false;
    if (HOSTED) {
      // Ends Cognito's own session too, or "Sign in" would go straight back in; Cognito then
      // returns the browser to the console.
      try { sessionStorage.setItem(SIGNED_OUT_KEY, '1'); } catch (e) { /* ignore */ }
      var q = new URLSearchParams();
      q.set('client_id', CONFIG.signInClientId);
      q.set('logout_uri', location.origin + CONSOLE_PATH);
      location.assign(CONFIG.signInDomainUrl + '/logout?' + q.toString());
      return;
    }
    location.hash = ''; showSignIn(); flash(t('signedOut'));
  }

  // Cognito sign-in (authorization code grant with PKCE)

  function pageConfig() {
    var node = document.getElementById('config');
    try { var value = node ? JSON.parse(node.textContent || '{}') : {}; return value && typeof value === 'object' ? value : {}; } catch (e) { return {}; }
  }

  /** RFC 4648 base64url without padding. */
  function base64url(bytes) {
    var s = '';
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  /** 32 random bytes as 43 base64url characters: a PKCE verifier (RFC 7636 wants 43 to 128) or a state. */
  function randomKey() {
    var bytes = new Uint8Array(32);
    crypto.getRandomValues(bytes);
    return base64url(bytes);
  }

  /** The page options to come back to (?lang, ?size): the callback URL is the bare /console. */
  function pageOptionsQuery() {
    var from = new URLSearchParams(location.search);
    var keep = new URLSearchParams();
    ['lang', 'size'].forEach(function (k) { if (/^[a-z]{1,8}$/.test(from.get(k) || '')) keep.set(k, from.get(k)); });
    var s = keep.toString();
    return s ? '?' + s : '';
  }

  function beginSignIn() {
    if (!window.isSecureContext || !window.crypto || !crypto.subtle || !window.TextEncoder) { flash(t('signInUnavailable'), true); return; }
    var verifier = randomKey();
    var state = randomKey();
    crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)).then(function (digest) {
      try { sessionStorage.setItem(PENDING_KEY, JSON.stringify({ state: state, verifier: verifier, search: pageOptionsQuery() })); } catch (e) { flash(t('signInUnavailable'), true); return; }
      var q = new URLSearchParams();
      q.set('response_type', 'code');
      q.set('client_id', CONFIG.signInClientId);
      q.set('redirect_uri', location.origin + CONSOLE_PATH);
      q.set('scope', 'openid email profile');
      q.set('state', state);
      q.set('code_challenge', base64url(new Uint8Array(digest)));
      q.set('code_challenge_method', 'S256');
      // Managed login's pages in the console's language.
      q.set('lang', LANG === 'en' ? 'en' : 'zh-CN');
      location.assign(CONFIG.signInDomainUrl + '/oauth2/authorize?' + q.toString());
    }, function () { flash(t('signInUnavailable'), true); });
  }

  /** Back from Cognito with ?code&state (or ?error): check, exchange, keep the ID token. */
  function finishSignIn(params) {
    var pending = null;
    try { pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) || 'null'); sessionStorage.removeItem(PENDING_KEY); } catch (e) { pending = null; }
    var back = CONSOLE_PATH + (pending && /^(\?[a-z=&]*)?$/.test(pending.search || '') ? pending.search || '' : '');
    // The code is used once and belongs in no address bar, bookmark or history entry.
    history.replaceState(null, '', back + location.hash);
    var code = params.get('code');
    if (!pending || !code || !pending.state || params.get('state') !== pending.state || typeof pending.verifier !== 'string') {
      showSignIn(t('signInFailed'));
      return;
    }
    clear(app);
    add(app, h('p', { text: t('signingIn') }));
    var body = new URLSearchParams();
    body.set('grant_type', 'authorization_code');
    body.set('client_id', CONFIG.signInClientId);
    body.set('code', code);
    body.set('redirect_uri', location.origin + CONSOLE_PATH);
    body.set('code_verifier', pending.verifier);
    fetch(CONFIG.signInDomainUrl + '/oauth2/token', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString(), credentials: 'omit', cache: 'no-store',
    }).then(function (res) {
      return res.json().catch(function () { return null; }).then(function (data) {
        if (!res.ok || !data || typeof data.id_token !== 'string' || !data.id_token) throw new Error('no ID token');
        return data.id_token;
      });
    }).then(function (idToken) {
      store.set(idToken);
      // The page came back as /console in the default language and size; load the chosen ones.
      if (back !== CONSOLE_PATH) location.reload(); else start();
    }, function () { showSignIn(t('signInFailed')); });
  }

  function indexAreas(nodes, depth) {
    nodes.forEach(function (a) {
      ref.areas[a.id] = a;
      ref.areaList.push({ id: a.id, depth: depth, level: a.level, name: a.name });
      indexAreas(list(a.children), depth + 1);
    });
  }

  function go(hash) { if (location.hash === hash) route(); else location.hash = hash; }

  function route() {
    if (!signedIn) return;
    var hash = location.hash.replace(/^#/, '');
    var detail = /^request\/([0-9a-z]{1,40})$/.exec(hash);
    var tab = detail ? 'requests' : TABS.indexOf(hash) >= 0 ? hash : 'requests';
    Array.prototype.forEach.call(nav.querySelectorAll('button'), function (b) {
      if (b.getAttribute('data-tab') === tab) b.setAttribute('aria-current', 'page'); else b.removeAttribute('aria-current');
    });
    flash('');
    if (detail) showDetail(detail[1]);
    else ({ requests: showRequests, teams: showTeams, stats: showStats, 'dead-letters': showDeadLetters })[tab]();
  }
  window.addEventListener('hashchange', route);

  /** Empties the view and gives it a heading (focused, so a screen reader hears where it is). */
  function newView(title) {
    clear(view);
    var heading = h('h2', { id: 'view-title', tabindex: '-1', text: title });
    view.appendChild(heading);
    heading.focus();
    return heading;
  }

  // Names

  function areaName(id) { var a = ref.areas[id]; return a ? loc(a.name) : loc(id); }
  /** District · street · community (the city goes without saying). */
  function areaPath(id) {
    var parts = String(id || '').split('.');
    var names = [];
    for (var i = 2; i <= parts.length; i++) names.push(areaName(parts.slice(0, i).join('.')));
    return names.join(' · ');
  }
  function serviceName(code) { var s = ref.services[code]; return s ? loc(s.name) : loc(code); }
  function statusText(s) { return t('status_' + s); }

  function areaSelect(name, value, onlyCommunities, allLabel) {
    var options = [{ value: '', label: allLabel }];
    ref.areaList.forEach(function (a) {
      if (onlyCommunities && a.level !== 'community') return;
      options.push({ value: a.id, label: (onlyCommunities ? areaPath(a.id) : new Array(a.depth + 1).join('\u3000') + loc(a.name)) });
    });
    return select(name, options, value);
  }
  function serviceSelect(name, value) {
    return select(name, [{ value: '', label: t('all') }].concat(ref.serviceList.map(function (s) { return { value: s.code, label: loc(s.name) }; })), value);
  }
  function dateInput(name, value) { return h('input', { type: 'date', name: name, value: value }); }
  function query(filters) {
    var q = new URLSearchParams();
    Object.keys(filters).forEach(function (k) { if (filters[k]) q.set(k, filters[k]); });
    var s = q.toString();
    return s ? '?' + s : '';
  }
  function dl(rows) {
    return h('dl', {}, rows.filter(function (r) { return r && r[1] !== undefined && r[1] !== null && r[1] !== ''; }).map(function (r) {
      return [h('dt', { text: r[0] }), h('dd', {}, r[1])];
    }));
  }

  // The request queue

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
      h('p', { text: t('created') + '：' + when(r.createdAt) + (r.team ? ' · ' + t('team') + '：' + loc(r.team) : '') }),
      h('p', { text: t('resident') + '：' + loc(resident.name) + ' ' + loc(resident.phone) }),
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
  }

  // Teams

  function showTeams() {
    newView(t('teamsTitle'));
    var area = areaSelect('area', '', false, t('all'));
    var results = h('div', { id: 'team-list' });
    var form = h('form', { class: 'filters', onsubmit: function (e) { e.preventDefault(); load(); } },
      field(t('area'), area).cell, h('div', { class: 'cell' }, h('button', { type: 'submit', class: 'inline', text: t('show') })));
    add(view, [form, createTeamForm(function () { load(); }), results]);
    function load() {
      clear(results).appendChild(h('p', { text: t('loading') }));
      api('GET', '/admin/teams' + query({ area: area.value })).then(function (data) {
        var teams = list(data && data.teams);
        clear(results);
        if (!teams.length) { results.appendChild(h('p', { text: t('noTeams') })); return; }
        add(results, h('ul', { class: 'cards' }, teams.map(function (team) { var li = h('li', { class: 'card', 'data-team': loc(team.id) }); teamCard(li, team); return li; })));
      }, function (e) { clear(results); failed(e); });
    }
    load();
  }

  function teamCard(li, team) {
    clear(li);
    var tokenBox = h('div', {});
    function act(path, message) {
      api('POST', '/admin/teams/' + encodeURIComponent(team.id) + '/' + path).then(function (data) {
        if (path === 'token') {
          clear(tokenBox);
          add(tokenBox, [h('p', { text: t('tokenShown') }), h('code', { class: 'token', text: loc(data && data.token) })]);
          flash(message);
          return;
        }
        teamCard(li, data || team);
        flash(message);
      }, failed);
    }
    add(li, [
      h('h3', {}, loc(team.name), ' ', h('span', { class: 'badge' + (team.paused ? ' warn' : ' ok'), text: team.paused ? t('paused') : t('taking') })),
      dl([
        [t('teamId'), loc(team.id)],
        [t('station'), areaPath(team.stationAreaId)],
        [t('serves'), areaPath(team.servesAreaId) || areaName(team.servesAreaId)],
        [t('capacity'), t('load', { active: num(team.active), capacity: num(team.capacity) })],
        [t('handles'), list(team.handles).map(serviceName).join(LANG === 'zh' ? '、' : ', ')],
        [t('channels'), t('channelsCount', { n: list(team.channels).length })],
        [t('about'), loc(team.about)],
      ]),
      h('div', { class: 'actions' },
        team.paused
          ? h('button', { type: 'button', class: 'inline', text: t('resume'), onclick: function () { act('resume', t('resumed')); } })
          : h('button', { type: 'button', class: 'inline secondary', text: t('pause'), onclick: function () { act('pause', t('pausedDone')); } }),
        h('button', { type: 'button', class: 'inline secondary', text: t('newToken'), onclick: function () { act('token', t('newToken')); } }),
        h('button', { type: 'button', class: 'inline secondary', text: t('edit'), onclick: function () { editTeam(li, team); } })),
      tokenBox,
    ]);
  }

  function serviceChecks(chosen) {
    return h('fieldset', {}, h('legend', { text: t('handles') }), ref.serviceList.map(function (s, i) {
      var id = nextId('svc');
      return h('div', { class: 'choice' }, h('input', { type: 'checkbox', id: id, name: 'services', value: s.code, checked: chosen.indexOf(s.code) >= 0 }), h('label', { for: id, text: loc(s.name) }));
    }));
  }
  function checked(form) { return Array.prototype.map.call(form.querySelectorAll('input[name=services]:checked'), function (i) { return i.value; }); }

  function editTeam(li, team) {
    clear(li);
    var nameZh = h('input', { type: 'text', name: 'nameZh', value: loc(team.name && team.name.zh), maxlength: 100 });
    var nameEn = h('input', { type: 'text', name: 'nameEn', value: loc(team.name && team.name.en), maxlength: 100 });
    var capacity = h('input', { type: 'number', name: 'capacity', min: 1, max: 1000, value: num(team.capacity) });
    var serves = areaSelect('servesAreaId', team.servesAreaId, false, t('chooseArea'));
    var about = h('textarea', { name: 'about', rows: 2, maxlength: 500 });
    about.value = loc(team.about);
    var form = h('form', { onsubmit: function (e) {
      e.preventDefault();
      var changes = { name: { zh: nameZh.value.trim(), en: nameEn.value.trim() }, capacity: Number(capacity.value), servesAreaId: serves.value, services: checked(form) };
      if (about.value.trim()) changes.about = about.value.trim();
      api('PATCH', '/admin/teams/' + encodeURIComponent(team.id), changes).then(function (data) { teamCard(li, data || team); flash(t('saved')); }, failed);
    } }, h('h3', { text: loc(team.name) }),
      field(t('nameZh'), nameZh).cell, field(t('nameEn'), nameEn).cell, field(t('capacity'), capacity).cell, field(t('serves'), serves).cell,
      serviceChecks(list(team.services)), field(t('about'), about).cell,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'inline', text: t('save') }),
        h('button', { type: 'button', class: 'inline secondary', text: t('close'), onclick: function () { teamCard(li, team); } })));
    add(li, form);
  }

  function createTeamForm(done) {
    var id = h('input', { type: 'text', name: 'id', maxlength: 40, autocomplete: 'off', pattern: '[a-z0-9-]{2,40}' });
    var nameZh = h('input', { type: 'text', name: 'nameZh', maxlength: 100 });
    var nameEn = h('input', { type: 'text', name: 'nameEn', maxlength: 100 });
    var station = areaSelect('stationAreaId', '', true, t('chooseArea'));
    var serves = areaSelect('servesAreaId', '', false, t('chooseArea'));
    var capacity = h('input', { type: 'number', name: 'capacity', min: 1, max: 1000, value: 5 });
    var email = h('input', { type: 'email', name: 'email', maxlength: 200, autocomplete: 'off' });
    var tokenBox = h('div', {});
    var form = h('form', { id: 'create-team', novalidate: true, onsubmit: function (e) {
      e.preventDefault();
      var team = { id: id.value.trim(), name: { zh: nameZh.value.trim(), en: nameEn.value.trim() || nameZh.value.trim() },
        stationAreaId: station.value, servesAreaId: serves.value || station.value, services: checked(form), categories: [], capacity: Number(capacity.value) };
      if (email.value.trim()) team.channels = [{ kind: 'email', address: email.value.trim() }];
      api('POST', '/admin/teams', team).then(function (data) {
        clear(tokenBox);
        add(tokenBox, [h('p', { text: t('tokenShown') }), h('code', { class: 'token', text: loc(data && data.token) })]);
        flash(t('createdTeam'));
        form.reset();
        done();
      }, failed);
    } }, field(t('teamId'), id, t('idHint')).cell, field(t('nameZh'), nameZh).cell, field(t('nameEn'), nameEn).cell,
      field(t('station'), station).cell, field(t('serves'), serves).cell, field(t('capacity'), capacity).cell,
      serviceChecks([]), field(t('email'), email).cell, h('button', { type: 'submit', text: t('create') }));
    return h('details', {}, h('summary', { text: t('createTitle') }), form, tokenBox);
  }

  // Dead letters

  function showDeadLetters() {
    newView(t('deadTitle'));
    var results = h('div', { id: 'dead-letters' }, h('p', { text: t('loading') }));
    add(view, [h('p', { text: t('deadIntro') }), results]);
    function load() {
      api('GET', '/admin/dead-letters').then(function (data) {
        clear(results);
        add(results, list(data && data.queues).map(function (q) {
          var sample = list(q.sample);
          return h('section', { class: 'card', 'data-queue': loc(q.queue) },
            h('h3', { text: t('queue_' + q.queue) }), h('p', { text: t('deadCount', { n: num(q.count) }) }),
            sample.length ? h('ul', {}, sample.map(function (m) {
              return h('li', {}, h('p', { text: t('messageId') + '：' + loc(m.messageId) + (m.sentAt ? ' · ' + when(m.sentAt) : '') + (m.receiveCount ? ' · ' + t('receiveCount') + '：' + num(m.receiveCount) : '') }),
                h('pre', { class: 'body', text: loc(m.body) }));
            })) : h('p', { text: t('noDead') }),
            num(q.count) > 0 ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'inline', text: t('redrive'), onclick: function () {
              api('POST', '/admin/dead-letters/' + encodeURIComponent(q.queue) + '/redrive', {}).then(function (r) { flash(t('redriven', { n: num(r && r.moved) })); load(); }, failed);
            } })) : null);
        }));
      }, function (e) {
        clear(results);
        if (e.status === 404) results.appendChild(h('p', { text: t('centerOnly') })); else failed(e);
      });
    }
    load();
  }

  // Statistics

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
  }

  var returned = new URLSearchParams(location.search);
  if (HOSTED && (returned.has('code') || returned.has('error'))) finishSignIn(returned);
  else if (store.get()) start();
  else {
    showSignIn();
    var signedOut = false;
    try { signedOut = sessionStorage.getItem(SIGNED_OUT_KEY) === '1'; sessionStorage.removeItem(SIGNED_OUT_KEY); } catch (e) { /* ignore */ }
    if (signedOut) flash(t('signedOut'));
  }
})();
`;
