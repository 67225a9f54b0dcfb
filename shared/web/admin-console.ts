/**
 * The admins' console (`GET /console`) for center admins and station staff. Sign-in:
 * - in AWS, through Cognito: "Sign in" runs the OAuth 2.0 authorization code grant with PKCE
 *   against the user pool's domain (managed login asks for the password and the authenticator
 *   code), and the ID token it returns is the console's token for the tab;
 * - without a sign-in domain (the local stack), by pasting the ID token `npm start` prints.
 * Then
 * - the request queue with filters (status, area, service, dates, overdue) and overdue flags,
 * - a request's detail with its timeline: dispatch by hand to a chosen candidate, reject with
 *   a reason, cancel,
 * - team management: create, change, pause and resume, a new token,
 * - dead letters and their redrive (center admins),
 * - the statistics dashboard: KPIs, bar charts (inline SVG) of needs by service and by area,
 *   team load, recruitment hints, and the CSV export.
 * One page, one inline script allowed by its hash (`console-shell.ts`); all data comes from the
 * admin API with `Authorization: Bearer` and is put into the page as text only.
 */
import { adminConsoleSource } from './admin-console-script';
import { adminConsoleTexts } from './admin-console-texts';
import { consoleScript, isHttpsOrigin, renderConsolePage } from './console-shell';
import type { Lang } from './i18n';
import { ADMIN_CONSOLE_PATH } from './links';

const script = consoleScript(adminConsoleSource);

/** Where staff sign in: the Cognito domain (its https origin) and the app client. */
export interface StaffSignIn {
  /** `https://<prefix>.auth.<region>.amazoncognito.com`: no path, no trailing slash. */
  readonly domainUrl: string;
  readonly clientId: string;
}

/** A Cognito app client id (`[\w+]+`, at most 128 characters). */
export function isClientId(value: string): boolean {
  return /^[\w+]{1,128}$/.test(value);
}

export interface AdminConsoleOptions {
  readonly lang: Lang;
  readonly large: boolean;
  /** Without it staff paste a token; with it the page may also reach that domain (connect-src) and nothing else. */
  readonly signIn?: StaffSignIn;
}

export function renderAdminConsole(options: AdminConsoleOptions) {
  const { signIn, ...page } = options;
  if (signIn && (!isHttpsOrigin(signIn.domainUrl) || !isClientId(signIn.clientId))) {
    throw new Error('The console sign-in needs an https origin as its domain and a Cognito app client id.');
  }
  const l = adminConsoleTexts[options.lang];
  return renderConsolePage({
    ...page,
    title: l.title!,
    path: ADMIN_CONSOLE_PATH,
    intro: l.intro!,
    noScript: l.noScript!,
    texts: l,
    script,
    ...(signIn ? { config: { signInDomainUrl: signIn.domainUrl, signInClientId: signIn.clientId }, connectTo: [signIn.domainUrl] } : {}),
  });
}
