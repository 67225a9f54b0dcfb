/**
 * The order this browser sent last from the order form: its id and access token in a cookie, kept
 * as long as the form's content repeat is (`WEB_REPEAT_WINDOW_MINUTES`). A different order sent
 * while that one is open asks first (`AlreadySent`). HttpOnly and SameSite=Strict: no script and
 * no other site's form can use it; over https `__Host-` (this host only, Secure).
 */
import { secureCookies } from '#shared/domain/sign-in';
import { WEB_REPEAT_WINDOW_MINUTES } from '#shared/use-cases/submit-request';
import type { HttpRequest } from './request';

const NAME = 'paidan_last_order';
const nameOf = (secure: boolean) => (secure ? `__Host-${NAME}` : NAME);

export function lastOrderCookie(publicUrl: string, id: string, accessToken: string): string {
  const secure = secureCookies(publicUrl);
  const maxAge = WEB_REPEAT_WINDOW_MINUTES * 60;
  return `${nameOf(secure)}=${id}.${accessToken}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** The last order this browser sent, if its cookie is well formed. */
export function lastOrderOf(publicUrl: string, request: HttpRequest): { id: string; accessToken: string } | undefined {
  const value = request.cookies[nameOf(secureCookies(publicUrl))];
  const match = value ? /^([0-9a-z]{20})\.([A-Za-z0-9_-]{43})$/.exec(value) : null;
  return match ? { id: match[1]!, accessToken: match[2]! } : undefined;
}
