/**
 * Verifies a staff bearer token, an ID token only, against the one configured OpenID Connect
 * issuer with `jose`, and maps its claims to the staff member (`staff-claims.ts`). The same code runs in Lambda and in the
 * local stack (against its in-process provider). In AWS the HTTP API's JWT authorizer checks the
 * same issuer and audience first; the function checks again because it reads the claims itself
 * and must not depend on every route being wired behind the authorizer.
 *
 * The key set comes from the issuer's discovery document, fetched once per cold start; jose's
 * remote key set caches the keys and refetches (at most every 30 s) only for an unknown key id.
 */
import { createRemoteJWKSet, errors, type JWTHeaderParameters, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { SignInUnavailableError, UnauthorizedError } from '#shared/domain/errors';
import type { Staff } from '#shared/domain/staff';
import { staffFromClaims } from './staff-claims';
import { STAFF_SIGN_IN_ENV } from '#shared/topology/topology';
import { isIssuerUrl, parseStaffSignIn, type StaffSignInConfig } from './staff-sign-in';

/**
 * RSA signatures only: all that API Gateway's JWT authorizer accepts, so a token the function
 * takes is one the gateway takes too. Never `none`, never a shared-secret HMAC.
 */
export const STAFF_TOKEN_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];

/** Seconds of clock difference allowed between the issuer and this machine. */
const CLOCK_TOLERANCE_SECONDS = 30;
const FETCH_TIMEOUT_MS = 5_000;

export interface StaffTokenVerifier {
  /** The verified claims, or UnauthorizedError (401); SignInUnavailableError (503) when the issuer's keys cannot be had. */
  claims(authorization: string | undefined): Promise<JWTPayload>;
  /** The staff member behind an `Authorization: Bearer` header, or UnauthorizedError. */
  staff(authorization: string | undefined): Promise<Staff>;
}

const refused = () => new UnauthorizedError('An admin sign-in is required');

/** What the staff sign-in uses of an issuer's discovery document (OpenID Connect Discovery 1.0). */
export interface IssuerMetadata {
  readonly jwksUri: URL;
  readonly authorizationEndpoint?: string;
  readonly tokenEndpoint?: string;
  /** RP-initiated logout, when the provider offers it. */
  readonly endSessionEndpoint?: string;
}

/** An endpoint as trustworthy as the issuer: https (plain http on loopback only, locally). */
function endpoint(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return isIssuerUrl(value.split('?')[0]!, { allowLoopbackHttp: true }) ? value : undefined;
}

/** `https://issuer/.well-known/openid-configuration`, after checking it names this issuer and a usable key set. */
export async function discoverIssuer(issuer: string): Promise<IssuerMetadata> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`discovery answered ${response.status}`);
  const document = (await response.json()) as Record<string, unknown>;
  if (document.issuer !== issuer) throw new Error('discovery names another issuer');
  const jwksUri = endpoint(document.jwks_uri);
  if (!jwksUri) throw new Error('discovery names no usable jwks_uri');
  return {
    jwksUri: new URL(jwksUri),
    authorizationEndpoint: endpoint(document.authorization_endpoint),
    tokenEndpoint: endpoint(document.token_endpoint),
    endSessionEndpoint: endpoint(document.end_session_endpoint),
  };
}

/** Errors that say the token is bad (401), as opposed to the issuer being unreachable (503). */
function isTokenFault(error: unknown): boolean {
  return (
    error instanceof errors.JWTExpired ||
    error instanceof errors.JWTClaimValidationFailed ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys ||
    error instanceof errors.JOSEAlgNotAllowed ||
    error instanceof errors.JOSENotSupported ||
    error instanceof errors.JWKInvalid
  );
}

/**
 * An ID token for this client, nothing else. An access token need not carry the area claim
 * (Cognito's never carry custom attributes), and a center admin without an area is the whole
 * deployment's: taking one would widen a city's admin to everything. So `aud` must name the
 * client (an ID token always does; Cognito's access tokens name it only in `client_id`, which
 * API Gateway's authorizer accepts but this check does not), Cognito's `token_use`, when present,
 * must be `id`, and a token marked as an access token (RFC 9068's `typ: at+jwt` header, Keycloak's
 * `typ: Bearer` claim) is refused.
 */
function isIdTokenFor(header: JWTHeaderParameters, payload: JWTPayload, clientId: string): boolean {
  const audience = Array.isArray(payload.aud) ? payload.aud.includes(clientId) : payload.aud === clientId;
  if (!audience) return false;
  if (payload.token_use !== undefined && payload.token_use !== 'id') return false;
  if (typeof header.typ === 'string' && /^(application\/)?at\+jwt$/i.test(header.typ)) return false;
  return typeof payload.typ !== 'string' || payload.typ.toLowerCase() !== 'bearer';
}

export function staffTokenVerifier(config: StaffSignInConfig): StaffTokenVerifier {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const keySet = () => {
    keys ??= discoverIssuer(config.issuer).then(
      (metadata) => createRemoteJWKSet(metadata.jwksUri, { timeoutDuration: FETCH_TIMEOUT_MS }),
      (error: unknown) => {
        // Tried again on the next call rather than failing the rest of this instance's life.
        keys = undefined;
        throw new SignInUnavailableError(error instanceof Error ? error.message : String(error));
      },
    );
    return keys;
  };

  const claims = async (authorization: string | undefined): Promise<JWTPayload> => {
    const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/i.exec(authorization?.trim() ?? '')?.[1];
    if (!token) throw refused();
    const getKey = await keySet();
    let payload: JWTPayload;
    let header: JWTHeaderParameters;
    try {
      ({ payload, protectedHeader: header } = await jwtVerify(token, getKey, {
        issuer: config.issuer,
        algorithms: STAFF_TOKEN_ALGORITHMS,
        requiredClaims: ['sub', 'exp', 'iat'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (error) {
      if (isTokenFault(error)) throw refused();
      throw new SignInUnavailableError(error instanceof Error ? error.name : String(error));
    }
    // A logout token (OpenID back-channel logout) also names the client as audience: never a sign-in.
    if (!isIdTokenFor(header, payload, config.clientId) || payload.events !== undefined) throw refused();
    return payload;
  };

  return {
    claims,
    staff: async (authorization) => staffFromClaims(await claims(authorization), config),
  };
}

/** The verifier for a function's STAFF_SIGN_IN (from `functionEnv`), made once at cold start. */
export function staffTokensOf(env: { readonly [STAFF_SIGN_IN_ENV]: string }): StaffTokenVerifier {
  return staffTokenVerifier(parseStaffSignIn(env[STAFF_SIGN_IN_ENV]));
}
