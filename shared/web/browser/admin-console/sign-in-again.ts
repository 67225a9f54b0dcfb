/**
 * Signing in again beside the 代点单 form, so that what staff typed stays on screen. Where a token
 * may be pasted, a token box right there, in this tab. Where signing in leaves the page for the
 * provider, a button to the sign-in: the form is not kept (no draft is stored, so nothing of a
 * resident outlives the page on a shared PC), and the message says so first.
 */
import { add, field, h } from '../common/dom';
import { expire, store } from './context';
import { PASTE } from './sign-in-config';
import { t } from './texts';

/**
 * A panel saying `message` with the way to sign in again; `signedIn` runs once a new token is
 * kept for this tab. Leaving for the provider, the sign-in page says `leaving`.
 */
export function signInAgain(message: string, signedIn: () => void, leaving = message): HTMLElement {
  const panel = h('div', { class: 'panel', id: 'proxy-sign-in', role: 'alert' }, h('p', { text: message }));
  if (!PASTE) {
    const leave = () => expire(leaving);
    add(panel, h('div', { class: 'actions' }, h('button', { type: 'button', text: t('proxySignInAgain'), onclick: leave })));
    return panel;
  }
  const input = h('input', { type: 'password', name: 'token', autocomplete: 'off', spellcheck: 'false' });
  const keep = (e: Event) => {
    e.preventDefault();
    const value = input.value.trim();
    if (!value) {
      input.focus();
      return;
    }
    store.set(value);
    signedIn();
  };
  add(
    panel,
    h(
      'form',
      { novalidate: true, onsubmit: keep },
      field(t('tokenLabel'), input).cell,
      h('button', { type: 'submit', text: t('proxySignInAgain') }),
    ),
  );
  return panel;
}
