/**
 * Which OpenID Connect issuer staff sign in with, and where its tokens carry the role and the
 * station's area. One schema for both ends: synth builds it from the context options (so a bad
 * value fails `cdk synth` with a sentence), and every admin function reads it back from
 * STAFF_SIGN_IN at cold start. Plain data and zod: no AWS, no CDK.
 */
import * as z from '#shared/domain/zod';
import { STAFF_SIGN_IN_ENV } from '#shared/topology/topology';

/**
 * What the stack's own Cognito user pool puts into its tokens: the groups it creates and the
 * custom attribute of a station's area. The default issuer in the global partition.
 */
export const cognitoClaims = {
  roleClaim: 'cognito:groups',
  areaClaim: 'custom:areaId',
  centerRole: 'center-admin',
  stationRole: 'station-staff',
} as const;

/**
 * Claim names and role values for any other issuer unless the deployer names their own: a group
 * list `groups` (Keycloak's group membership mapper) and a `paidan_area` claim.
 */
export const oidcClaimDefaults = {
  roleClaim: 'groups',
  areaClaim: 'paidan_area',
  centerRole: cognitoClaims.centerRole,
  stationRole: cognitoClaims.stationRole,
} as const;

/** Loopback hosts: the only ones where an issuer may be plain http (the local stack's provider). */
const loopback = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * An issuer identifier (OpenID Connect Discovery, section 2): https, no query, no fragment; tokens
 * must name it in `iss` character for character.
 */
export function isIssuerUrl(value: string, options: { allowLoopbackHttp?: boolean } = {}): boolean {
  const url = URL.parse(value);
  if (!url || url.search || url.hash || url.username || url.password || value.includes('#') || value.includes('?')) return false;
  if (url.protocol === 'https:') return true;
  return options.allowLoopbackHttp === true && url.protocol === 'http:' && loopback.has(url.hostname);
}

/** A claim name as providers write them: `groups`, `cognito:groups`, `https://example.org/roles`, `realm_access.roles`. */
const claimName = z.string().check(z.regex(/^[\x21-\x7e]{1,200}$/, 'a claim name: 1 to 200 printable characters, no spaces'));
/** A role value (a group name or a role claim's value); no spaces or commas, as a group list may be written `[a b]` or `a,b`. */
const roleValue = z.string().check(z.regex(/^[^\s,[\]]{1,200}$/, 'a role name: 1 to 200 characters, no spaces, commas or brackets'));

export const staffSignInConfig = z
  .object({
    /** The `iss` of accepted tokens; its discovery document names the key set (`jwks_uri`). */
    issuer: z.string().check(z.refine((v) => isIssuerUrl(v, { allowLoopbackHttp: true }), 'an https issuer URL without query or fragment')),
    /** The console's client id: accepted tokens name it in `aud` (or, without `aud`, in `client_id`). */
    clientId: z.string().check(z.regex(/^[\x21-\x7e]{1,255}$/, 'a client id: 1 to 255 printable characters')),
    /** The claim holding the role: a list of groups or a single role value. */
    roleClaim: claimName,
    /** The claim holding a station's area id. */
    areaClaim: claimName,
    centerRole: roleValue,
    stationRole: roleValue,
  })
  .check(z.refine((c) => c.centerRole !== c.stationRole, { message: 'the two roles must differ', path: ['stationRole'] }));

export type StaffSignInConfig = z.infer<typeof staffSignInConfig>;
export type StaffClaimNames = Pick<StaffSignInConfig, 'roleClaim' | 'areaClaim' | 'centerRole' | 'stationRole'>;

/** The staff sign-in from STAFF_SIGN_IN's JSON, or undefined when it is not one. */
export function staffSignInOf(json: string): StaffSignInConfig | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  const result = staffSignInConfig.safeParse(parsed);
  return result.success ? result.data : undefined;
}

/** STAFF_SIGN_IN's JSON, checked by `functionEnv` at cold start; throws naming the variable otherwise. */
export function parseStaffSignIn(json: string): StaffSignInConfig {
  const config = staffSignInOf(json);
  if (!config) throw new Error(`Environment is missing or invalid: ${STAFF_SIGN_IN_ENV}`);
  return config;
}
