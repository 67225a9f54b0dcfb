/**
 * Staff sign-in at the issuer configured (sign-in-config.ts): Cognito managed login, or any
 * OpenID Connect provider's endpoints. The OAuth 2.0 authorization code grant with PKCE
 * (RFC 7636, S256): a random verifier and state kept in sessionStorage, the browser sent to the
 * authorization endpoint, and on its return to /console?code&state the state checked, the code
 * taken off the address bar, and the code exchanged at the token endpoint for the ID token,
 * which is then the tab's token exactly like a pasted one. No refresh token is kept: when the ID
 * token expires (an hour) the API answers 401 and the console shows "Sign in" again (the
 * provider may then sign in without asking, while its own session lasts). Without that config,
 * or locally beside it, the token is pasted.
 */
import { add, clear, field, h } from '../common/dom';
import { LANG } from '../common/texts';
import { app, flash, flashNode, forgetSignIn, store } from './context';
import { COGNITO, CONFIG, CONSOLE_PATH, HOSTED, PASTE } from './sign-in-config';
import { t } from './texts';

/** The sign-in under way: { state, verifier, search }, until the provider sends the browser back. */
const PENDING_KEY = 'paidan.adminSignIn';
const SIGNED_OUT_KEY = 'paidan.adminSignedOut';

interface Pending {
  readonly state?: unknown;
  readonly verifier?: unknown;
  readonly search?: unknown;
}

/** url with the parameters added (after its own query, if it has one). */
function withQuery(url: string, params: URLSearchParams): string {
  return url + (url.indexOf('?') < 0 ? '?' : '&') + params.toString();
}

/** RFC 4648 base64url without padding. */
function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const byte of bytes) s += String.fromCharCode(byte);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** 32 random bytes as 43 base64url characters: a PKCE verifier (RFC 7636 wants 43 to 128) or a state. */
function randomKey(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return base64url(bytes);
}

/** The page options to come back to (?lang, ?size): the callback URL is the bare /console. */
function pageOptionsQuery(): string {
  const from = new URLSearchParams(location.search);
  const keep = new URLSearchParams();
  for (const k of ['lang', 'size']) {
    const value = from.get(k) || '';
    if (/^[a-z]{1,8}$/.test(value)) keep.set(k, value);
  }
  const s = keep.toString();
  return s ? `?${s}` : '';
}

/** Remembers, across the provider's logout page, to say "signed out" when the console is back. */
function markSignedOut(): void {
  try {
    sessionStorage.setItem(SIGNED_OUT_KEY, '1');
  } catch {
    // ignore
  }
}

function beginSignIn(): void {
  if (!window.isSecureContext || !window.crypto || !crypto.subtle || !window.TextEncoder) {
    flash(t('signInUnavailable'), true);
    return;
  }
  const verifier = randomKey();
  const state = randomKey();
  crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)).then(
    (digest) => {
      try {
        sessionStorage.setItem(PENDING_KEY, JSON.stringify({ state, verifier, search: pageOptionsQuery() }));
      } catch {
        flash(t('signInUnavailable'), true);
        return;
      }
      const q = new URLSearchParams();
      q.set('response_type', 'code');
      q.set('client_id', CONFIG.signInClientId ?? '');
      q.set('redirect_uri', location.origin + CONSOLE_PATH);
      q.set('scope', 'openid email profile');
      q.set('state', state);
      q.set('code_challenge', base64url(new Uint8Array(digest)));
      q.set('code_challenge_method', 'S256');
      if (COGNITO) {
        // Managed login's pages in the console's language.
        q.set('lang', LANG === 'en' ? 'en' : 'zh-CN');
        location.assign(`${CONFIG.signInDomainUrl}/oauth2/authorize?${q.toString()}`);
      } else {
        // The standard way to ask a provider for the page language (OpenID Connect Core 3.1.2.1).
        q.set('ui_locales', LANG === 'en' ? 'en' : 'zh-CN');
        location.assign(withQuery(CONFIG.signInAuthorizationEndpoint ?? '', q));
      }
    },
    () => flash(t('signInUnavailable'), true),
  );
}

