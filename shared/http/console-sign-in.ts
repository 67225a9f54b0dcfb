/**
 * Where the staff console sends staff to sign in. With the stack's Cognito user pool: its domain
 * (known at deploy time). With any other issuer: the endpoints its discovery document names,
 * fetched once per cold start (the console's page needs the token endpoint's origin for its
 * policy before the browser could look). Locally the issuer is the in-process provider on the
 * loopback address, and the page may also take a pasted token.
 */
import { SignInUnavailableError } from '#shared/domain/errors';
import type { StaffSignIn } from '#shared/web/admin-console';
import type { StaffSignInConfig } from './staff-sign-in';
import { discoverIssuer } from './staff-token';

const isLoopback = (issuer: string) => URL.parse(issuer)?.protocol === 'http:';

/** The console's sign-in, computed once: `cognitoDomainUrl` '' for an issuer other than the stack's Cognito pool. */
export function consoleSignIn(cognitoDomainUrl: string, config: StaffSignInConfig): () => Promise<StaffSignIn> {
  if (cognitoDomainUrl) {
    const cognito = Promise.resolve({ domainUrl: cognitoDomainUrl, clientId: config.clientId });
    return () => cognito;
  }
  let discovered: Promise<StaffSignIn> | undefined;
  return () => {
    discovered ??= discoverIssuer(config.issuer).then(
      (metadata) => {
        if (!metadata.authorizationEndpoint || !metadata.tokenEndpoint) {
          throw new SignInUnavailableError('the issuer names no authorization or token endpoint');
        }
        return {
          clientId: config.clientId,
          authorizationEndpoint: metadata.authorizationEndpoint,
          tokenEndpoint: metadata.tokenEndpoint,
          ...(metadata.endSessionEndpoint ? { endSessionEndpoint: metadata.endSessionEndpoint } : {}),
          ...(isLoopback(config.issuer) ? { pasteToken: true } : {}),
        };
      },
      (error: unknown) => {
        // Asked again on the next page load rather than failing the rest of this instance's life.
        discovered = undefined;
        throw error instanceof SignInUnavailableError ? error : new SignInUnavailableError(String(error));
      },
    );
    return discovered;
  };
}
