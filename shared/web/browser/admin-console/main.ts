/**
 * The admins' console's script (bundled by scripts/build-web.ts into the page, allowed by its
 * hash): sign-in, then the tabs (the request queue and a request's detail, teams, statistics,
 * dead letters) routed by the address's fragment.
 */
import { add, clear, h } from '../common/dom';
import { errorText } from '../common/api';
import { app, api, flash, flashNode, go, session, view } from './context';
import { showDeadLetters } from './dead-letters';
import { indexReference, type Service } from './names';
import { showDetail, showRequests } from './requests';
import { staffSignIn } from './sign-in';
import { showStats } from './stats';
import { showTeams } from './teams';
import { showVolunteers } from './volunteers';
import { showWishes } from './wishes';
import { t } from './texts';

const TABS = {
  requests: showRequests,
  wishes: showWishes,
  teams: showTeams,
  volunteers: showVolunteers,
  stats: showStats,
  'dead-letters': showDeadLetters,
} as const;
type Tab = keyof typeof TABS;
const TAB_NAMES = Object.keys(TABS) as Tab[];

const nav = h('ul', { class: 'tabs' });
const signIn = staffSignIn(start);
session.showSignIn = signIn.show;

function start(): void {
  clear(app);
  add(app, h('p', { text: t('loading') }));
  // The reference data is public; the first admin call checks the token.
  api<{ services?: Service[] }>('GET', '/services').then(
    (services) => {
      indexReference(services?.services);
      session.signedIn = true;
      clear(app);
      clear(nav);
      for (const name of TAB_NAMES) {
        add(nav, h('li', {}, h('button', { type: 'button', 'data-tab': name, text: t(`tab_${name}`), onclick: () => go(`#${name}`) })));
      }
      add(nav, h('li', { class: 'end' }, h('button', { type: 'button', id: 'sign-out', text: t('signOut'), onclick: signIn.signOut })));
      add(app, [h('nav', { 'aria-label': t('sections') }, nav), flashNode, view]);
      route();
    },
    (e) => signIn.show(errorText(e)),
  );
}

function isTab(name: string): name is Tab {
  return (TAB_NAMES as string[]).indexOf(name) >= 0;
}

function route(): void {
  if (!session.signedIn) return;
  const hash = location.hash.replace(/^#/, '');
  const detail = /^request\/([0-9a-z]{1,40})$/.exec(hash);
  const tab: Tab = detail ? 'requests' : isTab(hash) ? hash : 'requests';
  for (const b of Array.from(nav.querySelectorAll('button'))) {
    if (b.getAttribute('data-tab') === tab) b.setAttribute('aria-current', 'page');
    else b.removeAttribute('aria-current');
  }
  flash('');
  if (detail?.[1]) showDetail(detail[1]);
  else TABS[tab]();
}
window.addEventListener('hashchange', route);

signIn.resume();
