/**
 * What the admins' console's views share: the token, who is signed in, the API, the page's
 * regions and the live region for outcomes.
 */
import { type Api, apiClient, errorText, statusOf, type TokenStore, tokenStore } from '../common/api';
import { areaIdsIn, loadAreaNames } from './area-names';
import { flasher, h } from '../common/dom';
import { HOSTED, PASTE } from './sign-in-config';
import { t } from './texts';

const token = tokenStore('paidan.adminToken');
/** When this tab kept its token, by this computer's clock (ms): how long it has had it, whatever that clock's error. */
const keptAt = tokenStore('paidan.adminTokenKeptAt');
/** The tab's token, and when it was kept (tokenSecondsLeft). */
export const store: TokenStore = {
  get: () => token.get(),
  set(value) {
    token.set(value);
    keptAt.set(String(Date.now()));
  },
  clear() {
    token.clear();
    keptAt.clear();
  },
  get memory() {
    return token.memory;
  },
  set memory(value) {
    token.memory = value;
  },
};
export const app = document.getElementById('app') as HTMLElement;
export const flashNode = h('p', { class: 'flash', role: 'status' });
export const flash = flasher(flashNode);
export const view = h('section', { id: 'view', 'aria-labelledby': 'view-title' });

export const session = {
  signedIn: false,
  /** Shows the sign-in, with a message; main.ts sets it (sign-in.ts knows how staff sign in). */
  showSignIn: (_message?: string): void => {},
};

/**
 * Who is signed in, as the API decides every call (`GET /admin/me`, read once after sign-in): the
 * console offers only what the API allows them. No area: the deployment's own center admin.
 */
export const staff: { role: 'center' | 'station' | ''; areaId: string } = { role: '', areaId: '' };

/** A center admin, of any area: certificates, the service-record export, erasure, work units. */
export const isCenter = (): boolean => staff.role === 'center';
/** The deployment's own center admin (no area): failed messages. */
export const isDeploymentAdmin = (): boolean => isCenter() && !staff.areaId;
/** Their area holds more than one community (a street or above; a community's code has 12 digits): moves between them are theirs. */
export const coversCommunities = (): boolean => (staff.areaId ? staff.areaId.length < 12 : isCenter());

/** What a view keeps of the one signed in (a name it was opened with): dropped with the sign-in. */
export const onSignOut: (() => void)[] = [];

/** Signed out: the token and who it was forgotten. */
export function forgetSignIn(): void {
  store.clear();
  session.signedIn = false;
  staff.role = '';
  staff.areaId = '';
  for (const forget of onSignOut) forget();
}

/** The token is no longer good: forget it and sign in again, the next one to sign in in this tab starting on the queue. */
export function expire(message: string): void {
  forgetSignIn();
  if (location.hash) location.hash = '';
  session.showSignIn(message);
}

/** The token's claims (a JWT's middle part), or null for a token that is not one. */
function claims(): { exp?: unknown; iat?: unknown } | null {
  try {
    const part = (store.get() || store.memory).split('.')[1] ?? '';
    const bytes = atob(
      part
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(part.length / 4) * 4, '='),
    );
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(bytes, (c) => c.charCodeAt(0)))) as { exp?: unknown; iat?: unknown };
  } catch {
    return null;
  }
}

/**
 * Seconds until the token's `exp`, or Infinity when it names none (the API then decides). By this
 * computer's clock, unless that says less than the token's lifetime (`exp` − `iat`) less the time
 * this tab has had it: a station PC's clock set hours ahead (a wrong time zone) must not block the
 * 代点单 form, and a token is kept only after it was issued, so the larger is never too small.
 */
export function tokenSecondsLeft(): number {
  const { exp, iat } = claims() ?? {};
  if (typeof exp !== 'number') return Number.POSITIVE_INFINITY;
  const byClock = exp - Date.now() / 1000;
  const since = Number(keptAt.get() || keptAt.memory);
  if (typeof iat !== 'number' || !since) return byClock;
  return Math.max(byClock, exp - iat - (Date.now() - since) / 1000);
}

const call = apiClient(store, () => expire(t(HOSTED && !PASTE ? 'sessionExpired' : 'expired')));

/** Staff answers whose areas the console names by id (the statistics bring their areas' names). */
const namesAreas = (path: string) =>
  path.indexOf('/admin/') === 0 && path.indexOf('/admin/stats') !== 0 && path.indexOf('/admin/areas') !== 0;

/** The API, each staff answer's areas named (read by id) before it is shown. */
export const api: Api = <T>(method: string, path: string, body?: unknown) =>
  call<T>(method, path, body).then((data) => (namesAreas(path) ? loadAreaNames(call, areaIdsIn(data)).then(() => data) : data));
/** The API as it is, for reads of the areas themselves. */
export const plainApi = call;
/** The API with a 401 left to the caller (the 代点单 form keeps what was typed and asks to sign in beside it). */
export const keepingApi = apiClient(store, () => {});

/** An API call failed: say why, unless it was a 401 (the sign-in already says so). */
export function failed(e: unknown): void {
  if (e && statusOf(e) !== 401) flash(errorText(e), true);
}

/** To a view by its hash; the same hash again shows it afresh. */
export function go(hash: string): void {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}

/** Empties the view and gives it a heading (focused, so a screen reader hears where it is). */
export function newView(title: string): HTMLHeadingElement {
  while (view.firstChild) view.removeChild(view.firstChild);
  const heading = h('h2', { id: 'view-title', tabindex: '-1', text: title });
  view.appendChild(heading);
  heading.focus();
  return heading;
}
