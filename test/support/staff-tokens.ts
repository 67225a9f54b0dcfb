/**
 * Staff tokens for tests. Good ones come from the local stack's OpenID provider through its own
 * sign-in (`stack.adminTokens`, or `signedIn` for another account); the ones a provider would
 * never issue (expired, for another audience or issuer, with a key it does not publish) are made
 * here with `jose`, signed with the provider's key unless the case is the key itself.
 */
import { generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import type { LocalStaffAccount } from '#infra/local/identity-provider';
import type { LocalStack } from '#infra/local/local-stack';

/** An ID token of `account` (one of the stack's accounts), from the provider's own endpoints. */
export async function signedIn(stack: LocalStack, account: Pick<LocalStaffAccount, 'login' | 'password'>): Promise<string> {
  return (await stack.identity.signIn(account.login, account.password)).idToken;
}

export interface ForgedToken {
  /** Claims over the defaults: the demo center admin's, for the console client, issued now for an hour. */
  readonly claims?: JWTPayload;
  /** Claims left out of the defaults. */
  readonly without?: readonly string[];
  /** Sign with a new key under this key id instead of the provider's. */
  readonly foreignKid?: string;
  /** The header's `typ` (none by default, as the provider's ID tokens). */
  readonly typ?: string;
}

export async function forgedToken(stack: LocalStack, options: ForgedToken = {}): Promise<string> {
  const { staffSignIn, signingKey } = stack.identity;
  const now = Math.floor(Date.now() / 1000);
  const claims: JWTPayload = {
    iss: staffSignIn.issuer,
    aud: staffSignIn.clientId,
    sub: 'local-center-admin',
    email: 'center-admin@paidan.local',
    [staffSignIn.roleClaim]: [staffSignIn.centerRole],
    iat: now,
    exp: now + 3600,
    ...options.claims,
  };
  for (const name of options.without ?? []) delete claims[name];
  const key = options.foreignKid ? (await generateKeyPair('RS256')).privateKey : signingKey.privateKey;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: options.foreignKid ?? signingKey.kid, ...(options.typ ? { typ: options.typ } : {}) })
    .sign(key);
}

/** The token with one character of its signature changed (in the middle: the last one may only carry padding bits). */
export function withAlteredSignature(token: string): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const at = Math.floor(signature.length / 2);
  const swapped = signature[at] === 'A' ? 'B' : 'A';
  return `${header}.${payload}.${signature.slice(0, at)}${swapped}${signature.slice(at + 1)}`;
}

/** The token with its payload changed and the provider's signature kept. */
export function withAlteredClaims(token: string, change: JWTPayload): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const claims = { ...(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as JWTPayload), ...change };
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}
