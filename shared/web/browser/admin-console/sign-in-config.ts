/**
 * How staff sign in on this deployment, from the page's config block (admin-console.ts): at
 * Cognito's domain, at another OpenID Connect provider's endpoints, or by pasting a token.
 */
import { pageConfig } from '../common/texts';
import { ADMIN_CONSOLE_PATH } from '../../console-paths';

export const CONFIG = pageConfig();
/** Cognito's domain: its own paths, managed login's lang and its /logout. */
export const COGNITO = Boolean(CONFIG.signInDomainUrl);
/** Sign-in through the issuer configured (in AWS, and locally with the in-process provider). */
export const HOSTED = Boolean(CONFIG.signInClientId && (COGNITO || (CONFIG.signInAuthorizationEndpoint && CONFIG.signInTokenEndpoint)));
/** The token may be pasted: without a sign-in, or locally beside it. */
export const PASTE = !HOSTED || CONFIG.signInPasteToken === 'yes';
/** The console's path: the sign-in's redirect URI. */
export const CONSOLE_PATH = ADMIN_CONSOLE_PATH;