/** The console's sign-in and sign-out; onSignedIn runs once the tab has a token. */
export function staffSignIn(onSignedIn: () => void) {
  function show(message?: string): void {
    clear(app);
    if (HOSTED) {
      const button = h('button', { type: 'button', id: 'sign-in-start', text: t('signIn'), onclick: beginSignIn });
      add(app, [
        h('h2', { text: t('signInTitle') }),
        h('p', { text: t(COGNITO ? 'signInHostedIntro' : 'signInProviderIntro') }),
        flashNode,
        h('div', { id: PASTE ? 'sign-in-provider' : 'sign-in', class: 'actions' }, button),
      ]);
      flash(message || '', Boolean(message));
      if (!PASTE) return;
    }
    const input = h('input', { type: 'password', name: 'token', autocomplete: 'off', spellcheck: 'false' });
    const form = h(
      'form',
      {
        id: 'sign-in',
        novalidate: true,
        onsubmit: (e) => {
          e.preventDefault();
          const value = input.value.trim();
          if (!value) {
            flash(t('tokenMissing'), true);
            input.focus();
            return;
          }
          store.set(value);
          onSignedIn();
        },
      },
      field(t('tokenLabel'), input).cell,
      h('button', { type: 'submit', text: t('signIn') }),
    );
    if (HOSTED) {
      add(app, [h('p', { text: t('signInIntro') }), form]);
      return;
    }
    add(app, [h('h2', { text: t('signInTitle') }), h('p', { text: t('signInIntro') }), flashNode, form]);
    flash(message || '', Boolean(message));
  }

  /** Back from the provider with ?code&state (or ?error): check, exchange, keep the ID token. */
  function finish(params: URLSearchParams): void {
    let pending: Pending | null = null;
    try {
      pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) || 'null') as Pending | null;
      sessionStorage.removeItem(PENDING_KEY);
    } catch {
      pending = null;
    }
    const search = typeof pending?.search === 'string' ? pending.search : '';
    const back = CONSOLE_PATH + (pending && /^(\?[a-z=&]*)?$/.test(search) ? search : '');
    // The code is used once and belongs in no address bar, bookmark or history entry.
    history.replaceState(null, '', back + location.hash);
    const code = params.get('code');
    if (!pending || !code || !pending.state || params.get('state') !== pending.state || typeof pending.verifier !== 'string') {
      show(t('signInFailed'));
      return;
    }
    clear(app);
    add(app, h('p', { text: t('signingIn') }));
    const body = new URLSearchParams();
    body.set('grant_type', 'authorization_code');
    body.set('client_id', CONFIG.signInClientId ?? '');
    body.set('code', code);
    body.set('redirect_uri', location.origin + CONSOLE_PATH);
    body.set('code_verifier', pending.verifier);
    fetch(COGNITO ? `${CONFIG.signInDomainUrl}/oauth2/token` : (CONFIG.signInTokenEndpoint ?? ''), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
      credentials: 'omit',
      cache: 'no-store',
    })
      .then((res) =>
        res
          .json()
          .catch(() => null)
          .then((data: { id_token?: unknown } | null) => {
            if (!res.ok || !data || typeof data.id_token !== 'string' || !data.id_token) throw new Error('no ID token');
            return data.id_token;
          }),
      )
      .then(
        (idToken) => {
          store.set(idToken);
          // The page came back as /console in the default language and size; load the chosen ones.
          if (back !== CONSOLE_PATH) location.reload();
          else onSignedIn();
        },
        () => show(t('signInFailed')),
      );
  }

  function signOut(): void {
    const idToken = store.get();
    forgetSignIn();
    if (HOSTED && !COGNITO && CONFIG.signInEndSessionEndpoint) {
      // RP-initiated logout: the provider ends its session and returns the browser to the console.
      markSignedOut();
      const p = new URLSearchParams();
      p.set('client_id', CONFIG.signInClientId ?? '');
      p.set('post_logout_redirect_uri', location.origin + CONSOLE_PATH);
      if (idToken) p.set('id_token_hint', idToken);
      location.assign(withQuery(CONFIG.signInEndSessionEndpoint, p));
      return;
    }
    if (HOSTED && COGNITO) {
      // Ends Cognito's own session too, or "Sign in" would go straight back in; Cognito then
      // returns the browser to the console.
      markSignedOut();
      const q = new URLSearchParams();
      q.set('client_id', CONFIG.signInClientId ?? '');
      q.set('logout_uri', location.origin + CONSOLE_PATH);
      location.assign(`${CONFIG.signInDomainUrl}/logout?${q.toString()}`);
      return;
    }
    location.hash = '';
    show();
    flash(t('signedOut'));
  }

  /** On load: finish a sign-in the provider sent back, go on with the tab's token, or ask to sign in. */
  function resume(): void {
    const returned = new URLSearchParams(location.search);
    if (HOSTED && (returned.has('code') || returned.has('error'))) finish(returned);
    else if (store.get()) onSignedIn();
    else {
      show();
      let signedOut = false;
      try {
        signedOut = sessionStorage.getItem(SIGNED_OUT_KEY) === '1';
        sessionStorage.removeItem(SIGNED_OUT_KEY);
      } catch {
        // ignore
      }
      if (signedOut) flash(t('signedOut'));
    }
  }

  return { show, signOut, resume };
}
