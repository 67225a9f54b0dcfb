/** What the team console's parts share: the token, the API and the live region for outcomes. */
import { apiClient, errorText, statusOf, tokenStore } from '../common/api';
import { flasher, h } from '../common/dom';
import { t } from './texts';

export const store = tokenStore('paidan.teamToken');
export const app = document.getElementById('app') as HTMLElement;
export const flashNode = h('p', { class: 'flash', role: 'status' });
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
