/**
 * The admins' console's one script (plain ES5, no framework): sign-in, the request queue and
 * detail, teams, dead letters and the statistics dashboard. It builds the DOM with textContent
 * only; the page allows it by its hash.
 *
 * Sign-in: with the staff sign-in's issuer in the page's config block (a Cognito domain, or any
 * OpenID Connect provider's authorization and token endpoints) and the client id, the OAuth 2.0
 * authorization code grant with PKCE (RFC 7636, S256): a random verifier and state kept in
 * sessionStorage, the browser sent to the authorization endpoint, and on its return to
 * /console?code&state the state checked, the code taken off the address bar, and the code
 * exchanged at the token endpoint for the ID token, which is then the tab's token exactly like a
 * pasted one. No refresh token is kept: when the ID token expires (an hour) the API answers
 * 401 and the console shows "Sign in" again (the provider may then sign in without asking, while
 * its own session lasts). Without that config, or locally beside it, the token is pasted.
 */
import { requestStatuses } from '#shared/domain/request-state';
import { clientCommon } from './console-client';
import { ADMIN_CONSOLE_PATH } from './links';
import { deadLettersPart } from './admin-console-dead-letters';
import { requestsPart } from './admin-console-requests';
import { signInPart } from './admin-console-sign-in';
import { statsPart } from './admin-console-stats';
import { teamsPart } from './admin-console-teams';

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
  /** Cognito's domain: its own paths, managed login's lang and its /logout. */
  var COGNITO = Boolean(CONFIG.signInDomainUrl);
  /** Sign-in through the issuer configured (in AWS, and locally with the in-process provider). */
  var HOSTED = Boolean(CONFIG.signInClientId && (COGNITO || (CONFIG.signInAuthorizationEndpoint && CONFIG.signInTokenEndpoint)));
  /** The token may be pasted: without a sign-in, or locally beside it. */
  var PASTE = !HOSTED || CONFIG.signInPasteToken === 'yes';
  var CONSOLE_PATH = ${JSON.stringify(ADMIN_CONSOLE_PATH)};
  /** The sign-in under way: { state, verifier, search }, until Cognito sends the browser back. */
  var PENDING_KEY = 'paidan.adminSignIn';
  var SIGNED_OUT_KEY = 'paidan.adminSignedOut';
  var api = apiClient(store, function () { store.clear(); signedIn = false; showSignIn(t(HOSTED && !PASTE ? 'sessionExpired' : 'expired')); });
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
      add(app, [h('h2', { text: t('signInTitle') }), h('p', { text: t(COGNITO ? 'signInHostedIntro' : 'signInProviderIntro') }), flashNode,
        h('div', { id: PASTE ? 'sign-in-provider' : 'sign-in', class: 'actions' }, button)]);
      flash(message || '', Boolean(message));
      if (!PASTE) return;
    }
    var input = h('input', { type: 'password', name: 'token', autocomplete: 'off', spellcheck: 'false' });
    var form = h('form', { id: 'sign-in', novalidate: true, onsubmit: function (e) {
      e.preventDefault();
      var value = input.value.trim();
      if (!value) { flash(t('tokenMissing'), true); input.focus(); return; }
      store.set(value);
      start();
    } }, field(t('tokenLabel'), input).cell, h('button', { type: 'submit', text: t('signIn') }));
    if (HOSTED) { add(app, [h('p', { text: t('signInIntro') }), form]); return; }
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
    var idToken = store.get();
    store.clear();
    signedIn = false;
    if (HOSTED && !COGNITO && CONFIG.signInEndSessionEndpoint) {
      // RP-initiated logout: the provider ends its session and returns the browser to the console.
      try { sessionStorage.setItem(SIGNED_OUT_KEY, '1'); } catch (e) { /* ignore */ }
      var p = new URLSearchParams();
      p.set('client_id', CONFIG.signInClientId);
      p.set('post_logout_redirect_uri', location.origin + CONSOLE_PATH);
      if (idToken) p.set('id_token_hint', idToken);
      location.assign(withQuery(CONFIG.signInEndSessionEndpoint, p));
      return;
    }
    if (HOSTED && COGNITO) {
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

  ${signInPart}

  ${requestsPart}

  ${teamsPart}

  ${deadLettersPart}

  ${statsPart}

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
