/**
 * The admins' console (`GET /console`) for center admins and station staff. Sign-in:
 * - "Sign in" runs the OAuth 2.0 authorization code grant with PKCE against the staff sign-in's
 *   issuer: the stack's Cognito user pool's domain (managed login asks for the password and the
 *   authenticator code), or any other OpenID Connect provider's endpoints (a Keycloak, a
 *   government sign-in; locally the in-process provider); the ID token it returns is the
 *   console's token for the tab;
 * - locally, also by pasting the ID token `npm start` prints.
 * Then
 * - the request queue with filters (status, area, service, dates, overdue) and overdue flags,
 * - a request's detail with its timeline: dispatch by hand to a chosen candidate, reject with
 *   a reason, cancel,
 * - team management: create, change, pause and resume, a new token,
 * - dead letters and their redrive (center admins),
 * - the statistics dashboard: KPIs, bar charts (inline SVG) of needs by service and by area,
 *   team load, recruitment hints, and the CSV export.
 * One page, one inline script allowed by its hash (`console-shell.ts`; the script's source is
 * TypeScript in `browser/admin-console/`, bundled into `generated/`); all data comes from the
 * admin API with `Authorization: Bearer` and is put into the page as text only.
 */
import { adminConsoleTexts } from './admin-console-texts';
import { consoleScript, isConnectOrigin, isHttpsOrigin, renderConsolePage } from './console-shell';
import { adminConsoleScript } from './generated/admin-console-script';
import type { Lang } from './i18n';
import { ADMIN_CONSOLE_PATH } from './links';

/** The script from shared/web/browser/admin-console/, bundled by `npm run build:web`. */
const script = consoleScript(adminConsoleScript);

/** Where staff sign in with Cognito: the user pool's domain (its https origin) and the app client. */
export interface CognitoSignIn {
  /** `https://<prefix>.auth.<region>.amazoncognito.com`: no path, no trailing slash. */
  readonly domainUrl: string;
  readonly clientId: string;
}

/** Where staff sign in with any other OpenID Connect provider: its endpoints (from its discovery document) and the client. */
export interface ProviderSignIn {
  readonly clientId: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  /** RP-initiated logout, when the provider has it: signing out of the console ends the provider's session too. */
  readonly endSessionEndpoint?: string;
  /** The local stack only (its provider is on the loopback address): a token may also be pasted. */
  readonly pasteToken?: boolean;
}

export type StaffSignIn = CognitoSignIn | ProviderSignIn;

/** A Cognito app client id (`[\w+]+`, at most 128 characters). */
export function isClientId(value: string): boolean {
  return /^[\w+]{1,128}$/.test(value);
}

/** An https URL (loopback http locally) whose origin may go into connect-src. */
function endpointOrigin(url: string): string | undefined {
  const parsed = URL.parse(url);
  return parsed && isConnectOrigin(parsed.origin) && !parsed.username && !parsed.password ? parsed.origin : undefined;
}

/** The page's config block and the origins its script may fetch from, for one sign-in. */
function signInPage(signIn: StaffSignIn): { config: Record<string, string>; connectTo: string[] } {
  if ('domainUrl' in signIn) {
    if (!isHttpsOrigin(signIn.domainUrl) || !isClientId(signIn.clientId)) {
      throw new Error('The console sign-in needs an https origin as its domain and a Cognito app client id.');
    }
    return { config: { signInDomainUrl: signIn.domainUrl, signInClientId: signIn.clientId }, connectTo: [signIn.domainUrl] };
  }
  const tokenOrigin = endpointOrigin(signIn.tokenEndpoint);
  const valid =
    tokenOrigin !== undefined &&
    endpointOrigin(signIn.authorizationEndpoint) !== undefined &&
    (signIn.endSessionEndpoint === undefined || endpointOrigin(signIn.endSessionEndpoint) !== undefined) &&
    /^[\x21-\x7e]{1,255}$/.test(signIn.clientId);
  if (!valid) throw new Error("The console sign-in needs https origins for the provider's endpoints and a printable client id.");
  return {
    config: {
      signInClientId: signIn.clientId,
      signInAuthorizationEndpoint: signIn.authorizationEndpoint,
      signInTokenEndpoint: signIn.tokenEndpoint,
      ...(signIn.endSessionEndpoint ? { signInEndSessionEndpoint: signIn.endSessionEndpoint } : {}),
      ...(signIn.pasteToken ? { signInPasteToken: 'yes' } : {}),
    },
    // The browser goes to the authorization and end-session endpoints by navigation; only the token endpoint is fetched.
    connectTo: [tokenOrigin],
  };
}

export interface AdminConsoleOptions {
  readonly lang: Lang;
  readonly large: boolean;
  /** Without it staff paste a token; with it the page may also reach that domain (connect-src) and nothing else. */
  readonly signIn?: StaffSignIn;
}

export function renderAdminConsole(options: AdminConsoleOptions) {
  const { signIn, ...page } = options;
  const hosted = signIn ? signInPage(signIn) : undefined;
  const l = adminConsoleTexts[options.lang];
  return renderConsolePage({
    ...page,
    title: l.title!,
    path: ADMIN_CONSOLE_PATH,
    intro: l.intro!,
    noScript: l.noScript!,
    texts: l,
    script,
    ...(hosted ?? {}),
  });
}
