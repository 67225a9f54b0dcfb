/** The resident's links to their own request, access token included. */
import { ConflictError } from '#shared/domain/errors';
import { ActionAlreadyDoneError } from '#shared/domain/resident-feedback';
import type { HttpRequest } from './request';
import type { HttpResult } from './response';
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

/**
 * A resident action posted from a status page that the request has moved past since (409: it
 * was accepted meanwhile, rated already, the week to reopen is over): back to the status page,
 * which says the action was not done and shows where the request is now; unless the resident's
 * own earlier tap did it (ActionAlreadyDoneError).
 */
export async function backToStatusPage(error: unknown, request: HttpRequest): Promise<HttpResult | undefined> {
  const id = request.pathParameters.id;
  const token = accessTokenOf(request);
  if (!(error instanceof ConflictError) || !id || !token) return undefined;
  // A second tap on what the first did: the page shows it done.
  if (error instanceof ActionAlreadyDoneError) return { status: 303, redirect: statusPageUrl(request, id, token) };
  return { status: 303, redirect: `${statusPageUrl(request, id, token)}&${CHANGED_PARAMETER}=1` };
}

/** The status page's query flags: the action just posted was not done, the request having changed; asking whether to cancel. */
export const CHANGED_PARAMETER = 'changed';
export const CONFIRM_CANCEL_PARAMETER = 'cancel';
