/** What the team console's parts share: the token, the API and the live region for outcomes. */
import { apiClient, errorText, statusOf, tokenStore } from '../common/api';
import { flasher, h } from '../common/dom';
import { t } from './texts';

export const store = tokenStore('paidan.teamToken');
export const app = document.getElementById('app') as HTMLElement;
// Focusable, so a refused step far down the page can bring the reader to it (`refused`).
export const flashNode = h('p', { class: 'flash', role: 'status', tabindex: -1 });
export const flash = flasher(flashNode);

export const session = {
  /** Shows the sign-in, with a message; main.ts sets it. */
  showSignIn: (_message?: string): void => {},
  /** Reads the offers and orders again (announcing it, or not); main.ts sets it. */
  load: (_announce: boolean): Promise<void> => Promise.resolve(),
};

export const api = apiClient(store, () => {
  store.clear();
  session.showSignIn(t('expired'));
});

/** An API call failed: say why, unless it was a 401 (the sign-in already says so). */
export function failed(e: unknown): void {
  if (statusOf(e) !== 401) flash(errorText(e), true);
}

/**
 * A step on an offer, order or wish was refused: say why where the leader looks (the line is
 * scrolled to and focused), and when the thing is gone or changed (404, 409: cancelled, taken
 * back, answered elsewhere) read the lists again, so nothing, no contact least of all, stays on
 * screen that is no longer the team's.
 */
export function refused(e: unknown, after?: string): void {
  const status = statusOf(e);
  if (status === 401) return;
  flash(after ? `${errorText(e)} ${after}` : errorText(e), true);
  flashNode.focus();
  if (status === 404 || status === 409) void session.load(false);
}
