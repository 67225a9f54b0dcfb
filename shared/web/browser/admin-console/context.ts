/**
 * What the admins' console's views share: the token, the API, the page's regions and the
 * live region for outcomes.
 */
import { type Api, apiClient, errorText, statusOf, tokenStore } from '../common/api';
import { areaIdsIn, loadAreaNames } from './area-names';
import { flasher, h } from '../common/dom';
import { HOSTED, PASTE } from './sign-in-config';
import { t } from './texts';

export const store = tokenStore('paidan.adminToken');
export const app = document.getElementById('app') as HTMLElement;
export const flashNode = h('p', { class: 'flash', role: 'status' });
export const flash = flasher(flashNode);
export const view = h('section', { id: 'view', 'aria-labelledby': 'view-title' });

export const session = {
  signedIn: false,
  /** Shows the sign-in, with a message; main.ts sets it (sign-in.ts knows how staff sign in). */
  showSignIn: (_message?: string): void => {},
};

/** The token is no longer good: forget it and sign in again. */
export function expire(message: string): void {
  store.clear();
  session.signedIn = false;
  session.showSignIn(message);
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
