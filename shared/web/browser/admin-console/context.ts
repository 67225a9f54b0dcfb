/**
 * What the admins' console's views share: the token, who is signed in, the API, the page's
 * regions and the live region for outcomes.
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

/** Signed out: the token and who it was forgotten. */
export function forgetSignIn(): void {
  store.clear();
  session.signedIn = false;
  staff.role = '';
  staff.areaId = '';
}

/** The token is no longer good: forget it and sign in again. */
export function expire(message: string): void {
  forgetSignIn();
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
