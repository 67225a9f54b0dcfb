/** The resident's links to their own request, access token included. */
import type { HttpRequest } from './request';
import { pageOptions } from './page-options';

function withToken(request: HttpRequest, path: string, token: string, keepPageOptions: boolean): string {
  const query = new URLSearchParams({ token });
  if (keepPageOptions) {
    const { lang, large } = pageOptions(request);
    if (lang === 'en') query.set('lang', 'en');
    if (large) query.set('size', 'large');
  }
  return `${request.origin}${path}?${query.toString()}`;
}

export const statusPageUrl = (request: HttpRequest, id: string, token: string, keepPageOptions = true) =>
  withToken(request, `/requests/${encodeURIComponent(id)}`, token, keepPageOptions);

/** The URL of a resident action on their request: `cancel`, `rating` or `reopen`. */
export const actionUrl = (request: HttpRequest, id: string, token: string, action: 'cancel' | 'rating' | 'reopen') =>
  withToken(request, `/requests/${encodeURIComponent(id)}/${action}`, token, true);

/** The access token a caller presents: the `X-Access-Token` header, or `?token=` from a link. */
export const accessTokenOf = (request: HttpRequest): string | undefined => request.headers['x-access-token'] ?? request.query.token;
