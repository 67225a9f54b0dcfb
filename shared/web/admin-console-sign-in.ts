/**
 * The admins' console's sign-in at the staff sign-in's issuer (Cognito managed login, or any
 * OpenID Connect provider's endpoints): the authorization code grant with PKCE (RFC 7636, S256),
 * the verifier and state in sessionStorage, the code exchanged for the ID token.
 * A part of the console's one script (see admin-console-script.ts): it runs inside that
 * script's closure and uses its helpers and state.
 */
export const signInPart = String.raw`// Sign-in at the issuer (authorization code grant with PKCE)

  /** url with the parameters added (after its own query, if it has one). */
  function withQuery(url, params) { return url + (url.indexOf('?') < 0 ? '?' : '&') + params.toString(); }

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
      if (COGNITO) {
        // Managed login's pages in the console's language.
        q.set('lang', LANG === 'en' ? 'en' : 'zh-CN');
        location.assign(CONFIG.signInDomainUrl + '/oauth2/authorize?' + q.toString());
      } else {
        // The standard way to ask a provider for the page language (OpenID Connect Core 3.1.2.1).
        q.set('ui_locales', LANG === 'en' ? 'en' : 'zh-CN');
        location.assign(withQuery(CONFIG.signInAuthorizationEndpoint, q));
      }
    }, function () { flash(t('signInUnavailable'), true); });
  }

  /** Back from the provider with ?code&state (or ?error): check, exchange, keep the ID token. */
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
    fetch(COGNITO ? CONFIG.signInDomainUrl + '/oauth2/token' : CONFIG.signInTokenEndpoint, {
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
  }`;
