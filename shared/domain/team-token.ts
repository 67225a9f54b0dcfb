/**
 * A team's API token: `<teamId>.<secret>`, the secret 32 random bytes. Only its SHA-256 is
 * stored; a wrong, unknown or malformed token is refused the same way.
 */
import { newAccessToken, sha256, tokenMatches } from './identifiers';

export interface IssuedTeamToken {
  readonly token: string;
  readonly hash: string;
}

export function issueTeamToken(teamId: string): IssuedTeamToken {
  const secret = newAccessToken();
  return { token: `${teamId}.${secret}`, hash: sha256(secret) };
}

/** The team id a bearer token claims, and its secret; undefined when it is not of the form. */
export function parseTeamToken(header: string | undefined): { teamId: string; secret: string } | undefined {
  const match = /^Bearer ([a-z0-9-]{2,40})\.([A-Za-z0-9_-]{43})$/.exec(header ?? '');
  return match ? { teamId: match[1]!, secret: match[2]! } : undefined;
}

export function teamTokenMatches(secret: string, storedHash: string | undefined): boolean {
  return storedHash !== undefined && tokenMatches(secret, storedHash);
}
