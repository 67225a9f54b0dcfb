/**
 * The admins' console's script (bundled by scripts/build-web.ts into the page, allowed by its
 * hash): sign-in and who it is (`GET /admin/me`), then the tabs (the request queue and a
 * request's detail, teams, volunteers and a person's certificates, statistics, dead letters for
 * the deployment's own admin) routed by the address's fragment.
 */
import { add, clear, h } from '../common/dom';
import { errorText, statusOf } from '../common/api';
import { loadAreaNames } from './area-names';
import { app, flash, flashNode, go, isCenter, isDeploymentAdmin, plainApi, session, staff, view } from './context';
import { showVolunteerCertificates } from './certificates';
import { showDeadLetters } from './dead-letters';
import { areaName, indexReference, type Service } from './names';
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

interface Me {
  readonly role?: unknown;
  readonly areaId?: unknown;
}

function start(): void {
  clear(app);
  add(app, h('p', { text: t('loading') }));
  // The reference data is public; /admin/me checks the token and says who the API takes them for.
  Promise.all([plainApi<{ services?: Service[] }>('GET', '/services'), plainApi<Me>('GET', '/admin/me')])
    .then(([services, me]) => {
      indexReference(services?.services);
      staff.role = me?.role === 'center' ? 'center' : 'station';
      staff.areaId = typeof me?.areaId === 'string' ? me.areaId : '';
      return loadAreaNames(plainApi, staff.areaId ? [staff.areaId] : []);
    })
    .then(
      () => {
        session.signedIn = true;
        clear(app);
        clear(nav);
        for (const name of TAB_NAMES.filter(offered)) {
          add(nav, h('li', {}, h('button', { type: 'button', 'data-tab': name, text: t(`tab_${name}`), onclick: () => go(`#${name}`) })));
        }
        add(nav, h('li', { class: 'end' }, h('button', { type: 'button', id: 'sign-out', text: t('signOut'), onclick: signIn.signOut })));
        add(app, [signedInAs(), h('nav', { 'aria-label': t('sections') }, nav), flashNode, view]);
        route();
      },
      // A 401 has shown the sign-in already (the token expired or carries no staff role).
      (e) => {
        if (statusOf(e) !== 401) signIn.show(errorText(e));
      },
    );
}

/** Who is signed in, in the header: the role and the area (the whole deployment for its own admin). */
function signedInAs(): HTMLParagraphElement {
  const role = t(staff.role === 'center' ? 'roleCenter' : 'roleStation');
  const area = staff.areaId ? areaName(staff.areaId) : t('allAreas');
  return h('p', { id: 'signed-in-as', text: t('signedInAs', { role, area }) });
}

/** Failed messages are the deployment's own admin's (the API refuses anyone else). */
const offered = (tab: Tab): boolean => tab !== 'dead-letters' || isDeploymentAdmin();

function isTab(name: string): name is Tab {
  return (TAB_NAMES as string[]).indexOf(name) >= 0 && offered(name as Tab);
}

function route(): void {
  if (!session.signedIn) return;
  const hash = location.hash.replace(/^#/, '');
  const detail = /^request\/([0-9a-z]{1,40})$/.exec(hash);
  // A person's certificates are a center admin's (the API refuses station staff): for anyone else the queue.
  const certificates = isCenter() ? /^certificates\/([0-9a-z]{20})$/.exec(hash) : null;
  const tab: Tab = detail ? 'requests' : certificates ? 'volunteers' : isTab(hash) ? hash : 'requests';
  for (const b of Array.from(nav.querySelectorAll('button'))) {
    if (b.getAttribute('data-tab') === tab) b.setAttribute('aria-current', 'page');
    else b.removeAttribute('aria-current');
  }
  flash('');
  if (detail?.[1]) showDetail(detail[1]);
  else if (certificates?.[1]) showVolunteerCertificates(certificates[1]);
  else TABS[tab]();
}
window.addEventListener('hashchange', route);

signIn.resume();
